"""Exports read back by the tools users load them with: pandas, DuckDB, pyarrow, a GeoJSON validator."""
from __future__ import annotations

import json

import duckdb
import geojson
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.export import ACLED_COLUMNS, OUR_COLUMNS

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from pathlib import Path

    path = tmp_path_factory.mktemp("exp") / "e.duckdb"
    examples = Path(__file__).resolve().parents[1] / "examples"
    res = runner.invoke(app, ["ingest", str(examples), "--db", str(path)])
    assert res.exit_code == 0, res.output
    return path


def export(db, tmp_path, fmt, *extra):
    out = tmp_path / f"out.{fmt}"
    res = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    return out


def test_csv_has_acled_columns_and_reads_in_pandas(db, tmp_path):
    df = pd.read_csv(export(db, tmp_path, "csv"))
    assert list(df.columns) == ACLED_COLUMNS + OUR_COLUMNS
    assert len(df) > 0
    assert df["event_date"].str.match(r"^\d{4}-\d\d-\d\d$").all()
    assert set(df["event_type"]) <= {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                     "Protests", "Riots", "Strategic developments"}
    assert df["latitude"].between(-90, 90).all() and df["event_id_cnty"].str.match(r"^[A-Z]{3}").all()


def test_geojson_is_valid_rfc7946_with_lon_lat(db, tmp_path):
    out = export(db, tmp_path, "geojson")
    fc = geojson.loads(out.read_text(encoding="utf-8"))
    assert fc.is_valid and fc["type"] == "FeatureCollection" and fc["features"]
    for f in fc["features"]:
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert abs(lat - f["properties"]["latitude"]) < 1e-6 and abs(lon - f["properties"]["longitude"]) < 1e-6
        assert f["properties"]["event_date"][:4].isdigit()


def test_parquet_is_typed_for_pyarrow_and_duckdb(db, tmp_path):
    out = export(db, tmp_path, "parquet")
    t = pq.read_table(out)
    types = {f.name: str(f.type) for f in t.schema}
    assert types["event_date"] == "date32[day]" and types["latitude"] == "double"
    assert types["report_count"] == "int64" and types["article_ids"].startswith("list")
    n = duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone()[0]
    assert n == t.num_rows > 0


def test_jsonl_incidents_carry_reports_and_evidence_text(db, tmp_path):
    out = export(db, tmp_path, "jsonl")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["reports"] for r in rows)
    for r in rows:
        assert r["report_count"] == len(r["reports"])
        for rep in r["reports"]:
            assert all(e["text"] for e in rep["evidence"])


def test_filters(db, tmp_path):
    all_rows = pd.read_csv(export(db, tmp_path, "csv"))
    ng = pd.read_csv(export(db, tmp_path, "csv", "--country", "Nigeria"))
    assert 0 < len(ng) < len(all_rows) and set(ng["country"]) == {"Nigeria"}
    late = pd.read_csv(export(db, tmp_path, "csv", "--since", "2024-01-01"))
    assert (late["event_date"] >= "2024-01-01").all()
    prot = pd.read_csv(export(db, tmp_path, "csv", "--type", "Protests"))
    assert set(prot["event_type"]) == {"Protests"}


def test_bad_filter_is_a_clear_error(db):
    res = runner.invoke(app, ["export", "--db", str(db), "--country", "Atlantis"])
    assert res.exit_code != 0 and "unknown country 'Atlantis'" in res.output
    res = runner.invoke(app, ["export", "--db", str(db), "--since", "yesterday"])
    assert res.exit_code != 0 and "--since must be a date" in res.output

"""The CLI in-process: extract as CONTRACT.md says, ingest/stats/export, help examples."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def test_every_command_help_has_an_example():
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0
        assert "Example:" in res.output, name


def test_extract_jsonl_in_input_order_with_errors(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "1", "date": "2023-03-02", "text": "MOSCOW (Reuters) - Police detained 40 protesters."}),
        "garbage",
        json.dumps({"id": "3", "date": "2023-03-02", "text": "Nothing happened in Paris on Monday."}),
    ]), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    res = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    objs = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [o.get("article", {}).get("id") for o in objs] == ["1", None, "3"]
    assert objs[1]["error"].startswith(f"{src}:2: not JSON")
    for k in ("places", "times", "actors", "quotes", "events"):
        assert isinstance(objs[0][k], list)
    assert objs[0]["article"]["dateline"]["text"] == "MOSCOW (Reuters)"
    assert "read 2" in res.output and "failed 1" in res.output


def test_extract_nothing_readable_exits_nonzero(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no date here", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(bad)])
    assert res.exit_code == 1
    assert "no date" in res.output


def test_extract_json_array_and_plain_text_date(tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("Protesters marched in Tbilisi on Sunday.", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(p), "--date", "2023-03-07", "--format", "json"])
    assert res.exit_code == 0
    arr = json.loads(res.stdout)
    assert arr[0]["article"]["date"] == "2023-03-07"


def test_ingest_stats_export_idempotent(tmp_path):
    db = str(tmp_path / "e.duckdb")
    r1 = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db])
    assert r1.exit_code == 0, r1.output
    assert "stored 5" in r1.output
    r2 = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db])
    assert "stored 0, skipped 5" in r2.output
    st = runner.invoke(app, ["stats", "--db", db, "--json"])
    counts = json.loads(st.stdout)["tables"]
    assert counts["articles"] == 5 and counts["events"] > 0
    assert counts["incidents"] > 0  # ingest merges reports into incidents
    ex = runner.invoke(app, ["export", "--db", db, "--format", "readings"])
    assert len([l for l in ex.stdout.splitlines() if l.startswith("{")]) == 5
    csv_out = tmp_path / "e.csv"
    ex = runner.invoke(app, ["export", "--db", db, "--format", "csv", "-o", str(csv_out)])
    assert ex.exit_code == 0 and csv_out.read_text(encoding="utf-8").startswith("event_id_cnty,event_date,year,")


def test_stats_without_store_is_a_clear_error(tmp_path):
    res = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "dateline ingest" in res.output


def test_bench_reports_ratio_and_stages():
    res = runner.invoke(app, ["bench", str(EXAMPLES / "wire.jsonl"), str(EXAMPLES), "--n", "3", "--json"])
    assert res.exit_code == 0, res.output
    fig = json.loads(res.stdout)
    assert fig["articles"] == 3 and fig["ratio"] > 0
    assert {"nlp", "places", "events"} <= set(fig["stages_ms_per_article"])
    assert fig["peak_rss_mb"]["main"] > 50


def test_ingest_bad_inputs_stored_as_failures_and_good_ones_kept(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("date 2023-03-02 MOSCOW (Reuters) - Police detained 40 protesters.", encoding="utf-8")
    (d / "latin1.txt").write_bytes("date 2023-03-02 Caf\xe9 bombed in Kabul.".encode("latin-1"))
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "huge.txt").write_text("date 2023-03-02 " + "x " * 600_000, encoding="utf-8")
    (d / "lines.jsonl").write_text('{"id": 1, "date": "2023-03-02"}\n[1, 2]\n', encoding="utf-8")
    db = str(tmp_path / "f.duckdb")
    res = runner.invoke(app, ["ingest", str(d), "--db", db, "--max-chars", "1000000"])
    assert res.exit_code == 0, res.output
    assert "read 1, stored 1" in res.output and "failed 5" in res.output
    from dateline.store import Store

    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT file, line, problem FROM failures ORDER BY file, line").fetchall()
    probs = {(f.split("/")[-1], line): p for f, line, p in rows}
    assert "empty" in probs[("empty.txt", 1)]
    assert "limit is 1,000,000" in probs[("huge.txt", 1)]
    assert "not UTF-8" in probs[("latin1.txt", 1)]
    assert "missing field(s) text" in probs[("lines.jsonl", 1)]
    assert "expected a JSON object" in probs[("lines.jsonl", 2)]


def test_extract_stdin():
    line = json.dumps({"id": "s", "date": "2023-03-02", "text": "KYIV (Reuters) - Sirens sounded on Monday."})
    res = runner.invoke(app, ["extract", "-"], input=line + "\n")
    assert res.exit_code == 0
    assert json.loads(res.stdout.splitlines()[0])["article"]["id"] == "s"


def test_workers_keep_input_order(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": str(i), "date": "2023-03-02",
                                         "text": f"Story {i}: police arrested {i} men in Lagos on Monday."})
                             for i in range(6)) + "\nnot json\n", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "--workers", "2"])
    assert res.exit_code == 0, res.output
    objs = [json.loads(l) for l in res.stdout.splitlines() if l.startswith("{")]
    assert [o.get("article", {}).get("id") for o in objs] == ["0", "1", "2", "3", "4", "5", None]
    one = runner.invoke(app, ["extract", str(src)])
    assert [l for l in one.stdout.splitlines() if l.startswith("{")] == \
           [l for l in res.stdout.splitlines() if l.startswith("{")]

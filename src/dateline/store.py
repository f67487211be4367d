"""The DuckDB store: tables derived from the reading schema in `article.py`, idempotent ingest.

Each layer table has one column per dataclass field (nested values as JSON) plus
`article_hash`, the content hash that keys every article. Ingest writes one transaction
per batch, so a killed run leaves only whole articles and a re-run fills in the rest
with no duplicate. Read failures go to `failures` with file, line and problem.
"""
from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Iterable

import duckdb
import pyarrow as pa

from . import article as schema
from .article import Reading, ReadError

# layer name on Reading -> dataclass of its rows
LAYERS: dict[str, type] = {
    "places": schema.Place,
    "times": schema.Time,
    "actors": schema.Actor,
    "quotes": schema.Quote,
    "events": schema.Event,
    "numbers": schema.Number,
}

_SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}
_ARROW_TYPES = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
                "BOOLEAN": pa.bool_(), "JSON": pa.string(), "TIMESTAMP": pa.timestamp("us"),
                "DATE": pa.date32()}


def _sql_type(tp) -> str:
    """SQL type of a dataclass field annotation; anything composite is stored as JSON."""
    if isinstance(tp, str):
        tp = eval(tp, vars(schema))  # annotations are strings under `from __future__`
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 1:
        tp = args[0]
    return _SQL_TYPES.get(tp, "JSON")


def layer_columns(cls: type) -> list[tuple[str, str]]:
    return [("article_hash", "VARCHAR")] + [(f.name, _sql_type(f.type)) for f in dataclasses.fields(cls)]


ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("hash", "VARCHAR PRIMARY KEY"), ("id", "VARCHAR"), ("date", "DATE"), ("title", "VARCHAR"),
    ("url", "VARCHAR"), ("source", "VARCHAR"), ("origin", "VARCHAR"), ("text", "VARCHAR"),
    ("dateline", "JSON"), ("pipeline_version", "VARCHAR"), ("reading", "JSON"),
    ("ingested_at", "TIMESTAMP"), ("source_kind", "VARCHAR"),
]
STAGE_ERROR_COLUMNS = [("article_hash", "VARCHAR"), ("stage", "VARCHAR"), ("code", "VARCHAR"),
                       ("message", "VARCHAR")]
FAILURE_COLUMNS = [("key", "VARCHAR PRIMARY KEY"), ("file", "VARCHAR"), ("line", "BIGINT"),
                   ("problem", "VARCHAR"), ("article_id", "VARCHAR"), ("at", "TIMESTAMP")]

# Incidents: reports of one happening merged (see incidents.py); columns follow ACLED's
# meanings where ACLED has one (event_date, location, latitude, geo_precision, ...).
INCIDENT_COLUMNS = [
    ("incident_id", "VARCHAR PRIMARY KEY"), ("plover", "VARCHAR"), ("acled_event_type", "VARCHAR"),
    ("acled_sub_event_type", "VARCHAR"), ("event_date", "DATE"), ("date_start", "DATE"),
    ("date_end", "DATE"), ("date_precision", "VARCHAR"), ("location", "VARCHAR"),
    ("geonameid", "BIGINT"), ("latitude", "DOUBLE"), ("longitude", "DOUBLE"),
    ("country_code", "VARCHAR"), ("admin1", "VARCHAR"), ("geo_precision", "BIGINT"),
    ("actor1", "VARCHAR"), ("actor2", "VARCHAR"), ("fatalities", "BIGINT"),
    ("verification", "VARCHAR"), ("claimant", "VARCHAR"), ("report_count", "BIGINT"),
    ("article_ids", "JSON"), ("notes", "VARCHAR"), ("sources", "VARCHAR"), ("created_at", "TIMESTAMP"),
    ("updated_at", "TIMESTAMP"),
]
INCIDENT_REPORT_COLUMNS = [
    ("incident_id", "VARCHAR"), ("article_hash", "VARCHAR"), ("event_id", "VARCHAR"),
    ("article_id", "VARCHAR"), ("source", "VARCHAR"), ("stance", "VARCHAR"),
    ("verification", "VARCHAR"), ("evidence", "JSON"),
]


@functools.lru_cache(maxsize=1)
def tables() -> dict[str, list[tuple[str, str]]]:
    out = {"articles": ARTICLE_COLUMNS}
    out.update({name: layer_columns(cls) for name, cls in LAYERS.items()})
    out["stage_errors"] = STAGE_ERROR_COLUMNS
    out["failures"] = FAILURE_COLUMNS
    out["incidents"] = INCIDENT_COLUMNS
    out["incident_reports"] = INCIDENT_REPORT_COLUMNS
    return out


def ddl() -> list[str]:
    return ["CREATE TABLE IF NOT EXISTS {} ({})".format(name, ", ".join(f'"{c}" {t}' for c, t in cols))
            for name, cols in tables().items()]


def _last_versions(readings: list[Reading]) -> list[Reading]:
    """Of the versions of one revised item in a batch (provenance.REVISABLE: same kind and id,
    other content), the one read last, as a later batch's version replaces an earlier one
    (`Store._drop_revised`) and as the lake keeps it (spark.py)."""
    from .provenance import REVISABLE

    last = {(r.article.id, r.article.source_kind): i for i, r in enumerate(readings)
            if r.article.source_kind in REVISABLE}
    return [r for i, r in enumerate(readings) if r.article.source_kind not in REVISABLE
            or last[(r.article.id, r.article.source_kind)] == i]


class Store:
    """An open DuckDB store. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path = "dateline.duckdb", *, read_only: bool = False):
        self.path = str(path)
        self.replaced = 0  # older readings the last `add` replaced (revised items)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            for stmt in ddl():
                self.con.execute(stmt)
            self._migrate()

    def _migrate(self) -> None:
        """Add columns that newer schema versions define to tables an older one created."""
        for name, cols in tables().items():
            have = {r[0] for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]).fetchall()}
            for col, typ in cols:
                if col not in have:
                    self.con.execute(f'ALTER TABLE {name} ADD COLUMN "{col}" {typ.split()[0]}')

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ---- ingest -------------------------------------------------------------------
    def known(self, hashes: Iterable[str]) -> set[str]:
        hs = list(set(hashes))
        if not hs:
            return set()
        rows = self.con.execute("SELECT hash FROM articles WHERE hash IN (SELECT unnest(?))", [hs]).fetchall()
        return {r[0] for r in rows}

    def add(self, readings: list[Reading], failures: list[ReadError] = ()) -> int:
        """Store a batch in one transaction; return how many articles were new."""
        readings = _last_versions(readings)
        known = self.known(r.article.content_hash for r in readings)
        new = [r for r in readings if r.article.content_hash not in known]
        seen: set[str] = set()
        new = [r for r in new if not (r.article.content_hash in seen or seen.add(r.article.content_hash))]
        rows: dict[str, list[dict]] = {name: [] for name in tables()}
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        for r in new:
            for name, rs in reading_rows(r, now).items():
                rows[name] += rs
        rows["failures"] += [failure_row(f, now) for f in failures]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.replaced = self._drop_revised(new)
            for name, rs in rows.items():
                if rs:
                    self._insert(name, rs)
            self.con.execute("COMMIT")
        except Exception as exc:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # a failed COMMIT has ended the transaction already
            if isinstance(exc, (duckdb.IOException, OSError)) or "write" in str(exc).lower() \
                    or "too large" in str(exc).lower() or "space" in str(exc).lower() or "read-only" in str(exc).lower():
                from .errors import E021, DatelineError
                raise DatelineError(E021, f"cannot write to the store {self.path}: {str(exc).splitlines()[0]}. "
                                          "Nothing stored before was changed; free disk space or make the store "
                                          "writable, then run the same command again (it adds only what is "
                                          "missing).") from exc
            raise
        return len(new)

    def _drop_revised(self, new: list[Reading]) -> int:
        """Remove the older readings of revised items (an edited Telegram post, an updated
        feed item: same kind and id, new content) so the new reading replaces them."""
        from .provenance import REVISABLE

        keys = [(r.article.id, r.article.source_kind) for r in new if r.article.source_kind in REVISABLE]
        if not keys:
            return 0
        fresh = [r.article.content_hash for r in new]
        old = [h for (h,) in self.con.execute(
            "SELECT a.hash FROM articles a JOIN (SELECT unnest(?) AS id, unnest(?) AS kind) k "
            "ON a.id = k.id AND a.source_kind = k.kind WHERE a.hash NOT IN (SELECT unnest(?))",
            [[k[0] for k in keys], [k[1] for k in keys], fresh]).fetchall()]
        if old:
            for name in ["articles", *LAYERS, "stage_errors"]:
                col = "hash" if name == "articles" else "article_hash"
                self.con.execute(f"DELETE FROM {name} WHERE {col} IN (SELECT unnest(?))", [old])
        return len(old)

    def _insert(self, name: str, rs: list[dict]) -> None:
        cols = tables()[name]
        arrow = pa.table({c: pa.array([r.get(c) for r in rs], type=_ARROW_TYPES[t.split()[0]])
                          for c, t in cols})
        self.con.register("_batch", arrow)
        try:
            conflict = " ON CONFLICT DO NOTHING" if name in ("articles", "failures") else ""
            self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch{conflict}")
        finally:
            try:
                self.con.unregister("_batch")
            except duckdb.Error:
                pass  # an aborted transaction refuses even this; the error that aborted it is raised

    # ---- read ---------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {name: self.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in tables()}

    def readings(self, *, batch: int = 500) -> Iterable[dict]:
        """Every stored reading as the contract's JSON object, streamed in ingest order."""
        cur = self.con.cursor()
        cur.execute("SELECT reading FROM articles ORDER BY ingested_at, id")
        while True:
            chunk = cur.fetchmany(batch)
            if not chunk:
                break
            for (js,) in chunk:
                yield json.loads(js)


def reading_rows(r: Reading, now: dt.datetime) -> dict[str, list[dict]]:
    """One reading as rows of the tables (articles, each layer, stage_errors), keyed by column
    name: what the store inserts and the Parquet lake (lake.py) writes."""
    h = r.article.content_hash
    a = r.article
    rows: dict[str, list[dict]] = {"articles": [{
        "hash": h, "id": a.id, "date": dt.date.fromisoformat(a.date), "title": a.title,
        "url": a.url, "source": a.source, "origin": a.origin, "text": a.text,
        "dateline": _json(a.dateline), "pipeline_version": schema.PIPELINE_VERSION,
        "reading": r.to_json(), "ingested_at": now, "source_kind": a.source_kind}]}
    for name in LAYERS:
        json_cols = {c for c, t in tables()[name] if t == "JSON"}
        rows[name] = []
        for item in getattr(r, name):
            row = {"article_hash": h}
            for f in dataclasses.fields(item):
                v = getattr(item, f.name)
                row[f.name] = _json(v) if f.name in json_cols else v
            rows[name].append(row)
    rows["stage_errors"] = [{"article_hash": h, **dataclasses.asdict(e)} for e in r.errors]
    return rows


def failure_row(f: ReadError, now: dt.datetime) -> dict:
    """A read failure as a row of `failures` (its key makes a re-run add no duplicate)."""
    return {"key": f"{f.file}:{f.line}:{f.problem}", "file": f.file, "line": f.line, "problem": f.problem,
            "article_id": f.id, "at": now}


def _json(v) -> str | None:
    if v is None:
        return None
    if dataclasses.is_dataclass(v):
        v = dataclasses.asdict(v)
    return json.dumps(v, ensure_ascii=False)

"""The Parquet lake `dateline spark` writes (spark.py), and how DuckDB reads it back.

    DIR/articles/year=2024/month=5/part-*.parquet     one folder per table, the store's columns
    DIR/places/ times/ actors/ quotes/ events/ numbers/ stage_errors/   (partitioned like articles)
    DIR/failures/year=.../month=.../                  read failures, by the year and month of the run
    DIR/incidents/ DIR/incident_reports/              rewritten whole by every run (not partitioned)
    DIR/_staging/<run>/                               a run's files until its commit (never read)

Columns and types are the DuckDB store's, from the one schema (`store.tables()`, derived from
`article.py`): nothing here names a column. The reading tables are partitioned by the article's
year and month (hive style, `year=YYYY/month=M`), so those two appear as columns to a reader
that asks for partitions; `open_lake` hides them, so its tables have exactly the store's shape.
"""
from __future__ import annotations

import datetime as dt
import glob
import json
from pathlib import Path
from typing import Iterable

import duckdb

from .errors import E019, DatelineError
from .store import LAYERS, tables

READING_TABLES = ["articles", *LAYERS, "stage_errors", "failures"]  # appended to by each run
MERGED_TABLES = ["incidents", "incident_reports"]  # rewritten whole by each run
PARTITION = ("year", "month")
STAGING = "_staging"


def columns(table: str) -> list[tuple[str, str]]:
    """(name, type) of a table, the type without constraints: VARCHAR, BIGINT, JSON ..."""
    return [(c, t.split()[0]) for c, t in tables()[table]]


def row_tuple(table: str, row: dict) -> tuple:
    """A row (dict by column, as store.reading_rows gives) as a tuple in column order, values
    coerced to the column's type (an int where a DOUBLE is due, say), as Spark's schema wants."""
    out = []
    for c, t in columns(table):
        v = row.get(c)
        if v is not None:
            if t == "DOUBLE":
                v = float(v)
            elif t == "BIGINT":
                v = int(v)
            elif t == "BOOLEAN":
                v = bool(v)
        out.append(v)
    return tuple(out)


def spark_type(sql: str):
    """The Spark type of a store column type. Timestamps are TIMESTAMP_NTZ: the store keeps UTC
    without a zone, and Parquet then says so (isAdjustedToUTC=false), so DuckDB reads TIMESTAMP."""
    from pyspark.sql import types as T

    return {"VARCHAR": T.StringType(), "JSON": T.StringType(), "BIGINT": T.LongType(),
            "DOUBLE": T.DoubleType(), "BOOLEAN": T.BooleanType(), "DATE": T.DateType(),
            "TIMESTAMP": T.TimestampNTZType()}[sql]


def spark_schema(table: str):
    """The Spark StructType of one table, column for column the store's."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(c, spark_type(t), True) for c, t in columns(table)])


# ---- reading the lake --------------------------------------------------------------------
def is_lake(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and any((p / t).is_dir() for t in READING_TABLES + MERGED_TABLES)


def _files(root: Path, table: str) -> str | None:
    """The glob of a table's Parquet files, or None when it has none yet."""
    pattern = str(root / table / "**" / "*.parquet")
    return pattern if glob.glob(pattern, recursive=True) else None


class Lake:
    """A lake opened for reading: an in-memory DuckDB whose views are the store's tables, read
    through DuckDB's Parquet reader (so `export` and `serve` use it as they use a store)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not is_lake(self.path):
            raise DatelineError(E019, f"{path} is not a dateline lake (no articles/, events/ ... folders): "
                                "write one with `dateline spark INPUT... --out DIR`")
        self.con = duckdb.connect(":memory:")
        try:
            for table in tables():
                self.con.execute(self._view(table))
        except duckdb.Error as exc:
            self.con.close()
            raise DatelineError(E019, f"cannot read the lake at {path}: {exc}") from None

    def _view(self, table: str) -> str:
        cols = columns(table)
        pattern = _files(self.path, table)
        if pattern is None:  # no file yet: an empty table of the same shape
            return "CREATE TABLE {} ({})".format(table, ", ".join(f'"{c}" {t}' for c, t in cols))
        select = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in cols)
        src = pattern.replace("'", "''")
        return (f"CREATE VIEW {table} AS SELECT {select} FROM read_parquet('{src}', "
                f"hive_partitioning = {str(table in READING_TABLES).lower()}, union_by_name = true)")

    def __enter__(self) -> "Lake":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def counts(self) -> dict[str, int]:
        return {name: self.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in tables()}

    def readings(self, *, batch: int = 500) -> Iterable[dict]:
        """Every reading as the contract's JSON object (as Store.readings)."""
        cur = self.con.cursor()
        cur.execute("SELECT reading FROM articles ORDER BY ingested_at, id")
        while chunk := cur.fetchmany(batch):
            for (js,) in chunk:
                yield json.loads(js)


def open_lake(path: str | Path) -> Lake:
    return Lake(path)


def now() -> dt.datetime:
    """UTC without a zone, as the store keeps times."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)

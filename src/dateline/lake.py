"""The Parquet lake `dateline spark` writes (spark.py), and how DuckDB reads it back.

    DIR/articles/year=2024/month=5/part-*.parquet     one folder per table, the store's columns
    DIR/places/ times/ actors/ quotes/ events/ numbers/ stage_errors/   (partitioned like articles)
    DIR/failures/year=.../month=.../                  read failures, by the year and month of the run
    DIR/incidents/ DIR/incident_reports/              rewritten whole by every run (not partitioned)
    DIR/_staging/<run>/                               a run's files until its commit (never read)
    DIR/_lock                                         the writing run's lock: who holds it (empty: free)

Columns and types are the DuckDB store's, from the one schema (`store.tables()`, derived from
`article.py`): nothing here names a column. The reading tables are partitioned by the article's
year and month (hive style, `year=YYYY/month=M`), so those two appear as columns to a reader
that asks for partitions; `open_lake` hides them, so its tables have exactly the store's shape.
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import socket
from pathlib import Path
from typing import Callable, Iterable

import duckdb

from .errors import E014, E019, DatelineError
from .store import LAYERS, tables

READING_TABLES = ["articles", *LAYERS, "stage_errors", "failures"]  # appended to by each run
MERGED_TABLES = ["incidents", "incident_reports"]  # rewritten whole by each run
PARTITION = ("year", "month")
STAGING = "_staging"
LOCK = "_lock"  # held by the run writing the lake (spark.lake_lock); names its holder


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


# ---- one writer at a time ------------------------------------------------------------------
def holder(run: str) -> dict:
    """Who holds a lake's lock: this process, host and run, and since when."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "run": run,
            "since": now().isoformat(timespec="seconds")}


def parse_holder(raw: bytes | str) -> dict | None:
    """A lock file's holder, or None when it names none (free, or unreadable)."""
    try:
        h = json.loads(raw or "null")
    except ValueError:
        return None
    return h if isinstance(h, dict) and "pid" in h else None


def describe(h: dict | None) -> str:
    if not h:
        return "a holder that did not say who it is"
    return f"PID {h.get('pid')} on {h.get('host')}, run {h.get('run')} since {h.get('since')} UTC"


def held_elsewhere(h: dict | None) -> bool:
    """Whether a lock's holder may still be running: always, unless it was on this host and its
    process is gone (a run killed before it could let go: its lock is stale)."""
    if not h or h.get("host") != socket.gethostname():
        return True
    try:
        os.kill(int(h["pid"]), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, TypeError):
        return True
    return True


def busy(lake: str, h: dict | None) -> DatelineError:
    return DatelineError(E014, f"the lake {lake} is being written by another run ({describe(h)}); one run "
                               "writes a lake at a time: run again when it ends (if no run is writing it, "
                               f"delete {lake.rstrip('/')}/{LOCK})")


def lock_local(root: Path, run: str, say: Callable[[str], None]) -> Callable[[], None]:
    """Take the lock of the lake at local `root` (an flock on root/_lock, which names the holder);
    return the function that lets it go. The kernel lets go of a killed run's lock, so a lock file
    naming a process that is gone is taken over; one that is held fails at once (E014)."""
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        was = parse_holder(os.pread(fd, 4096, 0))
        os.close(fd)
        raise busy(str(root), was) from None
    except OSError:  # a filesystem without flock (some network mounts): the caller falls back
        os.close(fd)
        raise
    was = parse_holder(os.pread(fd, 4096, 0))
    if was:
        say(f"took over the lock of the lake {root} from {describe(was)}, which ended without letting go")
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder(run)).encode(), 0)
    os.fsync(fd)

    def release() -> None:
        os.ftruncate(fd, 0)  # the file stays (removing it would race a run opening it): empty is free
        os.close(fd)

    return release

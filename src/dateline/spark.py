"""`dateline spark`: the same pipeline on Apache Spark (PySpark), into a Parquet lake (lake.py).

    lock      one run writes a lake at a time (lake_lock): another's fails at once (E014)
    inputs    listed on the driver through Hadoop's FileSystem: local paths, hdfs://, s3a://,
              globs; a folder is walked as `ingest` walks it (the same suffixes, the same ids)
    read      each file whole on an executor by the readers `ingest` uses (read.read_bytes); a
              JSONL file over SPLIT_BYTES is read in line splits instead (line numbers kept)
    skip      articles whose content hash the lake holds (an anti-join, when it holds any), and
              repeats in the run (in the pipeline's tasks: the articles are spread by hash);
              of a revised item's versions (Telegram, feeds) the last read, as `ingest` keeps
    pipeline  repartition, then mapPartitions: one Pipeline (one spaCy model, one gazetteer) per
              Python worker, kept for every later partition (worker_pipeline); the executor's
              Python daemon loads it before forking its workers (spark_daemon.py), so they share
              its pages, as `ingest --workers`'s forked processes do
    write     one wide row per article (its article columns and an array per layer), streamed to
              a staged Parquet file, then exploded into each table by Spark (no Python): Parquet,
              partitioned by year and month; the partitions holding versions a revised item
              replaces are rewritten without them
    merge     incidents over the whole lake: reports blocked by type family, country and date
              window, complete linkage in each block by `incidents.cluster` (the rules of dedup)
    commit    everything lands in DIR/_staging/<run> first; a marker, then a move into place.
              A run that dies before its marker leaves nothing (the next run deletes its files);
              one that dies during the move is finished by the next run (roll forward).

A bad record becomes a row of `failures` (file, line, problem with its code); a stage error stays
on its reading; an article whose whole batch fails is tried alone and, failing still, becomes a
failure too. No bad article fails the job.

pyspark is imported only in here and in lake's Spark helpers, and only when called: the base
install runs without it. `session()` says how to install it when it is missing.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
import uuid
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from . import incidents, lake as L
from .article import Article, ReadError
from .errors import E001, E010, E017, E018, DatelineError
from .read import MAX_CHARS

REPLACE = "_replace"  # in a staged run: partitions rewritten without the articles revised since
SPLIT_BYTES = 64 << 20  # a JSONL file bigger than this is read in line splits, not whole
BATCH = 16  # articles per nlp.pipe batch, as `ingest` runs them
_ARTICLE_IN = ["hash", "id", "date", "text", "title", "url", "source", "source_kind", "origin", "seq"]
_FAILURE_IN = ["key", "file", "line", "problem", "article_id"]


# ---- the session ------------------------------------------------------------------------------
def session(master: str | None = None, *, partitions: int | None = None, app_name: str = "dateline",
            conf: dict | None = None, pipeline: dict | None = None):
    """A SparkSession. Under spark-submit the cluster's own settings win (master included); run
    directly, it is `master` (default local[*]) with the Python workers on this interpreter.
    Each executor's Python daemon loads the pipeline for `pipeline` (a config; the default one
    when not given) before it forks its workers (spark_daemon.py)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DatelineError(E018, "Spark is not installed: pip install 'dateline[spark]' (PySpark; it needs "
                                  "Java 17: apt-get install openjdk-17-jre-headless)") from None
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM and set its conf
    if not submitted and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise DatelineError(E018, "Spark needs Java 17 and none was found: apt-get install "
                                  "openjdk-17-jre-headless (or set JAVA_HOME)")
    b = SparkSession.builder.appName(app_name)
    if not submitted:
        b = b.master(master or "local[*]")
        # workers run this interpreter (a venv's spaCy and model), not whatever python3 is on PATH
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        if (master or "local[*]").startswith("local"):  # not 200 shuffle partitions on one machine
            cores = (master or "local[*]")[6:-1] if "[" in (master or "local[*]") else "1"
            cores = (os.cpu_count() or 2) if cores in ("*", "") else int(cores.split(",")[0])
            b = b.config("spark.sql.shuffle.partitions", str(partitions or max(2, 4 * cores)))
            # The JVM here only moves rows (the Python workers do the reading): its C2 compiler took
            # 5-6 CPU-seconds per 1,000 articles off the two cores, and C1's code is fast enough
            b = b.config("spark.driver.defaultJavaOptions", "-XX:TieredStopAtLevel=1")
            # a small Parquet input in one task, not one per core: each table's write is then one
            # task (half the per-task cost after the pipeline); big inputs still split by 128 MB
            b = b.config("spark.sql.files.minPartitionNum", "1")
        b = b.config("spark.ui.showConsoleProgress", "false")
    settings = {
        "spark.python.worker.reuse": "true",  # the default; the model cache per worker relies on it
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        "spark.sql.sources.partitionOverwriteMode": "static",
        "spark.python.daemon.module": "dateline.spark_daemon",
        "spark.executorEnv.DATELINE_PIPELINE_CONFIG": json.dumps(pipeline or _default_config()),
        # task outputs go straight into the run's staging folder (our own marker and move make the
        # run atomic), so the committer's second round of renames buys nothing
        "spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version": "2",
        # a task writes its few year/month partitions side by side instead of sorting its rows
        "spark.sql.maxConcurrentOutputFileWriters": "24",
        **(conf or {}),
    }
    for k, v in settings.items():
        b = b.config(k, v)
    try:
        spark = b.getOrCreate()
    except Exception as exc:  # no Java, a JVM that would not start, a bad master URL
        raise DatelineError(E018, f"Spark could not start ({type(exc).__name__}: {str(exc)[:300]}); it needs "
                                  "Java 17 (apt-get install openjdk-17-jre-headless) and a reachable --master")
    if not submitted:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def _default_config() -> dict:
    from .pipeline import load_config

    return load_config()


# ---- the worker's pipeline --------------------------------------------------------------------
_PIPES: dict[str, object] = {}
LOADS = 0  # Pipelines this process has made (a test checks it stays at one per worker)


def worker_pipeline(config: dict):
    """This Python worker's Pipeline for `config`: made and warmed (model, gazetteer, vocabularies)
    at the first partition, then reused by every later one (Spark reuses its Python workers)."""
    global LOADS
    from .pipeline import Pipeline

    key = json.dumps(config, sort_keys=True, default=str)
    pipe = _PIPES.get(key)
    if pipe is None:
        _PIPES.clear()  # a worker keeps one model, not one per config it ever saw
        pipe = _PIPES[key] = Pipeline(config)
        pipe.warm()
        LOADS += 1
    return pipe


def warm_workers(spark, config: dict, n: int | None = None) -> list[tuple[int, int]]:
    """Make every Python worker load its pipeline now (bench: before the clock); (pid, loads)."""
    sc = spark.sparkContext
    n = n or sc.defaultParallelism

    def load(_):
        worker_pipeline(config)
        time.sleep(0.5)  # hold the slot, so the other tasks start workers of their own
        from . import spark as me

        yield os.getpid(), me.LOADS

    return sc.parallelize(range(n), n).mapPartitions(load).collect()


# ---- inputs -----------------------------------------------------------------------------------
def _art(a: Article, seq: int) -> tuple:
    return ("a", a.content_hash, a.id, a.date, a.text, a.title, a.url, a.source, a.source_kind, a.origin, seq)


def _fail(e: ReadError) -> tuple:
    return ("f", f"{e.file}:{e.line}:{e.problem}", e.file, e.line, e.problem, e.id)


def _item(x: Article | ReadError, seq: int = 0) -> tuple:
    return _art(x, seq) if isinstance(x, Article) else _fail(x)


def _seq(file: int, n: int) -> int:
    """An item's place in the run's input (the files in the order given, each top to bottom): of
    two versions of a revised item in one run, the later one is kept."""
    return (file << 32) + n


def plan(spark, inputs: Iterable[str], *, date: str | None = None, max_chars: int = MAX_CHARS,
         fetch: bool = False) -> tuple[list[tuple[str, str, str | None, int]], list[tuple]]:
    """The files to read, as (uri, name, rel, bytes), and items read here on the driver (standard
    input, http(s) URLs, paths that match nothing). `name` is what `ingest` calls the file (its
    origin and failures say it), `rel` its path below a folder given (the id of a .txt or .html)."""
    from .read import read_inputs
    from .read.folder import SUFFIXES

    sc = spark.sparkContext
    hadoop = sc._jvm.org.apache.hadoop.fs
    conf = sc._jsc.hadoopConfiguration()
    files: list[tuple[str, str, str | None, int]] = []
    items: list[tuple] = []
    for inp in inputs:
        inp = str(inp)
        if inp == "-" or inp.lower().startswith(("http://", "https://")):
            items += [_item(x, len(items)) for x in read_inputs([inp], date=date, max_chars=max_chars, fetch=fetch)]
            continue
        local = "://" not in inp and not inp.startswith("file:")
        path = hadoop.Path(inp)
        fs = path.getFileSystem(conf)
        found = fs.globStatus(path)
        if not found:
            items.append(_fail(ReadError(str(Path(inp)) if local else inp, None, f"no such file or folder [{E001}]")))
            continue
        for st in found:
            uri = st.getPath().toString()
            shown = (str(Path(inp)) if len(found) == 1 else st.getPath().toUri().getPath()) if local else uri
            if not st.isDirectory():
                files.append((uri, shown, None, st.getLen()))
                continue
            walk = fs.listFiles(st.getPath(), True)
            below = []
            while walk.hasNext():
                f = walk.next()
                furi = f.getPath().toString()
                rel = furi[len(uri):].lstrip("/")
                if PurePosixPath(rel).suffix.lower() in SUFFIXES:
                    below.append((PurePosixPath(rel).parts, furi, rel, f.getLen()))
            for _, furi, rel, size in sorted(below):  # the order of read_folder's walk
                files.append((furi, str(Path(shown) / rel) if local else furi, rel, size))
    return files, items


def _read_file(uri_raw, meta: dict, date, max_chars, fetch=False) -> Iterator[tuple]:
    """One file's items (executor side), by the readers `ingest` uses; a reader's unforeseen
    exception ends that file with an E017 failure, as read_path does."""
    from .read import read_bytes
    from .read.folder import named_by_file

    uri, raw = uri_raw
    name, rel, file = meta.get(uri) or (uri, None, 0)
    try:
        for n, x in enumerate(read_bytes(bytes(raw), name=name, date=date, max_chars=max_chars, fetch=fetch)):
            yield _item(named_by_file(x, Path(rel)) if rel else x, _seq(file, n))
    except (Exception, RecursionError) as exc:
        yield _fail(ReadError(name, None, f"the reader failed on this file ({type(exc).__name__}: "
                                          f"{str(exc)[:200]}); this is a bug in dateline: please report it "
                                          f"with the file [{E017}]"))


def _read_line(line_n, name: str, max_chars: int, file: int = 0) -> Iterator[tuple]:
    """One line of a big JSONL file read in splits: bytes and its 0-based number."""
    from .read.jsonl import read_jsonl

    raw, i = line_n
    n = i + 1
    if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield _fail(ReadError(name, n, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start} of the "
                                       "line) [E003]"))
        return
    for x in read_jsonl(text, name=name, max_chars=max_chars):
        if isinstance(x, Article):
            x.origin = f"{name}:{n}"
        else:
            x.line = n
        yield _item(x, _seq(file, i))


def read_items(spark, inputs, *, date=None, max_chars=MAX_CHARS, fetch=False, partitions: int | None = None):
    """An RDD of ("a", article fields..., seq) and ("f", failure fields...) tuples."""
    sc = spark.sparkContext
    files, driver_items = plan(spark, inputs, date=date, max_chars=max_chars, fetch=fetch)
    rdds = [sc.parallelize(driver_items, 1)] if driver_items else []
    numbered = [(k, *f) for k, f in enumerate(files, 1)]  # driver items come first (file 0)
    small = [f for f in numbered if not (f[1].lower().endswith(".jsonl") and f[4] > SPLIT_BYTES)]
    big = [f for f in numbered if f[1].lower().endswith(".jsonl") and f[4] > SPLIT_BYTES]
    if small:
        meta = sc.broadcast({uri: (name, rel, k) for k, uri, name, rel, _ in small})
        # explicit paths, commas escaped (Hadoop splits the list on them)
        paths = ",".join(uri.replace(",", "\\,") for _, uri, *_ in small)
        n = max(1, min(len(small), partitions or sc.defaultParallelism))
        rdds.append(sc.binaryFiles(paths, minPartitions=n)
                    .flatMap(lambda kv, m=meta: _read_file(kv, m.value, date, max_chars, fetch)))
    for k, uri, name, _, size in big:
        lines = sc.textFile(uri, minPartitions=max(2, size // SPLIT_BYTES), use_unicode=False).zipWithIndex()
        rdds.append(lines.flatMap(lambda li, nm=name, k=k: _read_line(li, nm, max_chars, k)))
    if not rdds:
        return sc.emptyRDD()
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


# ---- the pipeline on the executors -------------------------------------------------------------
def wide_schema():
    """One row per article read: the article's columns, year and month, then an array of rows per
    layer table, stage_errors and failures (an article the pipeline could not read)."""
    from pyspark.sql import types as T

    fields = list(L.spark_schema("articles").fields)
    fields += [T.StructField("year", T.IntegerType()), T.StructField("month", T.IntegerType())]
    for t in [*L.LAYERS, "stage_errors", "failures"]:
        fields.append(T.StructField(t, T.ArrayType(L.spark_schema(t), True), True))
    return T.StructType(fields)


def _unique(rows) -> Iterator:
    """Rows of one partition, each content hash once: the articles are partitioned by hash, so
    this drops every repeat in the run without a shuffle of its own."""
    seen: set[str] = set()
    for r in rows:
        if r["hash"] not in seen:
            seen.add(r["hash"])
            yield r


class PerPartition:
    """An accumulator of counts by partition: a partition computed again (a task re-run, a lost
    block) replaces its counts instead of adding them, so the totals stay exact."""

    def zero(self, value):
        return {}

    def addInPlace(self, a: dict, b: dict) -> dict:
        a.update(b)
        return a


def _counted(index: int, wide: Iterator[tuple], acc) -> Iterator[tuple]:
    """Wide rows passed through, counted into `acc` as {partition: (rows, crashed, stage errors)}:
    the counts a run reports, without a job of their own."""
    errors = len(L.columns("articles")) + 2 + len(L.LAYERS)  # the stage_errors column
    n = crashed = stage_errors = 0
    for w in wide:
        n += 1
        crashed += w[0] is None
        stage_errors += len(w[errors])
        yield w
    acc.add({index: (n, crashed, stage_errors)})


def _process(rows, config: dict, now) -> Iterator[tuple]:
    """Executor side: a partition of new articles through this worker's pipeline, as wide rows."""
    from .pipeline import _batches
    from .store import failure_row, reading_rows

    pipe = worker_pipeline(config)
    layers = [*L.LAYERS, "stage_errors"]
    arts = (Article(id=r["id"], date=r["date"], text=r["text"], title=r["title"], url=r["url"],
                    source=r["source"], source_kind=r["source_kind"], origin=r["origin"]) for r in rows)
    for batch in _batches(arts, BATCH):
        try:
            readings = pipe.run_batch(batch)
        except Exception:  # one article broke the batch: each alone, the broken one a failure
            readings = []
            for a in batch:
                try:
                    readings += pipe.run_batch([a])
                except Exception as exc:
                    f = failure_row(ReadError(a.origin or a.id, None, f"the pipeline failed on this article "
                                              f"({type(exc).__name__}: {str(exc)[:200]}) [{E010}]", id=a.id), now)
                    yield (None,) * (len(L.columns("articles")) + 2) + tuple([] for _ in layers) + (
                        [L.row_tuple("failures", f)],)
        for r in readings:
            r.doc = None
            out = reading_rows(r, now)
            y, m = int(r.article.date[:4]), int(r.article.date[5:7])
            yield (L.row_tuple("articles", out["articles"][0]) + (y, m)
                   + tuple([L.row_tuple(t, x) for x in out[t]] for t in layers) + ([],))


# ---- the lake's files (Hadoop FileSystem, so hdfs:// and s3a:// work as local folders do) -------
class Files:
    def __init__(self, spark, root: str):
        sc = spark.sparkContext
        self.jvm = sc._jvm
        self.hadoop = sc._jvm.org.apache.hadoop.fs
        path = self.hadoop.Path(root)
        self.fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
        # qualified (file:/abs/lake, hdfs://nn/lake), as the paths a listing gives back
        self.root = self.fs.makeQualified(path).toString().rstrip("/")

    def path(self, *parts: str):
        return self.hadoop.Path("/".join([self.root, *parts]))

    def local(self) -> Path | None:
        """The lake's folder when it is on this machine's filesystem, else None."""
        from urllib.parse import unquote, urlparse

        u = urlparse(self.root)
        return Path(unquote(u.path)) if u.scheme == "file" else None

    def read_text(self, *parts: str) -> str:
        stream = self.fs.open(self.path(*parts))
        try:
            return bytes(self.jvm.org.apache.commons.io.IOUtils.toByteArray(stream)).decode("utf-8", "replace")
        finally:
            stream.close()

    def write_new(self, text: str, *parts: str) -> bool:
        """Create a file with `text` unless it exists (atomic on HDFS; a check, then a write, on
        object stores); whether it was created."""
        try:
            stream = self.fs.create(self.path(*parts), False)
        except Exception as exc:  # FileAlreadyExistsException, through py4j
            if "AlreadyExists" in str(exc):
                return False
            raise
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
        return True

    def exists(self, *parts: str) -> bool:
        return bool(self.fs.exists(self.path(*parts)))

    def has_parquet(self, *parts: str) -> bool:
        if not self.exists(*parts):
            return False
        it = self.fs.listFiles(self.path(*parts), True)
        while it.hasNext():
            if it.next().getPath().getName().endswith(".parquet"):
                return True
        return False

    def touch(self, *parts: str) -> None:
        self.fs.create(self.path(*parts), True).close()

    def delete(self, *parts: str) -> None:
        self.fs.delete(self.path(*parts), True)

    def runs(self) -> list[str]:
        if not self.exists(L.STAGING):
            return []
        return sorted(s.getPath().getName() for s in self.fs.listStatus(self.path(L.STAGING)) if s.isDirectory())

    def commit(self, run: str) -> None:
        """Move a staged run into place: appended tables file by file, merged tables whole.
        Each step is idempotent, so a commit cut short is finished by calling it again."""
        stage = "/".join([L.STAGING, run])
        for t in L.MERGED_TABLES:
            if self.exists(stage, t):
                self.delete(t)
                self.fs.rename(self.path(stage, t), self.path(t))
        self._replace(stage)
        for t in L.READING_TABLES[::-1]:  # articles last: its hashes are what a re-run skips
            if not self.exists(stage, t):
                continue
            if not self.exists(t):  # the table's first files: its staged folder moves in whole
                self.fs.rename(self.path(stage, t), self.path(t))
                self.delete(t, "_SUCCESS")
                continue
            base = self.path(stage, t).toString()
            it = self.fs.listFiles(self.path(stage, t), True)
            moves = []
            while it.hasNext():
                p = it.next().getPath()
                if p.getName().endswith(".parquet"):
                    moves.append((p, p.toString()[len(base):].lstrip("/")))
            for src, rel in moves:
                dst = self.path(t, rel)
                self.fs.mkdirs(dst.getParent())
                if not self.fs.exists(dst):
                    self.fs.rename(src, dst)
        self.delete(stage)
        if not self.runs():
            self.delete(L.STAGING)

    def _replace(self, stage: str) -> None:
        """Rewritten partitions take the place of the lake's, one partition folder at a time. Each
        staged one exists (emptied or not) until it is moved, so a commit cut short and called
        again replaces only what it had not, and never what this run appended after."""
        for t in L.READING_TABLES:
            if not self.exists(stage, REPLACE, t):
                continue
            for ydir in self.fs.listStatus(self.path(stage, REPLACE, t)):
                for mdir in (self.fs.listStatus(ydir.getPath()) if ydir.isDirectory() else []):
                    if mdir.isDirectory():
                        y, m = ydir.getPath().getName(), mdir.getPath().getName()
                        self.delete(t, y, m)
                        self.fs.mkdirs(self.path(t, y))
                        self.fs.rename(mdir.getPath(), self.path(t, y, m))

    def recover(self) -> list[str]:
        """Finish the commits of runs that reached their marker; drop runs that did not."""
        done = []
        for run in self.runs():
            if self.exists(L.STAGING, run, "_READY"):
                self.commit(run)
                done.append(run)
            else:
                self.delete(L.STAGING, run)
        if not self.runs():
            self.delete(L.STAGING)
        return done


def lake_lock(files: Files, run: str, say):
    """The lake's writer lock, for one run (a context manager). On a local folder an flock
    (lake.lock_local: a killed run's lock is let go by the kernel); elsewhere (hdfs://, s3a://) a
    lock file made only if absent, taken over when its holder was on this host and is gone. On
    object stores that file is advisory: their "create if absent" is a check, then a write."""
    from contextlib import contextmanager

    @contextmanager
    def held():
        root = files.local()
        release = None
        if root is not None:
            try:
                release = L.lock_local(root, run, say)
            except OSError:  # no flock on this filesystem: the lock file alone
                pass
        if release is None:
            release = _lock_file(files, run, say)
        try:
            yield
        finally:
            release()

    return held()


def _lock_file(files: Files, run: str, say):
    """The lock as a file made only if absent (any filesystem Hadoop reaches); its release."""
    files.fs.mkdirs(files.path())
    me = json.dumps(L.holder(run))
    for _ in range(2):
        if files.write_new(me, L.LOCK):
            return lambda: files.delete(L.LOCK)
        try:
            was = L.parse_holder(files.read_text(L.LOCK))
        except Exception:  # let go between our two calls: try again
            continue
        if was is None or L.held_elsewhere(was):  # unreadable: perhaps being written now
            raise L.busy(files.root, was)
        say(f"took over the lock of the lake {files.root} from {L.describe(was)}, which is gone")
        files.delete(L.LOCK)
    raise L.busy(files.root, None)


def _table(spark, files: Files, table: str, *where: str):
    """A table of the lake (and of the staged run, when given), with the store's columns only."""
    from functools import reduce

    cols = [c for c, _ in L.columns(table)]
    # the schema given, not inferred: no job to read footers, and a column older files lack is null
    parts = [spark.read.schema(L.spark_schema(table)).parquet(files.path(*w, table).toString()).select(*cols)
             for w in where if files.has_parquet(*w, table)]
    if not parts:
        return spark.createDataFrame(spark.sparkContext.emptyRDD(), L.spark_schema(table))
    return reduce(lambda a, b: a.unionByName(b), parts)


# ---- incidents across the lake ------------------------------------------------------------------
# incidents' report query in Spark's dialect: one row per event report with its place, actors and note
REPORTS_SQL = incidents.reports_sql(text="get_json_object", value="get_json_object", order="")
_SELECT, _JOINS = REPORTS_SQL.split("FROM events e", 1)
# The same query over this run's wide rows: the same select list and filter, but each event's
# article, place and actors found in its own row (no join, so no shuffle and no broadcast)
WIDE_REPORTS_SQL = _SELECT + """FROM (
  SELECT struct({article}) AS a, e,
         get(filter(places, x -> x.id = e.place), 0) AS p,
         get(filter(actors, x -> x.id = e.actor1), 0) AS a1,
         get(filter(actors, x -> x.id = e.actor2), 0) AS a2,
         get(filter(actors, x -> x.id = e.source), 0) AS s
  FROM (SELECT *, explode(events) AS e FROM wide)) w
""" + _JOINS[_JOINS.index("WHERE "):]


def _block_key(rep) -> tuple:
    """(type family, country, first day) of a report: reports of different families or countries
    are never the same incident (incidents.compatible), so blocks by these two are exact."""
    from .incidents import _family

    return (_family(rep.row["acled_event_type"]), rep.row["country_code"] or "", rep.first.toordinal())


def _windows(it) -> Iterator[tuple[tuple, list]]:
    """Reports sorted by (family, country, first day): cut into date windows, the maximal runs of
    overlapping day ranges. Reports in different windows have disjoint ranges, so no rule of
    `compatible` can join them, and the clusters of each window are exactly those one dedup over
    everything makes. One window is held at a time."""
    group, end, start, block = None, -1, 0, []
    for (fam, cc, first), rep in it:
        if (fam, cc) != group or first > end:
            if block:
                yield (group[0], group[1], start), block
            group, start, end, block = (fam, cc), first, rep.last.toordinal(), []
        else:
            end = max(end, rep.last.toordinal())
        block.append(rep)
    if block:
        yield (group[0], group[1], start), block


def _merge_block(block: list, now) -> Iterator[tuple]:
    """One block's incidents (dedup's complete linkage, in ingest order) and their reports."""
    import hashlib

    from .incidents import cluster, derive

    reports = sorted(block, key=lambda r: (r.row["ingested_at"], r.row["article_hash"], r.row["id"]))
    for members in cluster(reports):
        iid = "inc-" + hashlib.sha1(members[0].key.encode()).hexdigest()[:12]
        row = {"incident_id": iid, **derive(members), "created_at": now, "updated_at": now}
        yield ("i", L.row_tuple("incidents", row) + (",".join(sorted(m.key for m in members)),))
        for m in members:
            r = m.row
            yield ("r", L.row_tuple("incident_reports", {
                "incident_id": iid, "article_hash": r["article_hash"], "event_id": r["id"],
                "article_id": r["article_id"], "source": r["claimant"], "stance": r["stance"],
                "verification": r["verification"], "evidence": r["evidence"]}))


def _reports(spark, files: Files, wide, dropped):
    """Every event report of the lake as a DataFrame: the committed lake's by REPORTS_SQL (less
    the articles in `dropped`, a DataFrame of hashes or None), this run's from its wide rows."""
    wide.createOrReplaceTempView("wide")
    new = spark.sql(WIDE_REPORTS_SQL.format(article=", ".join(f"`{c}`" for c, _ in L.columns("articles"))))
    if not files.has_parquet("events"):
        return new
    for t in ("articles", "events", "places", "actors"):
        old = _table(spark, files, t, ())
        if dropped is not None:
            old = old.join(dropped, old["hash" if t == "articles" else "article_hash"] == dropped["hash"],
                           "left_anti")
        old.createOrReplaceTempView(t)
    return spark.sql(REPORTS_SQL).unionByName(new)


def merge_incidents(spark, files: Files, run: str, now, partitions: int, wide, dropped=None) -> int:
    """Incidents over the whole lake (its committed runs, and this run's `wide` rows) into the
    staged run; how many."""
    from pyspark import StorageLevel
    from pyspark.rdd import portable_hash
    from pyspark.sql import types as T

    from .incidents import _report

    stage = (L.STAGING, run)
    reports = _reports(spark, files, wide, dropped).rdd.map(lambda row: _report(row.asDict()))
    # one shuffle: a (family, country) to one task, its reports sorted by first day, so its date
    # windows stream past one at a time, each clustered on its own
    blocks = (reports.map(lambda rep: (_block_key(rep), rep))
              .repartitionAndSortWithinPartitions(partitions, partitionFunc=lambda k: portable_hash(k[:2]))
              .mapPartitions(_windows)
              .flatMap(lambda b: _merge_block(b[1], now)))
    blocks.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        key_schema = T.StructType(list(L.spark_schema("incidents").fields) + [T.StructField("_keys", T.StringType())])
        inc = spark.createDataFrame(blocks.filter(lambda x: x[0] == "i").map(lambda x: x[1]), key_schema)
        rep = spark.createDataFrame(blocks.filter(lambda x: x[0] == "r").map(lambda x: x[1]),
                                    L.spark_schema("incident_reports"))
        cols = [c for c, _ in L.columns("incidents")]
        out = inc.select(*cols)
        if files.has_parquet("incidents"):
            out = _keep_times(spark, files, inc, cols)
        path = files.path(*stage, "incidents").toString()
        out.write.mode("overwrite").parquet(path)
        rep.write.mode("overwrite").parquet(files.path(*stage, "incident_reports").toString())
        return spark.read.schema(L.spark_schema("incidents")).parquet(path).count()  # from the footers
    finally:
        blocks.unpersist()


def _keep_times(spark, files: Files, inc, cols: list[str]):
    """Ids are stable: an incident keeps its created_at, and its updated_at while its reports stay
    the same (as incidents.dedup does)."""
    from pyspark.sql import functions as F

    old = _table(spark, files, "incidents", ()).select(
        "incident_id", F.col("created_at").alias("_created"), F.col("updated_at").alias("_updated"))
    old_keys = (_table(spark, files, "incident_reports", ())
                .groupBy("incident_id")
                .agg(F.concat_ws(",", F.sort_array(F.collect_list(
                    F.concat(F.col("article_hash"), F.lit(":"), F.col("event_id"))))).alias("_old_keys")))
    return (inc.join(old, "incident_id", "left").join(old_keys, "incident_id", "left")
            .withColumn("created_at", F.coalesce("_created", "created_at"))
            .withColumn("updated_at", F.when((F.col("_old_keys") == F.col("_keys"))
                                             & F.col("_updated").isNotNull(), F.col("_updated"))
                        .otherwise(F.col("updated_at")))
            .select(*cols))


# ---- the job ----------------------------------------------------------------------------------
def run(spark, inputs: Iterable[str], out: str, *, partitions: int | None = None, date: str | None = None,
        max_chars: int = MAX_CHARS, fetch: bool = False, config: dict | None = None, say=None) -> dict:
    """Read `inputs` into the lake at `out`; return the run's counts (read, stored, skipped, failed,
    stage_errors, incidents, seconds). One run writes a lake at a time: another run's lock on it
    fails this one at once (E014), naming the holder."""
    say = say or (lambda m: None)
    files = Files(spark, str(out))
    run_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    with lake_lock(files, run_id, say):
        return _run(spark, files, run_id, inputs, partitions=partitions, date=date, max_chars=max_chars,
                    fetch=fetch, config=config, say=say)


def _run(spark, files: Files, run_id: str, inputs, *, partitions, date, max_chars, fetch, config, say) -> dict:
    from pyspark import StorageLevel

    from .pipeline import load_config

    t0 = time.perf_counter()
    clock: dict[str, float] = {}

    def tick(phase: str) -> None:
        clock[phase] = time.perf_counter() - t0 - sum(clock.values())

    cfg = config or load_config()
    sc = spark.sparkContext
    n = partitions or max(2, 8 * sc.defaultParallelism)
    done = files.recover()
    if done:
        say(f"finished the commit of {len(done)} earlier run(s) cut short: {', '.join(done)}")
    stage = (L.STAGING, run_id)
    now = L.now()

    items = read_items(spark, inputs, date=date, max_chars=max_chars, fetch=fetch, partitions=n)
    items.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        arts, read_fails, kinds = _frames(spark, items)
        n_read, n_read_failed = kinds.get("a", 0) + kinds.get("r", 0), kinds.get("f", 0)
        examples = [str(ReadError(f.file, f.line, f.problem)) for f in read_fails.take(20)] if n_read_failed else []
        gone: list[tuple] = []
        if kinds.get("r"):  # revisable items (Telegram, feeds): the last version read wins
            arts, gone = _revisions(spark, files, arts)
        tick("read")
        if partitions is None:  # about a hundred articles a task: a task costs a tenth of a second,
            n = max(1, min(n, -(-n_read // 100)))  # and smaller tasks even out the cores' last wave

        acc = sc.accumulator({}, PerPartition())
        wide = _pipeline(spark, files, stage, arts, n, cfg, now, acc)
        n_new, n_crashed, n_stage_errors = (sum(c[i] for c in acc.value.values()) for i in range(3))
        tick("pipeline")
        say(f"read {n_read} articles, {n_new} new: through the pipeline in {clock['pipeline']:.1f} s")
        if gone:
            say(f"replaced {len(gone)} older reading(s) of revised items (edited posts, updated feed items)")

        n_incidents = _write_and_merge(spark, files, run_id, wide, read_fails, now, partitions=partitions,
                                       n_new=n_new, n_crashed=n_crashed, n_stage_errors=n_stage_errors,
                                       n_read_failed=n_read_failed, gone=gone)
        tick("write_and_merge")
        files.touch(*stage, "_READY")
        files.commit(run_id)
        tick("commit")
    except BaseException:
        if not files.exists(*stage, "_READY"):
            files.delete(*stage)  # nothing of this run becomes visible
        raise
    finally:
        items.unpersist()
    # as `ingest` counts: read = went through the pipeline, skipped = already stored or repeated
    # (or an earlier version of an item revised in the same run)
    return {"read": n_new, "stored": n_new - n_crashed, "skipped": n_read - n_new, "replaced": len(gone),
            "failed": n_read_failed + n_crashed, "stage_errors": n_stage_errors, "incidents": n_incidents,
            "seconds": round(time.perf_counter() - t0, 2), "partitions": n, "run": run_id,
            "failure_examples": examples, "phase_seconds": {k: round(v, 2) for k, v in clock.items()}}


def _kind(item: tuple) -> str:
    """f: a failure; r: an article of a kind revised in place upstream (provenance.REVISABLE); a."""
    from .provenance import REVISABLE

    return "f" if item[0] == "f" else ("r" if item[_ARTICLE_IN.index("source_kind") + 1] in REVISABLE else "a")


def _frames(spark, items) -> tuple:
    """The read items as DataFrames of articles and of read failures, and their counts by _kind
    (the one job that reads the inputs; `items` is persisted, so the pipeline does not again)."""
    from pyspark.sql import types as T

    art_schema = T.StructType([T.StructField(c, T.LongType() if c == "seq" else T.StringType())
                               for c in _ARTICLE_IN])
    arts = spark.createDataFrame(items.filter(lambda x: x[0] == "a").map(lambda x: x[1:]), art_schema)
    fail_schema = T.StructType([T.StructField(c, T.LongType() if c == "line" else T.StringType())
                                for c in _FAILURE_IN])
    read_fails = spark.createDataFrame(items.filter(lambda x: x[0] == "f").map(lambda x: x[1:]), fail_schema)
    return arts, read_fails, dict(items.map(_kind).countByValue())


def _revisions(spark, files: Files, arts) -> tuple:
    """Revised items as `ingest` takes them (an edited Telegram post, an updated feed item: the same
    kind and id, new content): of the run's versions the last one read is kept, and it replaces the
    lake's other versions. The run's articles less the versions it supersedes, and the lake's
    replaced articles as (hash, year, month)."""
    from pyspark.sql import functions as F

    from .provenance import REVISABLE

    revisable = F.coalesce(F.col("source_kind").isin(*sorted(REVISABLE)), F.lit(False))
    latest = arts.filter(revisable).groupBy("id", "source_kind").agg(F.max_by("hash", "seq").alias("hash"))
    keep = arts.filter(~revisable).unionByName(arts.join(latest.select("hash"), "hash", "left_semi"))
    if not files.has_parquet("articles"):
        return keep, []
    lake = _table(spark, files, "articles", ()).select("hash", "id", "source_kind", "date")
    gone = (lake.join(latest.withColumnRenamed("hash", "_by"), ["id", "source_kind"])
            .filter(F.col("hash") != F.col("_by"))
            .select("hash", F.year("date").alias("year"), F.month("date").alias("month")).distinct())
    return keep, [tuple(r) for r in gone.collect()]


def _replacements(spark, files: Files, gone: list[tuple]) -> dict:
    """The lake's year/month partitions holding replaced articles, rewritten without them: table ->
    (DataFrame with year and month, the partitions it replaces)."""
    from functools import reduce

    from pyspark.sql import functions as F

    hashes = spark.createDataFrame([(h,) for h, _, _ in gone], "_gone string")
    out = {}
    for t in ["articles", *L.LAYERS, "stage_errors"]:
        parts = sorted({(y, m) for _, y, m in gone if files.has_parquet(t, f"year={y}", f"month={m}")})
        if not parts:
            continue
        key = "hash" if t == "articles" else "article_hash"
        df = reduce(lambda a, b: a.unionByName(b), [
            spark.read.schema(L.spark_schema(t)).parquet(files.path(t, f"year={y}", f"month={m}").toString())
            .withColumn("year", F.lit(y)).withColumn("month", F.lit(m)) for y, m in parts])
        out[t] = (df.join(hashes, F.col(key) == F.col("_gone"), "left_anti"), parts)
    return out


def _pipeline(spark, files: Files, stage: tuple, arts, n: int, cfg: dict, now, acc):
    """The run's new articles through the pipeline, once, as wide rows (counted into `acc`).

    One shuffle spreads them over `n` tasks by content hash, so each task drops its own
    repeats; only a lake that holds articles is read and joined against (a first run has nothing
    to skip)."""
    if files.has_parquet("articles"):
        arts = arts.join(_table(spark, files, "articles", ()).select("hash"), "hash", "left_anti")
    rows = arts.repartition(n, "hash").rdd.mapPartitionsWithIndex(
        lambda i, it, c=cfg, t=now: _counted(i, _process(_unique(it), c, t), acc))
    # The wide rows are streamed to Parquet in the staging folder as they come (no cache to hold in
    # memory, and nothing recomputed if an executor is lost later); each table then reads only its
    # own column of them. Spark's own Parquet writer, not pyarrow in the workers: it reaches every
    # filesystem the cluster has (hdfs://, s3a://, abfss://) with the cluster's credentials.
    # A file read once and deleted: no dictionaries tried on its unique texts and readings.
    path = files.path(*stage, "_wide").toString()
    spark.createDataFrame(rows, wide_schema()).write.option("parquet.enable.dictionary", "false").parquet(path)
    return spark.read.schema(wide_schema()).parquet(path)


def _table_writes(wide, read_fails, now, known_fail) -> dict:
    """Each reading table of the run as a DataFrame cut from the wide rows (failures: the read
    failures and the articles the pipeline could not read, less those the lake holds)."""
    from pyspark.sql import functions as F

    ok = wide.filter(F.col("hash").isNotNull())
    writes = {"articles": ok.select(*[c for c, _ in L.columns("articles")], *L.PARTITION)}
    for t in [*L.LAYERS, "stage_errors"]:
        cols = [c for c, _ in L.columns(t)]
        writes[t] = ok.select(F.explode(t).alias("x"), *L.PARTITION).select(*[f"x.{c}" for c in cols], *L.PARTITION)
    fcols = [c for c, _ in L.columns("failures")]
    crashed = wide.select(F.explode("failures").alias("x")).select(*[f"x.{c}" for c in fcols])
    at = F.lit(now.isoformat(sep=" ")).cast("timestamp_ntz")  # from text: no zone enters
    fails = (read_fails.withColumn("at", at).select(*fcols)
             .unionByName(crashed).dropDuplicates(["key"]).join(known_fail, "key", "left_anti"))
    writes["failures"] = fails.withColumn("year", F.year("at")).withColumn("month", F.month("at"))
    return writes


def _write_and_merge(spark, files: Files, run_id: str, wide, read_fails, now, *, partitions, n_new, n_crashed,
                     n_stage_errors, n_read_failed, gone: list[tuple]) -> int:
    """The run's tables written (and the lake's partitions that held replaced articles rewritten),
    and the incidents merged from the lake and this run's wide rows, by concurrent jobs: one job's
    start-up and its Python or JVM stretches overlap another's. A table with no row costs no job;
    with no new report and nothing replaced, the lake's incidents stand."""
    from concurrent.futures import ThreadPoolExecutor

    stage = (L.STAGING, run_id)
    writes = {(t,): df for t, df in _table_writes(wide, read_fails, now,
                                                  _table(spark, files, "failures", ()).select("key")).items()}
    if not n_stage_errors:
        del writes[("stage_errors",)]
    if not n_new - n_crashed:  # nothing new read (a re-run): no article, no layer row
        for t in ["articles", *L.LAYERS]:
            del writes[(t,)]
    if not (n_read_failed or n_crashed):
        del writes[("failures",)]
    replaced = _replacements(spark, files, gone) if gone else {}
    writes.update({(REPLACE, t): df for t, (df, _) in replaced.items()})
    sc = spark.sparkContext
    with ThreadPoolExecutor(len(writes) + 1) as pool:
        if n_new - n_crashed or gone:
            n_lake = _table(spark, files, "articles", ()).count() if files.has_parquet("articles") else 0
            blocks = partitions or max(1, min(4 * sc.defaultParallelism, -(-(n_lake + n_new) // 5000)))
            dropped = spark.createDataFrame([(h,) for h, _, _ in gone], "hash string") if gone else None
            merged = pool.submit(merge_incidents, spark, files, run_id, now, blocks, wide, dropped)
        else:
            merged = pool.submit(lambda: _table(spark, files, "incidents", ()).count())
        for f in [pool.submit(df.write.mode("append").partitionBy(*L.PARTITION).parquet,
                              files.path(*stage, *where).toString()) for where, df in writes.items()]:
            f.result()
        n_incidents = merged.result()
    for t, (_, parts) in replaced.items():  # an emptied partition too takes the place of the lake's
        for y, m in parts:
            files.fs.mkdirs(files.path(*stage, REPLACE, t, f"year={y}", f"month={m}"))
    return n_incidents

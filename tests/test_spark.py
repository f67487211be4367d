"""`dateline spark` in local mode: the lake's shape and types, readings equal to extract's,
idempotent re-runs, bad records in failures, incidents equal to ingest's on our incident set,
and export/serve reading the lake. Inputs are written here (our own words) plus eval/incidents.jsonl
(our own templates, 135 short reports: the whole set, since it reads in seconds)."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline import lake as L
from dateline import spark as S
from dateline.article import Article, ReadError
from dateline.cli import app
from dateline.incidents import dedup
from dateline.read import read_inputs
from dateline.store import Store, tables

ROOT = Path(__file__).resolve().parents[1]
INCIDENT_SET = ROOT / "eval" / "incidents.jsonl"
runner = CliRunner()

OWN = [  # (id, date, source, text): ours, dated in two months so the lake has two partitions
    ("own-1", "2024-03-14", "Harbour Post", "DNIPRO, Ukraine (Harbour Post) - Drones struck a grain terminal in "
                                            "Dnipro on Tuesday night, injuring two workers, the regional governor "
                                            "said on Telegram."),
    ("own-2", "2024-03-15", "Valley Times", "Police in Nairobi fired tear gas at traders who marched to the "
                                            "city hall on Thursday to protest new market fees, witnesses said."),
    ("own-3", "2024-05-02", "Valley Times", "The finance ministry said on Monday that it would publish the "
                                            "revised budget next week."),
]


@pytest.fixture(scope="session")
def spark():
    s = S.session("local[1]", partitions=2)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("in")
    own = d / "own.jsonl"
    lines = [json.dumps({"id": i, "date": day, "source": src, "text": t}) for i, day, src, t in OWN]
    lines.insert(1, "this line is not JSON")
    lines.insert(3, json.dumps({"id": "no-date", "text": "A text without its date."}))
    lines.append(lines[0])  # the same article twice: stored once
    own.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = d / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "quay.txt").write_text(
        "date 2024-05-20\nODESA, Ukraine - A missile hit a warehouse near the port of Odesa on Sunday, the "
        "city's mayor said, and firefighters worked through the night.\n", encoding="utf-8")
    (folder / "notes.md").write_text("not an input form: ignored, as ingest ignores it", encoding="utf-8")
    return {"own": own, "folder": folder, "missing": d / "missing.jsonl",
            "all": [str(own), str(folder), str(INCIDENT_SET), str(d / "missing.jsonl")]}


@pytest.fixture(scope="module")
def lake(spark, inputs, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("lake") / "lake"
    res = S.run(spark, inputs["all"], str(out))
    return out, res


@pytest.fixture(scope="module")
def store(pipeline, inputs):
    """The same inputs the way `ingest` stores them, in one batch (so one ingest time, as a Spark
    run has): readings by the session's Pipeline (what `dateline extract` runs), then dedup."""
    items = list(read_inputs(inputs["all"]))
    arts = [a for a in items if isinstance(a, Article)]
    s = Store(":memory:")
    s.add(list(pipeline.run(arts)), [e for e in items if isinstance(e, ReadError)])
    dedup(s)
    yield s
    s.close()


def parquet_types(path: Path, table: str) -> list[tuple[str, str]]:
    src = str(path / table / "**" / "*.parquet")
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{src}', hive_partitioning = false) LIMIT 0")
    return [(c, str(t)) for c, t in zip(rel.columns, rel.types)]


def test_lake_has_the_store_tables_columns_and_types_partitioned_by_year_and_month(lake):
    path, res = lake
    assert res["stored"] == 3 + 1 + 135 and res["skipped"] == 1 and res["failed"] == 3
    written = [t for t in L.READING_TABLES + L.MERGED_TABLES if list((path / t).glob("**/*.parquet"))]
    assert set(L.READING_TABLES + L.MERGED_TABLES) - set(written) <= {"stage_errors"}  # none had an error
    for table in written:
        want = [(c, "VARCHAR" if t.split()[0] == "JSON" else t.split()[0]) for c, t in tables()[table]]
        assert parquet_types(path, table) == want, table
    # read back, every table has the store's types (JSON included), files or not
    with L.open_lake(path) as lk, Store(":memory:") as s:
        for table in tables():
            q = f"SELECT * FROM {table} LIMIT 0"
            assert lk.con.execute(q).description == s.con.execute(q).description, table
    months = {p.relative_to(path / "articles").as_posix() for p in (path / "articles").glob("year=*/month=*")}
    assert {"year=2024/month=3", "year=2024/month=5"} <= months
    assert not (path / L.STAGING).exists()  # the run committed and cleaned up
    # every reading table is partitioned the same way; the merged tables are not
    for table in written:
        dirs = [p.name for p in (path / table).iterdir() if p.is_dir()]
        assert all(d.startswith("year=") for d in dirs) and bool(dirs) == (table in L.READING_TABLES), table


def test_each_reading_equals_extract(lake, pipeline, inputs, store):
    path, _ = lake
    with L.open_lake(path) as lk:
        got = {h: json.loads(r) for h, r in lk.con.execute("SELECT hash, reading FROM articles").fetchall()}
        # the folder's article is named by its path below the folder, as ingest names it
        assert lk.con.execute("SELECT id FROM articles WHERE id LIKE 'sub%'").fetchall() == [("sub/quay",)]
        counts = lk.counts()
    arts = {a.content_hash: a for a in read_inputs(inputs["all"]) if isinstance(a, Article)}
    assert set(got) == set(arts)
    for h, a in arts.items():
        assert got[h] == pipeline.read(a).to_dict(), a.id
    theirs = store.counts()
    for table in ["articles", *L.LAYERS, "stage_errors", "incidents", "incident_reports"]:
        assert counts[table] == theirs[table], table


def test_bad_records_land_in_failures_and_the_job_goes_on(lake, inputs):
    path, _ = lake
    with L.open_lake(path) as lk:
        rows = lk.con.execute("SELECT file, line, problem, article_id FROM failures ORDER BY file, line").fetchall()
    own = str(inputs["own"])
    assert sorted(rows, key=str) == sorted([
        (own, 2, "not JSON: Expecting value at column 1 [E004]", None),
        (own, 4, "missing field(s) date [E004]", "no-date"),
        (str(inputs["missing"]), None, "no such file or folder [E001]", None)], key=str)


def test_incidents_equal_ingest_on_the_incident_set(lake, store):
    path, _ = lake
    cols = [c for c, _ in tables()["incidents"] if c not in ("created_at", "updated_at")]
    q = f"SELECT {', '.join(cols)} FROM incidents ORDER BY incident_id"
    rq = "SELECT * FROM incident_reports ORDER BY incident_id, article_hash, event_id"
    with L.open_lake(path) as lk:
        assert lk.con.execute(q).fetchall() == store.con.execute(q).fetchall()
        assert lk.con.execute(rq).fetchall() == store.con.execute(rq).fetchall()
        merged = lk.con.execute("SELECT count(*) FROM incidents WHERE report_count > 1").fetchone()[0]
    assert merged >= 10  # the set is made of incidents told several times: the merge had work to do


def test_rerun_changes_nothing_and_a_later_run_adds(spark, lake, inputs, tmp_path):
    path, _ = lake
    copy = tmp_path / "lake"
    shutil.copytree(path, copy)
    with L.open_lake(copy) as lk:
        before = lk.counts()
        times = lk.con.execute("SELECT incident_id, created_at, updated_at FROM incidents ORDER BY 1").fetchall()
    again = S.run(spark, inputs["all"], str(copy))
    assert again["stored"] == 0 and again["skipped"] == 3 + 1 + 1 + 135
    with L.open_lake(copy) as lk:
        assert lk.counts() == before
        assert lk.con.execute("SELECT incident_id, created_at, updated_at FROM incidents ORDER BY 1").fetchall() == times
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "own-4", "date": "2024-06-03", "text": "Farmers blocked the main road into "
                                "Lyon with tractors on Monday to protest fuel prices, police said."}) + "\n")
    added = S.run(spark, [str(more)], str(copy))
    assert added["stored"] == 1
    with L.open_lake(copy) as lk:
        after = lk.counts()
        assert after["articles"] == before["articles"] + 1
        assert lk.con.execute("SELECT count(*) FROM articles WHERE id = 'own-4'").fetchone()[0] == 1
        assert lk.con.execute("SELECT count(DISTINCT hash) FROM articles").fetchone()[0] == after["articles"]
    assert (copy / "articles" / "year=2024" / "month=6").is_dir()


def test_one_pipeline_per_python_worker_reused_across_partitions(spark, lake):
    sc = spark.sparkContext

    def probe(_):
        from dateline import spark as me

        yield __import__("os").getpid(), me.LOADS

    seen = sc.parallelize(range(8), 8).mapPartitions(probe).collect()
    assert len(seen) == 8 and len({pid for pid, _ in seen}) == 1  # 8 partitions, one reused worker
    assert {loads for _, loads in seen} <= {0, 1}  # at most one Pipeline made in each worker, ever


def test_a_stage_error_stays_on_its_reading_and_a_crash_becomes_a_failure(monkeypatch):
    """Executor side without Spark: one article's stage fails (E010 on its reading), another
    breaks the whole pipeline (a failure row); the rest of the partition is read."""
    from dateline.article import Reading, StageError

    class Pipe:
        def run_batch(self, batch):
            if any(a.id == "boom" for a in batch):
                raise MemoryError("no room")
            out = [Reading(article=a) for a in batch]
            for r in out:
                if r.article.id == "bad":
                    r.errors.append(StageError("events", "E010", "ValueError: odd"))
            return out

    monkeypatch.setattr(S, "worker_pipeline", lambda config: Pipe())
    rows = [{"id": i, "date": "2024-05-01", "text": "Text.", "title": None, "url": None, "source": None,
             "source_kind": None, "origin": f"in.jsonl:{n}"} for n, i in enumerate(["ok", "bad", "boom"], 1)]
    wide = list(S._process(rows, {}, dt.datetime(2024, 5, 2)))
    arts = len(L.columns("articles"))
    by_id = {w[1]: w for w in wide}
    assert set(by_id) == {"ok", "bad", None}
    errors = by_id["bad"][arts + 2 + len(L.LAYERS)]
    assert [e[1:] for e in errors] == [("events", "E010", "ValueError: odd")]
    (failure,) = by_id[None][-1]
    assert failure[1] == "in.jsonl:3" and "MemoryError" in failure[3] and "[E010]" in failure[3]

    class Acc(dict):  # what an accumulator of S.PerPartition does with its updates
        add = dict.update

    acc = Acc()
    assert list(S._counted(7, iter(wide), acc)) == wide
    assert acc == {7: (3, 1, 1)}  # the partition's rows, crashed articles and stage errors


def test_export_and_serve_read_the_lake_with_the_store_filters(lake, store, tmp_path):
    path, _ = lake
    for fmt in ("csv", "geojson", "jsonl", "parquet"):
        out = tmp_path / f"lake.{fmt}"
        res = runner.invoke(app, ["export", "--lake", str(path), "--format", fmt, "-o", str(out), "--country", "UA"])
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 0
    rows = [json.loads(x) for x in (tmp_path / "lake.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r["country_code"] for r in rows} == {"UA"} and all(r["reports"] for r in rows)
    want = store.con.execute("SELECT count(*) FROM incidents WHERE country_code = 'UA'").fetchone()[0]
    assert len(rows) == want
    since = runner.invoke(app, ["export", "--lake", str(path), "--format", "csv", "--since", "2024-05-01"])
    assert since.exit_code == 0 and all(line.split(",")[1] >= "2024-05-01"
                                        for line in since.stdout.splitlines()[1:] if line)

    from dateline.serve import create_app

    with TestClient(create_app(None, lake=path)) as c:
        h = c.get("/health").json()
        assert h["articles"] == 3 + 1 + 135 and h["writes"] is False
        page = c.get("/events", params={"country": "UA", "limit": 500}).json()
        assert page["total"] == want and {i["country_code"] for i in page["items"]} == {"UA"}
        inc = c.get(f"/events/{page['items'][0]['incident_id']}").json()
        assert inc["reports"] and all(e["text"] for r in inc["reports"] for e in r["evidence"])
        assert c.get("/articles/own-2").json()["article"]["id"] == "own-2"
        assert c.post("/articles", json={"articles": []}).status_code in (403, 422)
        assert c.get("/export.csv", params={"country": "UA"}).status_code == 200


def test_spark_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(Exception) as exc:
        S.session("local[1]")
    assert "[E018]" in str(exc.value) and "pip install 'dateline[spark]'" in str(exc.value)


def test_not_a_lake_is_a_one_line_error(tmp_path):
    res = runner.invoke(app, ["export", "--lake", str(tmp_path), "--format", "csv"])
    assert res.exit_code == 2 and "[E019]" in res.output and "dateline spark" in res.output


def test_a_big_jsonl_is_read_in_line_splits_as_whole(spark, inputs, monkeypatch):
    """Over SPLIT_BYTES a JSONL file is read in Spark's line splits: the same articles, origins
    and failures (with their line numbers) as reading it whole."""
    def items():  # an article's last field, its place in the input, counts lines when split
        return sorted((x[:-1] if x[0] == "a" else x for x in S.read_items(spark, [str(inputs["own"])]).collect()),
                      key=str)

    whole = items()
    monkeypatch.setattr(S, "SPLIT_BYTES", 100)
    split = items()
    assert split == whole and len(whole) == 6


def test_the_cli_runs_spark_and_reports_like_ingest(spark, tmp_path):
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "cli-1", "date": "2024-04-09", "text": "Protesters marched through "
                               "Tbilisi on Tuesday against a new media law, organisers said."}) + "\n")
    res = runner.invoke(app, ["spark", str(src), "--out", str(tmp_path / "lake"), "--master", "local[1]"])
    assert res.exit_code == 0, res.output
    assert "read 1, stored 1, skipped 0, failed 0" in res.output


def test_a_second_run_on_the_same_lake_is_refused_at_once(spark, tmp_path):
    """One run writes a lake at a time: while one holds it, another fails at once (E014) naming
    the lake and the holder; the first run is unharmed, and lets go when it ends."""
    import threading
    import time

    from dateline.errors import DatelineError

    out = tmp_path / "lake"
    first: dict = {}
    t = threading.Thread(target=lambda: first.update(S.run(spark, [str(INCIDENT_SET)], str(out))))
    t.start()
    lock = out / L.LOCK
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text()) and t.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    holder = json.loads(lock.read_text())
    started = time.monotonic()
    with pytest.raises(DatelineError) as exc:
        S.run(spark, [str(INCIDENT_SET)], str(out))
    assert time.monotonic() - started < 10
    t.join()
    msg = str(exc.value)
    assert "[E014]" in msg and str(out) in msg and f"PID {holder['pid']}" in msg and holder["run"] in msg
    assert first["stored"] == 135 and first["run"] == holder["run"]
    assert lock.read_text() == ""  # let go: the next run goes ahead
    assert S.run(spark, [str(INCIDENT_SET)], str(out))["skipped"] == 135


def test_a_stale_lock_is_taken_over(spark, tmp_path):
    """A lock whose holder is gone (killed on this host before letting go) is taken over, by the
    local flock and by the lock file used where there is none (hdfs://, s3a://)."""
    import socket
    import subprocess

    from dateline.errors import DatelineError

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = json.dumps({"pid": gone.pid, "host": socket.gethostname(), "run": "killed-run", "since": "2024-05-01"})
    out = tmp_path / "lake"
    out.mkdir()
    (out / L.LOCK).write_text(stale)
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "s-1", "date": "2024-04-09", "text": "Protesters marched through "
                               "Tbilisi on Tuesday against a new media law, organisers said."}) + "\n")
    said: list[str] = []
    assert S.run(spark, [str(src)], str(out), say=said.append)["stored"] == 1
    assert any("took over" in m and f"PID {gone.pid}" in m for m in said)
    assert (out / L.LOCK).read_text() == ""

    files = S.Files(spark, str(tmp_path / "other"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / L.LOCK).write_text(stale)
    release = S._lock_file(files, "mine", said.append)
    assert json.loads((tmp_path / "other" / L.LOCK).read_text())["run"] == "mine"
    with pytest.raises(DatelineError, match=r"\[E014\].*PID \d+ on .*run mine"):
        S._lock_file(files, "second", said.append)  # held by a live process: refused
    release()
    assert not (tmp_path / "other" / L.LOCK).exists()


def test_a_revised_item_replaces_its_earlier_version_within_a_run_and_across_runs(spark, pipeline, tmp_path):
    """As `ingest` does: an edited Telegram post (same kind and id, new text) replaces the earlier
    version's reading and its layer rows, and the incidents are merged without it."""
    post = {"id": "tg-7", "date": "2024-05-10", "source": "Border Watch", "source_kind": "telegram"}
    v1 = {**post, "text": "Drones struck an oil depot in Belgorod on Friday, the regional governor said."}
    v2 = {**post, "text": "Drones struck an oil depot and a power station in Belgorod on Friday, injuring "
                          "three workers, the regional governor said."}
    other = {"id": "own-9", "date": "2024-05-10", "text": "Police in Nairobi fired tear gas at traders who "
                                                           "marched to the city hall on Friday, witnesses said."}
    first, second = tmp_path / "export-1.jsonl", tmp_path / "export-2.jsonl"
    first.write_text(json.dumps(v1) + "\n" + json.dumps(other) + "\n")
    second.write_text(json.dumps(v2) + "\n")
    arts = {a.id + ("-2" if "power" in a.text else ""): a for a in read_inputs([str(first), str(second)])}
    old, new = arts["tg-7"].content_hash, arts["tg-7-2"].content_hash

    def layer_hashes(path: Path) -> set[str]:
        with L.open_lake(path) as lk:
            got = {h for (h,) in lk.con.execute("SELECT hash FROM articles").fetchall()}
            for t in [*L.LAYERS, "stage_errors", "incident_reports"]:
                got |= {h for (h,) in lk.con.execute(f"SELECT article_hash FROM {t}").fetchall()}
            return got

    one = S.run(spark, [str(first), str(second)], str(tmp_path / "one"))  # both versions in one run
    assert one["stored"] == 2 and one["skipped"] == 1
    assert old not in layer_hashes(tmp_path / "one") and new in layer_hashes(tmp_path / "one")

    two = tmp_path / "two"
    S.run(spark, [str(first)], str(two))
    assert old in layer_hashes(two)
    said: list[str] = []
    res = S.run(spark, [str(second)], str(two), say=said.append)
    assert res["stored"] == 1 and res["replaced"] == 1 and any("replaced" in m for m in said)
    assert old not in layer_hashes(two) and new in layer_hashes(two)
    with L.open_lake(two) as lk:
        assert {h: json.loads(r) for h, r in lk.con.execute("SELECT hash, reading FROM articles").fetchall()} == {
            a.content_hash: pipeline.read(a).to_dict() for a in (arts["tg-7-2"], arts["own-9"])}
        lake_counts = lk.counts()
    with Store(":memory:") as s:  # ingest, export by export
        for f in (first, second):
            s.add(list(pipeline.run([a for a in read_inputs([str(f)]) if isinstance(a, Article)])))
        dedup(s)
        store_counts = s.counts()
    for t in ["articles", *L.LAYERS, "incidents", "incident_reports"]:
        assert lake_counts[t] == store_counts[t], t
    again = S.run(spark, [str(first), str(second)], str(two))  # the old export again: its version is known
    assert again["stored"] == 0 and again["replaced"] == 0 and old not in layer_hashes(two)

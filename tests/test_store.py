"""The DuckDB store: idempotent ingest, whole-article transactions, survival of kill -9."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


from dateline.article import Article, ReadError
from dateline.store import Store

TEXT = "KYIV, Ukraine (AP) — Russian drones struck a power station in Kyiv on Monday, officials said."


def _reading(pipeline, i: int, text: str = TEXT):
    return pipeline.read(Article(id=f"a{i}", date="2023-03-02", text=text))


def test_same_input_twice_changes_nothing(tmp_path, pipeline):
    db = tmp_path / "s.duckdb"
    rs = [_reading(pipeline, i) for i in range(3)]
    with Store(db) as s:
        assert s.add(rs) == 3
        before = s.counts()
        assert s.add(rs) == 0
        assert s.add(rs[:1] + rs[:1]) == 0
        assert s.counts() == before
        assert before["events"] >= 3 and before["places"] >= 3


def test_layers_round_trip_as_contract_json(tmp_path, pipeline):
    r = _reading(pipeline, 1)
    with Store(tmp_path / "s.duckdb") as s:
        s.add([r])
        (got,) = list(s.readings())
        assert got == json.loads(r.to_json())
        row = s.con.execute("SELECT text, start, \"end\" FROM places WHERE id = 'p1'").fetchone()
        assert TEXT[row[1]:row[2]] == row[0]


def test_failures_table_names_file_line_problem(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        f = ReadError("in.jsonl", 3, "not JSON: Expecting value at column 1 [E004]")
        s.add([], [f])
        s.add([], [f])  # idempotent for failures too
        rows = s.con.execute("SELECT file, line, problem FROM failures").fetchall()
        assert rows == [("in.jsonl", 3, f.problem)]


def _wire(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"w{i}", "date": "2023-03-02",
                                "text": f"Story {i}. " + TEXT + " Police arrested 3 men in Lviv."}) + "\n")


def test_kill_9_mid_ingest_then_rerun_completes(tmp_path):
    src, db = tmp_path / "in.jsonl", tmp_path / "k.duckdb"
    _wire(src, 300)
    cmd = [sys.executable, "-m", "dateline", "ingest", str(src), "--db", str(db), "--batch", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(db) + ".wal")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 20_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed: make the input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    with Store(db) as s:
        n_mid = s.counts()["articles"]
        assert 0 < n_mid < 300
        # whole articles only: every stored article has all the rows its reading lists
        for (h, reading) in s.con.execute("SELECT hash, reading FROM articles").fetchall():
            r = json.loads(reading)
            for layer in ("places", "events", "actors"):
                got = s.con.execute(f"SELECT count(*) FROM {layer} WHERE article_hash = ?", [h]).fetchone()[0]
                assert got == len(r[layer])

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"skipped {n_mid}" in done.stderr
    with Store(db) as s:
        assert s.counts()["articles"] == 300
        assert s.con.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 300
        dup = s.con.execute("SELECT count(*) FROM (SELECT article_hash, id FROM events "
                            "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        assert dup == 0


def test_a_full_disk_gives_a_clear_error_and_loses_nothing(tmp_path):
    """The disk fills during an ingest (a file-size limit on the process stands in for it):
    the command ends with E021, not a traceback; what was stored before is intact, and the
    same command once there is room completes the store."""
    import resource

    first, more, db = tmp_path / "first.jsonl", tmp_path / "more.jsonl", tmp_path / "f.duckdb"
    _wire(first, 10)
    _wire(more, 40)
    def cmd(src):
        return [sys.executable, "-m", "dateline", "ingest", str(src), "--db", str(db)]

    assert subprocess.run(cmd(first), capture_output=True, timeout=300).returncode == 0

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    run = subprocess.run(cmd(more), capture_output=True, text=True, timeout=300, preexec_fn=full_disk)
    assert run.returncode != 0
    assert "E021" in run.stderr and "Traceback" not in run.stderr
    with Store(db) as s:
        assert s.counts()["articles"] == 10
    check = subprocess.run([sys.executable, "-m", "dateline", "check", "--db", str(db)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    again = subprocess.run(cmd(more), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    with Store(db) as s:
        assert s.counts()["articles"] == 40


def test_a_read_only_store_refuses_a_batch_with_a_clear_error(tmp_path, pipeline):
    import pytest

    from dateline.errors import DatelineError

    db = tmp_path / "ro.duckdb"
    with Store(db) as s:
        s.add([_reading(pipeline, 1)])
    with Store(db, read_only=True) as s:
        with pytest.raises(DatelineError, match="E021"):
            s.add([_reading(pipeline, 2, TEXT + " Two more were hurt.")])
    with Store(db) as s:
        assert s.counts()["articles"] == 1


def test_two_versions_of_an_edited_post_in_one_batch_keep_the_one_read_last(pipeline):
    post = dict(id="tg-55-9", date="2024-05-10", source_kind="telegram")
    v1 = pipeline.read(Article(**post, text="Shelling hit a school in Kherson on Friday, the governor said."))
    v2 = pipeline.read(Article(**post, text="Shelling hit a school and a clinic in Kherson on Friday, injuring "
                                            "two teachers, the governor said."))
    wire = pipeline.read(Article(id="w-1", date="2024-05-10", text="Police in Lima arrested four protesters "
                                                                   "on Friday, officials said."))
    with Store(":memory:") as s:
        assert s.add([v1, wire, v2]) == 2
        rows = s.con.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
        assert rows == [("tg-55-9", v2.article.text), ("w-1", wire.article.text)]
        places = {h for (h,) in s.con.execute("SELECT article_hash FROM places").fetchall()}
        assert v1.article.content_hash not in places and v2.article.content_hash in places
        assert s.add([v1, wire, v2]) == 0  # the same batch again changes nothing
        assert s.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2

"""One writer per store (live.py): two ingests at once queue, an ingest against a served
store hands its batches to the server, and a lock is always a message, never a traceback."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.article import Article
from dateline.errors import DatelineError
from dateline.live import open_store, state_path
from dateline.serve import create_app
from dateline.store import Store

FIX = Path(__file__).resolve().parent / "fixtures"
DL = [sys.executable, "-m", "dateline"]


def _jsonl(path: Path, prefix: str, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"{prefix}{i}", "date": "2024-03-0%d" % (i % 9 + 1),
                                "text": f"Report {prefix}{i}: police arrested {i + 2} men in Lagos on Monday."}) + "\n")


def test_two_ingests_at_once_both_land_once(tmp_path):
    db = tmp_path / "two.duckdb"
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _jsonl(a, "a", 6)
    _jsonl(b, "b", 6)
    both = tmp_path / "both.jsonl"
    both.write_text(a.read_text() + b.read_text())  # overlaps both: nothing may be stored twice
    procs = [subprocess.Popen(DL + ["ingest", str(x), "--db", str(db)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for x in (a, both)]
    outs = [p.communicate(timeout=300) for p in procs]
    errs = [e for _, e in outs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert not any("Traceback" in e for e in errs)
    assert any("waiting for the lock" in " ".join(e.split()) for e in errs), errs
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] == 12
        assert s.con.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 12
        dup = s.con.execute("SELECT count(*) FROM (SELECT article_hash, id FROM events GROUP BY ALL "
                            "HAVING count(*) > 1)").fetchone()[0]
        assert dup == 0


def test_lock_held_too_long_is_a_named_error(tmp_path):
    db = tmp_path / "held.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        said = []
        with pytest.raises(DatelineError) as exc:
            open_store(db, wait=0.5, say=said.append)
        assert exc.value.code == "E014" and f"PID {holder.pid}" in str(exc.value) and "--wait" in str(exc.value)
        assert len(said) == 1 and "waiting for the lock" in said[0]
    finally:
        holder.kill()
        holder.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def test_ingest_while_serving_hands_batches_to_the_server(tmp_path):
    db = tmp_path / "live.duckdb"
    port = _free_port()
    server = subprocess.Popen(DL + ["serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if _get(f"{base}/health")["status"] == "ok" and state_path(db).exists():
                    break
            except OSError:
                time.sleep(0.2)
        assert oct(state_path(db).stat().st_mode & 0o777) == "0o600"  # the hand-off token is the owner's
        res = subprocess.run(DL + ["ingest", str(FIX / "courier.rss"), str(FIX / "result.json"), "--db", str(db)],
                             capture_output=True, text=True, timeout=300)
        out = " ".join(res.stderr.split())
        assert res.returncode == 0, res.stderr
        assert "handing the batches to it" in out and "stored 7" in out and "Traceback" not in out
        health = _get(f"{base}/health")
        assert health["articles"] == 7 and health["incidents"] > 0
        again = subprocess.run(DL + ["ingest", str(FIX / "courier.rss"), "--db", str(db)],
                               capture_output=True, text=True, timeout=300)
        assert "stored 0, skipped 3" in " ".join(again.stderr.split())
        # readers that cannot share the file get a one-line answer naming the server
        st = subprocess.run(DL + ["stats", "--db", str(db)], capture_output=True, text=True, timeout=120)
        assert st.returncode == 2 and "[E014]" in st.stderr and "Traceback" not in st.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not state_path(db).exists()  # removed when the server stops
    with Store(db, read_only=True) as s:
        kinds = dict(s.con.execute("SELECT source_kind, count(*) FROM articles GROUP BY ALL").fetchall())
    assert kinds == {"feed": 3, "telegram": 4}


def test_handoff_endpoint_in_process(tmp_path, pipeline):
    from dateline.read import read_path

    app = create_app(tmp_path / "h.duckdb", token="", local_token="local-123")
    arts = [a for a in read_path(FIX / "result.json") if isinstance(a, Article)]
    readings = list(pipeline.run(arts))
    body = {"readings": [{"reading": r.to_dict(), "origin": r.article.origin} for r in readings], "failures": [
        {"file": "x.rss", "line": 3, "problem": "feed is not well-formed XML [E011]", "id": None}]}
    h = {"Authorization": "Bearer local-123"}
    with TestClient(app) as c:
        assert c.post("/ingest", json=body).status_code == 401
        assert c.post("/ingest", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
        r = c.post("/ingest", json=body, headers=h).json()
        assert r["stored"] == 4 and r["failures"] == 1
        assert c.post("/ingest", json=body, headers=h).json()["stored"] == 0  # idempotent
        known = c.post("/ingest/known", json={"hashes": [readings[0].article.content_hash, "x"]}, headers=h).json()
        assert known["known"] == [readings[0].article.content_hash]
        assert c.post("/ingest", content=b"{not json", headers=h).status_code == 422
        assert c.post("/ingest/done", json={}, headers=h).json()["incidents"] > 0
        assert c.post("/articles", json={"articles": [{"id": "a", "date": "2024-01-01", "text": "x"}]},
                      headers=h).status_code == 403  # the hand-off token does not turn public writes on
        # the API shows where each report came from
        items = c.get("/events", params={"limit": 500}).json()["items"]
        reps = [rep for i in items for rep in c.get(f"/events/{i['incident_id']}").json()["reports"]]
        assert reps and {rep["source_kind"] for rep in reps} == {"telegram"}
        assert any(rep["outlet"] == "Hillside Watch" for rep in reps)
        assert all(rep["url"].startswith("https://t.me/riverbend_monitor/") for rep in reps)


def test_serve_watch_reads_new_and_changed_files_once(tmp_path, pipeline):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app = create_app(tmp_path / "w.duckdb", token="", watch=[str(inbox)], poll=3600)
    app.state.pipeline = pipeline
    watcher = app.state.watcher
    assert watcher.once() == {"read": 0, "stored": 0, "failed": 0}
    feed = (FIX / "courier.rss").read_text(encoding="utf-8")
    two_items = feed[:feed.index("<item>", feed.index("<item>") + 1)] + "</channel></rss>"
    (inbox / "news.rss").write_text(two_items, encoding="utf-8")
    (inbox / "bad.xml").write_text("<rss><channel><item>", encoding="utf-8")
    got = watcher.once()
    assert got["stored"] == 1 and got["failed"] >= 1
    assert watcher.once()["read"] == 0  # nothing changed: nothing read
    (inbox / "news.rss").write_text(feed, encoding="utf-8")  # the feed gains two items
    (inbox / "tg").mkdir()
    (inbox / "tg" / "result.json").write_text((FIX / "result.json").read_text(encoding="utf-8"), encoding="utf-8")
    got = watcher.once()
    assert got["stored"] == 2 + 4
    with TestClient(app) as c:
        assert c.get("/health").json()["articles"] == 7
        assert c.get("/events").json()["items"]

"""`dateline check` (issue 19): a sound store passes, a corrupted copy fails; a killed ingest
leaves a store that passes, and a re-run stores every article once."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _store(tmp_path):
    db = tmp_path / "s.duckdb"
    res = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return db


def test_check_passes_then_fails_on_corruption(tmp_path):
    import duckdb

    db = _store(tmp_path)
    res = runner.invoke(app, ["check", "--db", str(db)])
    assert res.exit_code == 0 and "check passed" in res.output, res.output
    for sql, says in [("DELETE FROM places WHERE rowid IN (SELECT min(rowid) FROM places)", "incomplete places"),
                      ("INSERT INTO quotes (article_hash) VALUES ('nope')", "belong to no article"),
                      ("DELETE FROM incident_reports WHERE rowid IN (SELECT min(rowid) FROM incident_reports)",
                       "incident(s)")]:
        bad = tmp_path / f"bad{len(says)}.duckdb"
        shutil.copy(db, bad)
        con = duckdb.connect(str(bad))
        con.execute(sql)
        con.close()
        res = runner.invoke(app, ["check", "--db", str(bad)])
        assert res.exit_code == 1 and says in res.output and "check failed" in res.output, res.output


def test_killed_ingest_leaves_a_sound_store(tmp_path):
    import duckdb

    src = tmp_path / "in.jsonl"
    src.write_text("".join(
        f'{{"id": "a{i}", "date": "2024-05-11", "text": "Police detained {i + 2} protesters in Tbilisi on '
        f'Saturday, officials said. Shelling killed {i + 1} people in Kherson."}}\n' for i in range(150)))
    exe = str(Path(sys.executable).with_name("dateline"))
    rnd = random.Random(19)
    db = tmp_path / "k.duckdb"
    stored = []
    wal = Path(str(db) + ".wal")
    for delay in sorted(rnd.uniform(0.0, 1.2) for _ in range(2)):
        p = subprocess.Popen([exe, "ingest", str(src), "--db", str(db), "--batch", "4"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 30
        while (not wal.exists() or wal.stat().st_size < 20_000) and p.poll() is None and time.monotonic() < end:
            time.sleep(0.02)  # batches are landing: the run is under way
        time.sleep(delay)
        os.kill(p.pid, signal.SIGKILL)
        assert p.wait() == -signal.SIGKILL  # killed mid-run, not finished
        con = duckdb.connect(str(db), read_only=True)
        stored.append(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        con.close()
        if db.exists():
            res = subprocess.run([exe, "check", "--db", str(db)], capture_output=True, text=True)
            assert res.returncode == 0, res.stderr
    assert 0 < stored[-1] < 150, stored  # the kills fell mid-run
    res = subprocess.run([exe, "ingest", str(src), "--db", str(db)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([exe, "check", "--db", str(db)], capture_output=True, text=True)
    assert res.returncode == 0 and "not merged" not in res.stderr, res.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (150, 150)

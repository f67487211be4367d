"""kill -9 an ingest at random points mid-run, then check the store and run it again.

Each run starts `dateline ingest` on the same input into a fresh store, waits until the
store has taken its first batches (its write-ahead log holds them), kills it with SIGKILL
after a random further delay, runs `dateline check`, then the same ingest again, and
checks that every article is stored exactly once. Prints one line per run and a summary.

Example:
    python scripts/kill_campaign.py INPUT.jsonl --runs 10 --work /tmp/kills
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb


def count(db: Path) -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        n, ids = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    finally:
        con.close()
    return n, ids


def one_run(src: Path, db: Path, expected: int, rng: random.Random) -> dict:
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "dateline", "ingest", str(src), "--db", str(db), "--batch", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(db) + ".wal")
    deadline = time.time() + 300
    # past the tables' creation: the log holds stored batches
    while time.time() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > 20_000):
        time.sleep(0.02)
    time.sleep(rng.uniform(0, 4))  # somewhere inside the run, not before its first batch
    mid = proc.poll() is None
    if mid:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = count(db)[0] if db.exists() else 0
    check = subprocess.run([sys.executable, "-m", "dateline", "check", "--db", str(db)],
                           capture_output=True, text=True)
    again = subprocess.run(cmd, capture_output=True, text=True)
    n, ids = count(db)
    return {"killed_mid_run": mid, "stored_at_kill": before, "check_ok": check.returncode == 0,
            "rerun_ok": again.returncode == 0, "stored_once": n == ids == expected}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", type=Path, help="a JSONL file of articles (one per line)")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--work", type=Path, default=Path("kill-campaign"))
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    expected = sum(1 for line in a.input.open(encoding="utf-8") if line.strip())
    rng = random.Random(a.seed)
    rows = []
    for i in range(a.runs):
        r = one_run(a.input, a.work / f"run{i}.duckdb", expected, rng)
        rows.append(r)
        print(f"run {i + 1}: killed mid-run={r['killed_mid_run']} stored at kill={r['stored_at_kill']} "
              f"check={'ok' if r['check_ok'] else 'FAILED'} rerun={'ok' if r['rerun_ok'] else 'FAILED'} "
              f"every article once={r['stored_once']}", flush=True)
    mid = sum(r["killed_mid_run"] for r in rows)
    good = sum(r["check_ok"] and r["rerun_ok"] and r["stored_once"] for r in rows)
    print(f"runs {len(rows)}, killed mid-run {mid}, sound afterwards {good}, lost or doubled "
          f"{len(rows) - good}")
    sys.exit(0 if good == len(rows) else 1)


if __name__ == "__main__":
    main()

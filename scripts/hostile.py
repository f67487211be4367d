"""Time and peak RSS of reading one hostile article (issue 19).

    .venv/bin/python scripts/hostile.py --size 100000 --timeout 120
    .venv/bin/python scripts/hostile.py --size 1000000 --kinds word,line

Each case runs `dateline extract` in its own process on a synthetic article (one word
repeated, one huge line of prose without full stops, thousands of quote marks, thousands
of numbers) and reports wall time, peak RSS (the process tree, polled) and the outcome
(a reading, with its stage errors, or the named error).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

WORDS = ("troops shelled the village near Kharkiv on Monday killing two civilians officials said "
         "while the governor of the region denied it and Russian forces advanced").split()


def make(kind: str, size: int) -> str:
    if kind == "word":
        unit = "shelling "
    elif kind == "line":
        unit = " ".join(WORDS) + ", "
    elif kind == "quotes":
        unit = '"We will rebuild," he said, " '
    elif kind == "numbers":
        unit = "12 34,500 7.5 1987 "
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return (unit * (size // len(unit) + 1))[:size]


def run(kind: str, size: int, timeout: float, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / f"{kind}.txt"
        src.write_text("date 2024-05-11\n" + make(kind, size), "utf-8")
        exe = Path(sys.executable).with_name("dateline")
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(exe), "extract", str(src), "-o", str(Path(d) / "out.jsonl"), *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ps = psutil.Process(proc.pid)
        peak = 0
        timed_out = False
        while proc.poll() is None:
            try:
                rss = sum(p.memory_info().rss for p in [ps, *ps.children(recursive=True)])
                peak = max(peak, rss)
            except psutil.Error:
                pass
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                proc.kill()
                break
            time.sleep(0.1)
        stderr = proc.communicate()[1]
        secs = time.perf_counter() - t0
        outcome = "timeout"
        if not timed_out:
            out = Path(d) / "out.jsonl"
            lines = out.read_text("utf-8").splitlines() if out.exists() else []
            obj = json.loads(lines[0]) if lines else {}
            if "error" in obj:
                outcome = "refused: " + obj["error"][:120]
            elif obj:
                errs = [f"{e['stage']} {e['code']}" for e in obj.get("errors", [])]
                outcome = "reading" + (f" (stage errors: {', '.join(errs)})" if errs else "")
            else:
                outcome = f"exit {proc.returncode}: {stderr.strip()[-200:]}"
        return {"kind": kind, "chars": size, "seconds": round(secs, 1), "peak_rss_mb": round(peak / 2**20),
                "outcome": outcome}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, action="append", help="characters (repeat); default 100000 and 1000000")
    ap.add_argument("--kinds", default="word,line,quotes,numbers")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("extra", nargs="*", help="more options for dateline extract (after --)")
    a = ap.parse_args()
    for size in a.size or [100_000, 1_000_000]:
        for kind in a.kinds.split(","):
            print(json.dumps(run(kind, size, a.timeout, a.extra)), flush=True)


if __name__ == "__main__":
    main()

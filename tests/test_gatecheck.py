"""`dateline bench --check`: dev figures with the parse gate off and on."""
from __future__ import annotations

import json
from pathlib import Path

from dateline.gatecheck import gold_files, run_check

EVAL = Path(__file__).resolve().parents[1] / "eval"


def test_gold_sets_are_found_by_their_folder(tmp_path):
    for sub in ("time", "geo", "events", "quotes", "other"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.jsonl").write_text("{}\n")
    (tmp_path / "incidents.jsonl").write_text("{}\n")
    got = sorted((task, f.relative_to(tmp_path).as_posix()) for task, f in gold_files([tmp_path]))
    assert got == [("events", "events/a.jsonl"), ("incidents", "incidents.jsonl"), ("places", "geo/a.jsonl"),
                   ("quotes", "quotes/a.jsonl"), ("times", "time/a.jsonl")]


def test_the_incident_set_scores_the_same_with_and_without_the_gate(tmp_path, pipeline):
    rows = [json.loads(line) for line in (EVAL / "incidents.jsonl").read_text("utf-8").splitlines()[:30]]
    small = tmp_path / "incidents.jsonl"
    small.write_text("".join(json.dumps(r) + "\n" for r in rows))
    res = run_check([small])
    assert [r["figure"] for r in res["rows"]] == ["pair_precision", "pair_recall"]
    assert res["all_ok"] and all(r["full"] > 0.5 for r in res["rows"])

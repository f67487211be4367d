"""`dateline bench --check DIR`: the dev figures with parse gating (gate.py) on and off, in one run.

Gating may only save time: every figure must stay within `TOLERANCE` of the full parse.
Each gold file under DIR is read by its folder, as in `shared/eval`: time/ (times),
geo/ (places), events/, quotes/; a file named incidents.jsonl is an incident set. Both
runs read the same articles in the same process, one after the other.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

TOLERANCE = 0.005
TASKS = {"time": "times", "geo": "places", "events": "events", "quotes": "quotes"}
FIGURES = {"times": ("relaxed_f1", "strict_f1", "date_value_acc"), "places": ("f1", "acc161"),
           "events": ("type_acc", "sub_type_acc", "place25_all"), "quotes": ("f1", "direct_recall", "speaker_acc"),
           "incidents": ("pair_precision", "pair_recall")}


def gold_files(dirs: list[Path]) -> list[tuple[str, Path]]:
    """(task, file) for each gold set found under `dirs`."""
    out = []
    for d in dirs:
        files = [d] if d.is_file() else sorted(d.rglob("*.jsonl"))
        for f in files:
            task = "incidents" if f.name == "incidents.jsonl" else TASKS.get(f.parent.name)
            if task:
                out.append((task, f))
    return out


def _score(task: str, gold: list[dict], readings: list[dict]) -> dict:
    from . import evaluate

    if task == "incidents":
        return evaluate.score_incidents(gold, evaluate.incidents_of(readings))
    return evaluate.SCORERS[task](gold, evaluate.predictions(readings))


def run_check(dirs: list[Path], *, config: Path | None = None, workers: int = 1,
              say: Callable[[str], None] = lambda s: None) -> dict:
    """Figures of each gold set with the gate off and on, their differences and the times."""
    from . import evaluate
    from .pipeline import Pipeline, load_config, run_parallel

    found = gold_files(dirs)
    if not found:
        from .errors import DatelineError

        raise DatelineError("E006", f"no gold set under {', '.join(map(str, dirs))}: give the folder that holds "
                            "time/, geo/, events/ and quotes/ (e.g. ../shared/eval) or an incidents.jsonl")
    rows, seconds = [], {False: 0.0, True: 0.0}
    for task, path in found:
        gold = evaluate.load_jsonl(path)
        arts = evaluate.gold_articles(gold)
        figs = {}
        for gate in (False, True):
            cfg = load_config(config, overrides={"nlp": {"gate": gate}})
            say(f"{path.name}: {len(arts)} articles, gate {'on' if gate else 'off'}")
            t0 = time.perf_counter()
            if workers > 1:
                readings = [r.to_dict() for r in run_parallel(arts, config=cfg, workers=workers)]
            else:
                pipe = Pipeline(cfg)
                pipe.warm()
                t0 = time.perf_counter()
                readings = [r.to_dict() for r in pipe.run(arts)]
            seconds[gate] += time.perf_counter() - t0
            figs[gate] = _score(task, gold, readings)
        placed = task != "events" or any(g.get("gold", {}).get("lat") not in (None, "") for g in gold)
        for name in FIGURES[task]:
            if name == "place25_all" and not placed:
                continue  # a set with no coded coordinates (CASE) has no place figure
            off, on = float(figs[False][name]), float(figs[True][name])
            rows.append({"set": path.name, "task": task, "figure": name, "full": off, "gated": on,
                         "diff": round(on - off, 3), "ok": abs(on - off) <= TOLERANCE + 1e-9})
    return {"rows": rows, "tolerance": TOLERANCE, "all_ok": all(r["ok"] for r in rows),
            "seconds_full": round(seconds[False], 2), "seconds_gated": round(seconds[True], 2)}


def render_check(res: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"dev figures, full parse against gated (tolerance {res['tolerance']})")
    for col in ("set", "figure", "full", "gated", "diff", ""):
        t.add_column(col, justify="right" if col in ("full", "gated", "diff") else "left")
    for r in res["rows"]:
        t.add_row(r["set"], r["figure"], f"{r['full']:.3f}", f"{r['gated']:.3f}", f"{r['diff']:+.3f}",
                  "ok" if r["ok"] else "OUT")
    c = Console()
    c.print(t)
    c.print(f"reading time: full {res['seconds_full']} s, gated {res['seconds_gated']} s; "
            f"{'every figure within the tolerance' if res['all_ok'] else 'SOME FIGURES OUT OF TOLERANCE'}")

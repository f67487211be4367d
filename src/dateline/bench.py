"""`dateline bench`: the full pipeline against raw spaCy on the same texts, in one run.

(a) dateline: read -> every stage, as `extract` runs it; (b) raw spaCy en_core_web_sm
with all its components over the same texts. Both load and warm up before the clock
starts. Figures: words/s, articles/s, the ratio a/b (>= 1.0: dateline is as fast as
the bare parse), time per stage, and peak RSS per process.
"""
from __future__ import annotations

import itertools
import resource
import time
from pathlib import Path

from .article import Article
from .read import read_inputs

WARMUP = 8


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def run_bench(inputs, *, n: int, workers: int = 1, date: str | None = None,
              config: Path | None = None) -> dict:
    from .nlp import load_nlp
    from .pipeline import Pipeline, load_config, run_parallel

    arts = list(itertools.islice((x for x in read_inputs(inputs, date=date) if isinstance(x, Article)), n))
    if not arts:
        from .errors import DatelineError

        raise DatelineError("E006", "no readable article in the bench input")
    warm = arts[:WARMUP]  # the same texts, run once before the clock starts
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    cfg = load_config(config)
    res: dict = {"articles": len(arts), "words": words, "workers": workers}

    # (b) raw spaCy, every component of the model
    nlp = load_nlp(cfg["nlp"]["model"])
    list(nlp.pipe([a.text for a in warm]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=cfg["nlp"].get("batch_size", 16), n_process=workers):
        pass
    raw = time.perf_counter() - t0

    # (a) the dateline pipeline
    timings: dict[str, float] = {}
    if workers > 1:
        t0 = time.perf_counter()
        for _ in run_parallel(arts, config=cfg, workers=workers, timings=timings):
            pass
        ours = time.perf_counter() - t0
    else:
        pipe = Pipeline(cfg)
        list(pipe.run(warm))
        pipe.timings.clear()
        t0 = time.perf_counter()
        for _ in pipe.run(arts):
            pass
        ours = time.perf_counter() - t0
        timings = dict(pipe.timings)

    res["spacy"] = {"seconds": round(raw, 3), "words_per_s": round(words / raw),
                    "articles_per_s": round(len(arts) / raw, 2)}
    res["dateline"] = {"seconds": round(ours, 3), "words_per_s": round(words / ours),
                       "articles_per_s": round(len(arts) / ours, 2)}
    res["ratio"] = round(raw / ours, 3)
    total = sum(timings.values()) or 1.0
    res["stages_ms_per_article"] = {k: round(1000 * v / len(arts), 3) for k, v in
                                    sorted(timings.items(), key=lambda kv: -kv[1])}
    res["stages_share"] = {k: round(v / total, 3) for k, v in timings.items()}
    res["peak_rss_mb"] = {"main": round(_peak_rss_mb()),
                          "largest_worker": round(_peak_rss_mb(resource.RUSAGE_CHILDREN))}
    return res


def render(res: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    t = Table(title=f"bench: {res['articles']} articles, {res['words']:,} words, {res['workers']} worker(s)")
    for c in ("run", "seconds", "words/s", "articles/s"):
        t.add_column(c, justify="right" if c != "run" else "left")
    for k in ("dateline", "spacy"):
        r = res[k]
        t.add_row(k if k == "dateline" else "raw spaCy", str(r["seconds"]), f"{r['words_per_s']:,}",
                  str(r["articles_per_s"]))
    con.print(t)
    con.print(f"ratio dateline/spaCy throughput: [bold]{res['ratio']}[/]  (>= 1.0 means no cost over the parse)")
    t = Table(title="time per stage (ms per article)")
    t.add_column("stage")
    t.add_column("ms", justify="right")
    t.add_column("share", justify="right")
    for k, v in res["stages_ms_per_article"].items():
        t.add_row(k, f"{v:.2f}", f"{100 * res['stages_share'][k]:.1f}%")
    con.print(t)
    con.print(f"peak RSS: main {res['peak_rss_mb']['main']} MB, "
              f"largest worker {res['peak_rss_mb']['largest_worker']} MB")

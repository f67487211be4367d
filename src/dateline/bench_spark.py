"""`dateline bench --engine spark`: Spark in local mode against `ingest --workers K`, one run.

The same N articles (written once to a JSONL file both read) go (a) the way `ingest -w K`
takes them: read, K forked pipeline workers, the DuckDB store in batches of 64, then the
incident merge; and (b) through `dateline spark` on local[K]: read, pipeline in K Python
workers, the Parquet lake, the distributed merge. Both warm before the clock, as the other
bench does: (a) loads its model in the parent its workers fork from, (b) starts the session
and loads a pipeline in each Python worker; those start-up times are reported beside the
runs. Figures: seconds, articles/s and words/s for each, and their ratio spark/ingest.
"""
from __future__ import annotations

import itertools
import json
import tempfile
import time
from pathlib import Path

from .article import Article
from .read import read_inputs

WARMUP = 16  # articles of the warm-up run (off the clock)


def run_spark_bench(inputs, *, n: int, workers: int = 2, date: str | None = None,
                    config: Path | None = None, say=None) -> dict:
    from . import spark as S
    from .errors import DatelineError
    from .incidents import dedup
    from .pipeline import load_config, prepare_parallel, run_parallel
    from .store import Store

    say = say or (lambda m: None)
    arts = list(itertools.islice((x for x in read_inputs(inputs, date=date) if isinstance(x, Article)), n))
    if not arts:
        raise DatelineError("E006", "no readable article in the bench input")
    words = sum(len(a.text.split()) for a in arts)
    tmp = Path(tempfile.mkdtemp(prefix="dateline-spark-bench-"))
    src = tmp / "input.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps({k: getattr(a, k) for k in ("id", "date", "text", "title", "url", "source",
                                                           "source_kind") if getattr(a, k) is not None},
                               ensure_ascii=False) + "\n")
    cfg = load_config(config)
    res: dict = {"articles": len(arts), "words": words, "workers": workers, "master": f"local[{workers}]"}

    # (a) ingest -w K: read, pipeline, store in batches of 64, merge; its model loaded off the clock
    t0 = time.perf_counter()
    prepare_parallel(cfg)
    res["ingest_model_seconds"] = round(time.perf_counter() - t0, 2)
    say(f"bench: ingest --workers {workers} on {len(arts)} articles ...")
    t0 = time.perf_counter()
    with Store(tmp / "bench.duckdb") as store:
        batch = []
        items = (x for x in read_inputs([str(src)]) if isinstance(x, Article))
        for r in run_parallel(items, config=cfg, workers=workers):
            batch.append(r)
            if len(batch) >= 64:
                store.add(batch)
                batch = []
        store.add(batch)
        merged = dedup(store)
    ingest = time.perf_counter() - t0

    # start-up, off the clock: the Spark session and its Python workers' pipelines
    t0 = time.perf_counter()
    spark = S.session(f"local[{workers}]", pipeline=cfg)
    res["spark_session_seconds"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    S.warm_workers(spark, cfg, workers)
    res["spark_worker_warm_seconds"] = round(time.perf_counter() - t0, 2)
    # and the JVM's code paths (its JIT), by a run of WARMUP articles into a lake thrown away,
    # as the raw bench runs its first texts before the clock
    warm = tmp / "warm.jsonl"
    warm.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:WARMUP]), encoding="utf-8")
    t0 = time.perf_counter()
    S.run(spark, [str(warm)], str(tmp / "warm-lake"), config=cfg)
    res["spark_warm_run_seconds"] = round(time.perf_counter() - t0, 2)

    # (b) dateline spark on local[K]
    say(f"bench: spark local[{workers}] on the same articles ...")
    t0 = time.perf_counter()
    out = S.run(spark, [str(src)], str(tmp / "lake"), config=cfg)
    ours = time.perf_counter() - t0
    spark.stop()

    for name, secs, extra in (("ingest", ingest, {"incidents": merged["incidents"]}),
                              ("spark", ours, {"incidents": out["incidents"], "partitions": out["partitions"]})):
        res[name] = {"seconds": round(secs, 2), "articles_per_s": round(len(arts) / secs, 2),
                     "words_per_s": round(words / secs), **extra}
    res["ratio_spark_ingest"] = round(ingest / ours, 3)
    res["per_core_articles_per_s"] = round(len(arts) / ours / workers, 2)
    res["spark_phase_seconds"] = out["phase_seconds"]
    res["tmp"] = str(tmp)
    return res


def render_spark(res: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    t = Table(title=f"bench: {res['articles']} articles, {res['words']:,} words, {res['workers']} cores")
    for c in ("run", "seconds", "articles/s", "words/s", "incidents"):
        t.add_column(c, justify="right" if c != "run" else "left")
    for k, label in (("ingest", f"ingest --workers {res['workers']}"), ("spark", f"spark {res['master']}")):
        r = res[k]
        t.add_row(label, str(r["seconds"]), str(r["articles_per_s"]), f"{r['words_per_s']:,}", str(r["incidents"]))
    con.print(t)
    con.print(f"ratio spark/ingest throughput: [bold]{res['ratio_spark_ingest']}[/]  "
              f"({res['per_core_articles_per_s']} articles/s per core on Spark)")
    con.print(f"start-up, off the clock: Spark session {res['spark_session_seconds']} s, its Python workers' "
              f"pipelines {res['spark_worker_warm_seconds']} s, a warm-up run {res['spark_warm_run_seconds']} s; "
              f"ingest's model {res['ingest_model_seconds']} s")
    con.print("spark phases (s): " + ", ".join(f"{k} {v}" for k, v in res["spark_phase_seconds"].items()))

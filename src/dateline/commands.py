"""Commands beyond `extract`: ingest, stats, export, dedup, bench, eval (registered on `cli.app`)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .article import ReadError, Reading
from .cli import (ConfigOpt, DateOpt, DbOpt, FetchOpt, MaxCharsOpt, WaitOpt, WorkersOpt, _fail, _readings, app,
                  err, open_store_or_fail)
from .errors import DatelineError
from .read import read_inputs
from .runs import RunCounts, progress

LakeOpt = typer.Option(None, "--lake", help="Read this Parquet lake (`dateline spark --out DIR`) instead of a store.")


def open_lake_or_fail(path: Path):
    from .lake import open_lake

    try:
        return open_lake(path)
    except DatelineError as exc:
        _fail(str(exc))


@app.command(epilog="Example:\n\n  dateline ingest examples/ --db events.duckdb\n\n"
             "  dateline ingest ../shared/corpus/reuters21578.jsonl --db reuters.duckdb -w 2\n\n"
             "  dateline ingest news.rss https://example.org/feed.xml --fetch --db events.duckdb\n\n"
             "  dateline ingest ChatExport_2024-05-12/result.json --db events.duckdb")
def ingest(
    inputs: List[str] = typer.Argument(..., help="Files, folders, feed URLs or - (any input form extract reads)"),
    db: Path = DbOpt,
    date: Optional[str] = DateOpt,
    workers: int = WorkersOpt,
    config: Optional[Path] = ConfigOpt,
    max_chars: int = MaxCharsOpt,
    fetch: bool = FetchOpt,
    batch: int = typer.Option(64, "--batch", min=1, help="Articles per transaction."),
    wait: float = WaitOpt,
) -> None:
    """Read articles into a DuckDB store. Idempotent: stored articles (same content hash) are skipped;
    a revised feed item or edited Telegram post replaces its older reading. Another writer's lock
    is waited for; a store held by `dateline serve` gets the batches handed to the server."""
    from .live import LocalSink, open_store

    counts = RunCounts()
    try:
        opened = open_store(db, wait=wait, say=err.print, hand_off=True)
    except DatelineError as exc:
        _fail(str(exc))
    except Exception as exc:  # duckdb raises IOException, InvalidInputException, ...
        _fail(f"cannot open store {db}: {exc}")
    sink = opened if getattr(opened, "remote", False) else LocalSink(opened)
    try:
        readings: list[Reading] = []
        failures: list[ReadError] = []
        pending: list = []

        def fresh(items):
            # ask the store about articles in small groups, so a handed-off run costs few calls
            def judge():
                known = sink.known([a.content_hash for a in pending if not isinstance(a, ReadError)])
                for it in pending:
                    if not isinstance(it, ReadError) and it.content_hash in known:
                        counts.skipped += 1
                        continue
                    yield it
                pending.clear()

            seen: set[str] = set()
            for it in items:
                if not isinstance(it, ReadError):
                    if it.content_hash in seen:
                        counts.skipped += 1
                        continue
                    seen.add(it.content_hash)
                pending.append(it)
                if len(pending) >= 256:
                    yield from judge()
            yield from judge()

        def flush():
            counts.stored += sink.add(readings, failures)
            readings.clear()
            failures.clear()

        try:
            with progress(err, "ingest") as bar:
                for item in _readings(fresh(read_inputs(inputs, date=date, max_chars=max_chars, fetch=fetch,
                                                        tally=counts.passed)),
                                      config=config, workers=workers, counts=counts):
                    if isinstance(item, ReadError):
                        failures.append(item)
                    else:
                        counts.stage_errors += len(item.errors)
                        readings.append(item)
                        bar()
                    if len(readings) >= batch:
                        flush()
                flush()
            out = sink.finish(changed=bool(counts.stored))
        except DatelineError as exc:
            _fail(str(exc))
        if out:
            err.print(f"incidents: {out['incidents']} from {out['events']} event reports")
        if sink.replaced:
            err.print(f"replaced {sink.replaced} older reading(s) of revised items (edited posts, updated feed items)")
        if sink.remote:
            err.print(f"handed to the server at {sink.url}")
    finally:
        sink.close()
    counts.report(err)
    if counts.read == 0 and counts.skipped == 0 and not counts.passed:
        raise typer.Exit(1)


@app.command("spark", epilog="Example:\n\n  dateline spark examples/ --out lake/\n\n"
             "  dateline spark ../shared/corpus/reuters21578.jsonl --out lake/ --master 'local[2]'\n\n"
             "  spark-submit --master yarn --archives dateline-env.tar.gz#env scripts/spark_job.py "
             "'hdfs:///news/2024-05-*.jsonl' --out hdfs:///lake")
def spark_(
    inputs: List[str] = typer.Argument(..., help="Files, folders or globs (any input form ingest reads); on a "
                                                 "cluster any path Spark reads: hdfs://, s3a:// ..."),
    out: str = typer.Option(..., "--out", help="The lake: a folder, local or any path Spark writes."),
    master: Optional[str] = typer.Option(None, "--master", help="Spark master URL (default local[*]); under "
                                                                "spark-submit the cluster's own settings win."),
    partitions: Optional[int] = typer.Option(None, "--partitions", min=1,
                                             help="Tasks the articles are spread over (default: about 100 "
                                                  "articles each, at most 8 per core)."),
    date: Optional[str] = DateOpt,
    config: Optional[Path] = ConfigOpt,
    max_chars: int = MaxCharsOpt,
    fetch: bool = FetchOpt,
) -> None:
    """Read articles into a Parquet lake on Apache Spark: the store's tables, partitioned by the
    article's year and month, and incidents merged across the whole lake. Idempotent like ingest
    (articles the lake holds are skipped); a later run adds to it. Needs pip install 'dateline[spark]'."""
    import os

    from . import spark as S
    from .pipeline import load_config

    counts = RunCounts()
    try:
        cfg = load_config(config)
        session = S.session(master, partitions=partitions, pipeline=cfg)
        if master and "PYSPARK_GATEWAY_PORT" in os.environ:
            err.print(f"note: under spark-submit the cluster's settings win; --master {master} is not used")
        res = S.run(session, inputs, out, partitions=partitions, date=date, max_chars=max_chars, fetch=fetch,
                    config=cfg, say=err.print)
    except DatelineError as exc:
        _fail(str(exc))
    except Exception as exc:  # the job itself failed (a lost cluster, a full disk): no half run is visible
        _fail(f"the Spark job failed ({type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:300]}); "
              f"the lake at {out} shows none of this run (a commit cut short is finished by the next run) [E018]")
    for problem in res["failure_examples"]:
        err.print(f"[yellow]skipped[/] {problem}")
    counts.read, counts.stored, counts.skipped = res["read"], res["stored"], res["skipped"]
    counts.failed, counts.stage_errors = res["failed"], res["stage_errors"]
    err.print(f"incidents: {res['incidents']} across the lake; lake {out} (run {res['run']}, "
              f"{res['partitions']} partitions, {res['seconds']} s)")
    counts.report(err)
    if res["read"] == 0 and res["skipped"] == 0:
        raise typer.Exit(1)


@app.command(epilog="Example:\n\n  dateline stats --db events.duckdb")
def stats(db: Path = DbOpt, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Counts per table, per event type, and failures."""
    import json

    from rich.table import Table

    from .store import Store

    if not db.exists():
        _fail(f"no store at {db}: run `dateline ingest ... --db {db}` first")
    with open_store_or_fail(db, read_only=True) as store:
        out = {"tables": store.counts()}
        q = store.con.execute
        out["events_by_type"] = q("SELECT coalesce(acled_event_type, '(none)'), plover, count(*) FROM events "
                                  "GROUP BY ALL ORDER BY 3 DESC").fetchall()
        out["stage_errors"] = q("SELECT stage, count(*) FROM stage_errors GROUP BY ALL ORDER BY 2 DESC").fetchall()
        out["failures"] = q("SELECT problem, count(*) FROM failures GROUP BY ALL ORDER BY 2 DESC LIMIT 20").fetchall()
    if as_json:
        typer.echo(json.dumps(out, indent=1, default=str))
        return
    from rich.console import Console

    con = Console()
    t = Table(title=f"dateline store {db}")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for k, v in out["tables"].items():
        t.add_row(k, str(v))
    con.print(t)
    t = Table(title="events by type")
    for c in ("ACLED event type", "PLOVER", "events"):
        t.add_column(c)
    for a, b, c in out["events_by_type"]:
        t.add_row(a, b, str(c))
    con.print(t)
    for label in ("stage_errors", "failures"):
        if out[label]:
            t = Table(title=label.replace("_", " "))
            t.add_column("what")
            t.add_column("count", justify="right")
            for a, c in out[label]:
                t.add_row(str(a), str(c))
            con.print(t)


@app.command(epilog="Example:\n\n  dateline export --db events.duckdb --format csv -o incidents.csv\n\n"
             "  dateline export --db events.duckdb --format geojson --country UA --since 2023-03-01 -o ua.geojson\n\n"
             "  dateline export --db events.duckdb --format parquet --type Battles -o battles.parquet\n\n"
             "  dateline export --db events.duckdb --format readings > readings.jsonl\n\n"
             "  dateline export --lake lake/ --format geojson --since 2024-01-01 -o incidents.geojson")
def export(
    db: Path = DbOpt,
    lake: Optional[Path] = LakeOpt,
    fmt: str = typer.Option("csv", "--format",
                            help="csv (ACLED columns), geojson, parquet, jsonl (incidents with reports) "
                                 "or readings (stored readings as extract writes them)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default standard output)."),
    since: Optional[str] = typer.Option(None, "--since", help="Incidents on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Incidents on or before YYYY-MM-DD."),
    country: Optional[str] = typer.Option(None, "--country", help="ISO code or country name."),
    type_: Optional[str] = typer.Option(None, "--type", help="ACLED event type, sub-event type or PLOVER root."),
) -> None:
    """Write incidents out; streams, so memory does not grow with the store."""
    import datetime as dt

    from .export import WRITERS, Filters, country_code
    from .store import Store

    if fmt not in WRITERS:
        _fail(f"--format must be one of {', '.join(WRITERS)}, not {fmt!r}")
    for name, v in (("--since", since), ("--until", until)):
        if v:
            try:
                dt.date.fromisoformat(v)
            except ValueError:
                _fail(f"{name} must be a date YYYY-MM-DD, not {v!r}")
    if country:
        try:
            country_code(country)
        except ValueError as exc:
            _fail(str(exc))
    if lake is None and not db.exists():
        _fail(f"no store at {db}: run `dateline ingest ... --db {db}` first")
    with (open_lake_or_fail(lake) if lake is not None else open_store_or_fail(db, read_only=True)) as store:
        try:
            n = WRITERS[fmt](store, output, Filters(since=since, until=until, country=country, type=type_))
        except ValueError as exc:
            _fail(str(exc))
    err.print(f"exported {n} {'readings' if fmt == 'readings' else 'incidents'} ({fmt})")


@app.command(epilog="Example:\n\n  dateline dedup --db events.duckdb")
def dedup(db: Path = DbOpt) -> None:
    """Merge event reports into incidents (ingest runs this too). Idempotent."""
    import time

    from .incidents import dedup as run
    from .store import Store

    if not db.exists():
        _fail(f"no store at {db}: run `dateline ingest ... --db {db}` first")
    t = time.perf_counter()
    with open_store_or_fail(db) as store:
        out = run(store)
    err.print(f"dedup: {out['events']} event reports -> {out['incidents']} incidents "
              f"({out['merged']} merged from several reports) in {time.perf_counter() - t:.1f} s")


@app.command(epilog="Example:\n\n  dateline bench ../shared/corpus/reuters21578.jsonl --n 500\n\n"
             "  dateline bench examples/ --workers 2\n\n"
             "  dateline bench --dedup 100000\n\n"
             "  dateline bench --serve 10000\n\n"
             "  dateline bench ../shared/corpus/reuters21578.jsonl --live 2000\n\n"
             "  dateline bench ../shared/corpus/reuters21578.jsonl --n 2000 --workers 2 --engine spark\n\n"
             "  dateline bench --check ../shared/eval --check eval/incidents.jsonl")
def bench(
    inputs: Optional[List[str]] = typer.Argument(None, help="Articles to time (any input form)."),
    n: Optional[int] = typer.Option(None, "--n", min=1, help="How many articles (500 when not given)."),
    dedup_n: int = typer.Option(0, "--dedup", min=0, help="Also time dedup on this many synthetic event reports."),
    serve_n: int = typer.Option(0, "--serve", min=0,
                                help="Also load-test GET /events?limit=100 on a store of this many incidents."),
    live_n: int = typer.Option(0, "--live", min=0,
                               help="Ingest this many of the INPUT articles into a served store (through the "
                                    "server) while a client requests GET /events: read latency and ingest "
                                    "throughput. Without --n, the pipeline comparison is not run."),
    workers: int = WorkersOpt,
    date: Optional[str] = DateOpt,
    config: Optional[Path] = ConfigOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    engine: str = typer.Option("spacy", "--engine", help="spacy: the pipeline against raw spaCy; spark: "
                               "`dateline spark` on local[K] against `ingest --workers K` (K = --workers)."),
    check: Optional[List[Path]] = typer.Option(None, "--check", help="Dev gold (a folder with time/, geo/, events/, "
                                               "quotes/, or an incidents.jsonl): score it with parse gating off and "
                                               "on, and show that every figure stays within 0.005. Repeatable."),
) -> None:
    """Time the full pipeline against raw spaCy (all components) on the same texts."""
    import json

    from .bench import run_bench, run_dedup_bench

    if live_n and not inputs:
        _fail("--live N ingests N of the INPUT articles: give INPUT, e.g. dateline bench corpus.jsonl --live 2000")
    if not inputs and not dedup_n and not serve_n and not check:
        _fail("give articles to time, --dedup N to time the incident merge, --serve N to load-test the API, "
              "or --check DIR to compare the dev figures with and without parse gating")
    res = {}
    if check:
        from .gatecheck import render_check, run_check

        try:
            res["check"] = run_check(list(check), config=config, workers=workers, say=err.print)
        except DatelineError as exc:
            _fail(str(exc))
        if not as_json:
            render_check(res["check"])
    compare = bool(inputs) and (n is not None or not live_n)
    if engine not in ("spacy", "spark"):
        _fail(f"--engine must be spacy or spark, not {engine!r}")
    if compare and engine == "spark":
        from .bench_spark import render_spark, run_spark_bench

        try:
            res = run_spark_bench(inputs, n=n or 500, workers=workers, date=date, config=config, say=err.print)
        except DatelineError as exc:
            _fail(str(exc))
        compare = False
        if not as_json:
            render_spark(res)
    if compare:
        try:
            res = run_bench(inputs, n=n or 500, workers=workers, date=date, config=config)
        except DatelineError as exc:
            _fail(str(exc))
    if dedup_n:
        d = run_dedup_bench(dedup_n)
        err.print(f"dedup: {d['dedup_events']:,} event reports -> {d['dedup_incidents']:,} incidents "
                  f"in {d['dedup_seconds']} s ({d['dedup_events_per_s']:,} reports/s), peak RSS {d['peak_rss_mb']} MB")
        res.update(d)
    if serve_n:
        from .bench import run_serve_bench

        d = run_serve_bench(serve_n)
        err.print(f"serve: GET /events?limit=100 on {d['serve_incidents']:,} incidents, {d['serve_concurrency']} clients: "
                  f"{d['serve_rps']} req/s, p50 {d['serve_p50_ms']} ms, p99 {d['serve_p99_ms']} ms, "
                  f"{d['serve_errors']} errors")
        res.update(d)
    if live_n:
        from .bench import run_live_bench

        try:
            d = run_live_bench(inputs, live_n, date=date, say=err.print)
        except DatelineError as exc:
            _fail(str(exc))
        g, idle = d["live_get_during"], d["live_get_idle"]
        err.print(f"live: {d['live_stored']:,} of {d['live_articles']:,} articles handed to the server in "
                  f"{d['live_ingest_seconds']} s ({d['live_articles_per_s']} articles/s; "
                  f"{d['live_articles_per_s_landing']}/s from the first batch), {d['live_incidents']:,} incidents; "
                  f"GET /events?limit=100 meanwhile: {g['requests']} requests, p50 {g.get('p50_ms')} ms, "
                  f"p99 {g.get('p99_ms')} ms, max {g.get('max_ms')} ms, {g.get('errors', 0)} errors "
                  f"(idle before: p50 {idle.get('p50_ms')} ms, p99 {idle.get('p99_ms')} ms)")
        res.update(d)
    if as_json:
        typer.echo(json.dumps(res, indent=1))
        return
    from .bench import render

    if compare:
        render(res)


@app.command("eval", epilog="Example:\n\n  dateline eval times ../shared/eval/time/timebank.jsonl\n\n"
             "  dateline eval places ../shared/eval/geo/lgl.jsonl --pred lgl_pred.jsonl\n\n"
             "  dateline eval incidents eval/incidents.jsonl")
def eval_(
    task: str = typer.Argument(..., help="times, places, events, quotes or incidents"),
    gold: Path = typer.Argument(..., help="Normalised gold JSONL (shared/eval/<task>/NAME.jsonl)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score these readings instead of running the pipeline."),
    save: Optional[Path] = typer.Option(None, "--save", help="Also write the readings made here."),
    workers: int = WorkersOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Score the pipeline on a dev gold set (same definitions as shared/eval/score.py)."""
    import json

    from . import evaluate

    if task not in evaluate.SCORERS:
        _fail(f"task must be one of {', '.join(evaluate.SCORERS)}, not {task!r}")
    if not gold.exists():
        _fail(f"no gold file at {gold}")
    g = evaluate.load_jsonl(gold)
    if pred:
        readings = evaluate.load_jsonl(pred)
    else:
        counts = RunCounts()
        readings = []
        with progress(err, f"eval {task}", total=len(g)) as bar:
            for r in _readings(iter(evaluate.gold_articles(g)), config=config, workers=workers, counts=counts):
                readings.append(r.to_dict())
                bar()
        if save:
            with open(save, "w", encoding="utf-8") as f:
                for r in readings:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if task == "incidents":
        res = evaluate.SCORERS[task](g, evaluate.incidents_of(readings))
    else:
        res = evaluate.SCORERS[task](g, evaluate.predictions(readings))
    typer.echo(json.dumps(res, indent=1))


@app.command(epilog="Example:\n\n  dateline serve --db events.duckdb\n\n"
             "  DATELINE_TOKEN=s3cret dateline serve --db events.duckdb --port 8080\n\n"
             "  dateline serve --db events.duckdb --watch inbox/ --watch https://example.org/feed.xml --poll 60\n\n"
             "  dateline serve --lake lake/")
def serve(
    db: Path = DbOpt,
    lake: Optional[Path] = LakeOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(None, "--token", envvar="DATELINE_TOKEN",
                                        help="Bearer token that turns on POST /articles."),
    watch: Optional[List[str]] = typer.Option(None, "--watch", help="Folder, file or feed URL to read again as it "
                                              "changes (repeat for several)."),
    poll: float = typer.Option(30.0, "--poll", min=0.1, help="Seconds between looks at the watched paths."),
    fetch: bool = FetchOpt,
) -> None:
    """Serve the store over HTTP (API at /docs) and the offline map and timeline page at /."""
    import uvicorn

    from .serve import create_app

    from .live import is_lock_error, lock_holder, live_server, remove_state, write_state

    import secrets

    if lake is not None:  # a lake is read, never written, by the server: no writes, no hand-off
        if watch or token:
            _fail("--lake serves a Parquet lake read-only: --watch and --token need a store (--db); "
                  "add to a lake with `dateline spark ... --out DIR`")
        from .errors import DatelineError as _E

        try:
            api = create_app(None, lake=lake)
        except _E as exc:
            _fail(str(exc))
        err.print(f"dateline: serving the lake {lake} at http://{host}:{port}/ (API docs at /docs), read-only")
        uvicorn.run(api, host=host, port=port, log_level="warning")
        return
    handoff = secrets.token_urlsafe(24)
    try:
        api = create_app(db, token=token, local_token=handoff, watch=watch, poll=poll, fetch=fetch)
    except Exception as exc:  # duckdb: the file is locked by another process, or not a store
        if is_lock_error(exc):
            other = live_server(db)
            _fail(f"cannot serve {db}: " + (f"`dateline serve` (PID {other['pid']}) already serves it at "
                                             f"http://{other['host']}:{other['port']}/" if other else
                                             f"another process{lock_holder(exc)} is writing it; serve it when "
                                             "that run ends") + " [E014]")
        _fail(f"cannot open store {db}: {exc}")
    state = write_state(db, host=host, port=port, token=handoff)  # how a local `dateline ingest` finds us
    # removed at shutdown (uvicorn re-raises SIGTERM after it, so `finally` alone is not enough)
    api.router.on_shutdown.append(lambda: remove_state(db, state))
    err.print(f"dateline: serving {db} at http://{host}:{port}/ (API docs at /docs)"
              + ("" if token else "; POST /articles is off (no token)")
              + f"; `dateline ingest ... --db {db}` hands its batches to this server"
              + (f"; watching {', '.join(watch)} every {poll:g} s" if watch else ""))
    try:
        uvicorn.run(api, host=host, port=port, log_level="warning")
    finally:
        remove_state(db, state)


@app.command(epilog="Example:\n\n  dateline check --db events.duckdb")
def check(db: Path = DbOpt) -> None:
    """Check a store's integrity: every reading complete (its layer rows as its stored reading says),
    incidents consistent with their event reports, no orphan rows. Exit 1 with a summary if not."""
    from .check import check_store

    if not db.exists():
        _fail(f"no store at {db}: run `dateline ingest ... --db {db}` first")
    with open_store_or_fail(db, read_only=True) as store:
        problems, notes = check_store(store)
        n = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
    for p in problems:
        err.print(f"[bold red]problem:[/] {p}")
    for note in notes:
        err.print(f"note: {note}")
    if problems:
        err.print(f"check failed: {len(problems)} problem(s) in {db}; re-ingest the articles named "
                  "(or `dateline dedup` for incidents)")
        raise typer.Exit(1)
    err.print(f"check passed: {n} article(s), every reading complete, incidents consistent")

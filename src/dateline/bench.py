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
SLICE = 64  # articles per turn when the two runs alternate


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def run_bench(inputs, *, n: int, workers: int = 1, date: str | None = None,
              config: Path | None = None) -> dict:
    from .nlp import load_nlp
    from .pipeline import Pipeline, load_config, prepare_parallel, run_parallel

    arts = list(itertools.islice((x for x in read_inputs(inputs, date=date) if isinstance(x, Article)), n))
    if not arts:
        from .errors import DatelineError

        raise DatelineError("E006", "no readable article in the bench input")
    warm = arts[:WARMUP]  # the same texts, run once before the clock starts
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    cfg = load_config(config)
    res: dict = {"articles": len(arts), "words": words, "workers": workers}

    # (b) raw spaCy: the stock model with every component, none of our speed-ups
    nlp = load_nlp(cfg["nlp"]["model"], fast_rules=False)
    bs = cfg["nlp"].get("batch_size", 16)
    list(nlp.pipe([a.text for a in warm]))
    timings: dict[str, float] = {}
    if workers > 1:
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=bs, n_process=workers):
            pass
        raw = time.perf_counter() - t0
        prepare_parallel(cfg)  # loaded before the clock, as the raw model is
        t0 = time.perf_counter()
        for _ in run_parallel(arts, config=cfg, workers=workers, timings=timings):
            pass
        ours = time.perf_counter() - t0
    else:
        # (a) and (b) take turns on slices of the input, so a busy or throttled machine
        # slows both alike and the ratio stays fair
        pipe = Pipeline(cfg)
        pipe.warm()
        list(pipe.run(warm))
        pipe.timings.clear()
        raw = ours = 0.0
        for i in range(0, len(arts), SLICE):
            t0 = time.perf_counter()
            for _ in nlp.pipe(texts[i:i + SLICE], batch_size=bs):
                pass
            raw += time.perf_counter() - t0
            t0 = time.perf_counter()
            for _ in pipe.run(arts[i:i + SLICE], batch_size=bs):
                pass
            ours += time.perf_counter() - t0
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


def run_dedup_bench(n: int, *, seed: int = 7, path: str = ":memory:") -> dict:
    """Time `incidents.dedup` on `n` synthetic event reports in an in-memory store: towns
    spread over 20 countries and a year of days, each incident reported 1-4 times, so the
    blocks are as full as a busy conflict year makes them."""
    import datetime as dt
    import json
    import random

    from .incidents import dedup
    from .store import Store

    rng = random.Random(seed)
    types = [("ASSAULT", "Battles", "Armed clash"), ("ASSAULT", "Explosions/Remote violence", "Air/drone strike"),
             ("PROTEST", "Protests", "Peaceful protest"), ("ASSAULT", "Violence against civilians", "Attack")]
    countries = [(f"C{i}", 10.0 + 2 * i, 20.0 + 2 * i) for i in range(20)]
    now = dt.datetime(2024, 1, 1)
    arts, evs, pls = [], [], []
    k = 0
    while len(evs) < n:
        cc, la, lo = rng.choice(countries)
        town = (round(la + rng.random(), 3), round(lo + rng.random(), 3))
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
        plover, et, st = rng.choice(types)
        for _ in range(rng.randint(1, 4)):
            if len(evs) >= n:
                break
            k += 1
            h = f"h{k}"
            arts.append({"hash": h, "id": f"a{k}", "date": day + dt.timedelta(days=rng.randint(0, 2)),
                         "text": "x" * 40, "ingested_at": now + dt.timedelta(seconds=k)})
            evs.append({"article_hash": h, "id": "e1", "plover": plover, "acled_event_type": et,
                        "acled_sub_event_type": st, "trigger": json.dumps({"text": "x", "start": 0, "end": 1}),
                        "date": json.dumps({"value": day.isoformat(), "precision": "day", "start": day.isoformat(),
                                            "end": day.isoformat()}),
                        "place": "p1", "background": False, "evidence": "[[0, 10]]", "verification": "unverified",
                        "stance": "assert"})
            pls.append({"article_hash": h, "id": "p1", "text": "T", "start": 0, "end": 1, "name": f"T{town}",
                        "geonameid": None, "lat": town[0], "lon": town[1], "country_code": cc, "precision": 1})
    with Store(path) as store:
        for name, rows in (("articles", arts), ("events", evs), ("places", pls)):
            for i in range(0, len(rows), 20000):
                store._insert(name, rows[i:i + 20000])
        t0 = time.perf_counter()
        out = dedup(store)
        secs = time.perf_counter() - t0
    return {"dedup_events": out["events"], "dedup_incidents": out["incidents"], "dedup_seconds": round(secs, 2),
            "dedup_events_per_s": round(out["events"] / secs) if secs else None, "peak_rss_mb": round(_peak_rss_mb())}


def run_serve_bench(incidents: int, *, seconds: float = 10.0, concurrency: int = 4, limit: int = 100) -> dict:
    """GET /events?limit=100 against `dateline serve` in its own process on loopback, over a
    store of about `incidents` synthetic incidents; concurrent clients for `seconds`."""
    import os
    import socket
    import statistics
    import subprocess
    import sys
    import tempfile
    import threading

    import httpx

    tmp = tempfile.mkdtemp(prefix="dateline-serve-bench-")
    db = os.path.join(tmp, "bench.duckdb")
    made = run_dedup_bench(int(incidents * 2.5), path=db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "DATELINE_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        lat: list[float] = []
        errors = 0
        stop = time.perf_counter() + seconds
        lock = threading.Lock()

        def worker() -> None:
            nonlocal errors
            with httpx.Client(base_url=base, timeout=10) as c:
                while time.perf_counter() < stop:
                    t0 = time.perf_counter()
                    r = c.get("/events", params={"limit": limit})
                    dt_ = time.perf_counter() - t0
                    with lock:
                        lat.append(dt_)
                        errors += r.status_code != 200
        ths = [threading.Thread(target=worker) for _ in range(concurrency)]
        t0 = time.perf_counter()
        for t in ths:
            t.start()
        for t in ths:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(10)
    lat.sort()
    q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1)  # noqa: E731
    return {"serve_incidents": made["dedup_incidents"], "serve_requests": len(lat), "serve_errors": errors,
            "serve_rps": round(len(lat) / wall, 1), "serve_p50_ms": q(0.50), "serve_p99_ms": q(0.99),
            "serve_mean_ms": round(statistics.mean(lat) * 1000, 1) if lat else None, "serve_concurrency": concurrency}


def run_live_bench(inputs, n: int, *, date: str | None = None, clients: int = 1, idle_seconds: float = 3.0,
                   limit: int = 100, timeout: float = 3600.0, say=None) -> dict:
    """Reads while a live store is written: `dateline serve` on an empty store in its own
    process on loopback, `dateline ingest` of `n` articles run against it in another (so its
    batches go through the hand-off path, POST /ingest, and are merged into incidents as they
    land), while `clients` loopback clients request GET /events?limit=100 back to back.
    Figures: GET latency before the ingest (idle) and while its batches land, and the ingest's
    throughput. Every loop is bounded by the ingest's end or `timeout`."""
    import json
    import os
    import socket
    import statistics
    import subprocess
    import sys
    import tempfile
    import threading

    import httpx

    from .errors import DatelineError
    from .live import state_path

    arts = list(itertools.islice((x for x in read_inputs(inputs, date=date) if isinstance(x, Article)), n))
    if not arts:
        raise DatelineError("E006", "no readable article in the bench input")
    tmp = tempfile.mkdtemp(prefix="dateline-live-bench-")
    src = os.path.join(tmp, "input.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps({k: getattr(a, k) for k in ("id", "date", "text", "title", "url", "source",
                                                           "source_kind") if getattr(a, k) is not None},
                               ensure_ascii=False) + "\n")
    db = os.path.join(tmp, "live.duckdb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATELINE_TOKEN": ""}
    server = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", db, "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    samples: list[tuple[float, float, bool]] = []  # (start, seconds, ok) of every GET /events
    landed: list[tuple[float, int, int]] = []  # (time, articles, incidents) from /health
    stop = threading.Event()
    lock = threading.Lock()
    deadline = time.perf_counter() + timeout

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while not stop.is_set() and time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    ok = c.get("/events", params={"limit": limit}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    samples.append((t0, time.perf_counter() - t0, ok))

    def monitor() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while not stop.is_set() and time.perf_counter() < deadline:
                try:
                    h = c.get("/health").json()
                    landed.append((time.perf_counter(), h["articles"], h["incidents"]))
                except (httpx.HTTPError, ValueError, KeyError):
                    pass
                stop.wait(0.25)

    threads: list[threading.Thread] = []
    try:
        for _ in range(600):  # up to a minute for the server to come up
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200 and state_path(db).exists():
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise DatelineError("E015", f"the bench server exited with code {server.returncode}")
            time.sleep(0.1)
        threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
        threads.append(threading.Thread(target=monitor, daemon=True))
        for t in threads:
            t.start()
        time.sleep(idle_seconds)
        t_idle_end = t_ing0 = time.perf_counter()
        if say:
            say(f"bench: ingesting {len(arts)} articles into the served store (hand-off) while "
                f"{clients} client(s) GET /events?limit={limit} ...")
        ing = subprocess.run([sys.executable, "-m", "dateline", "ingest", src, "--db", db],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             timeout=max(1.0, deadline - time.perf_counter()))
        t_ing1 = time.perf_counter()
        time.sleep(0.3)  # one more /health sample after the end
    finally:
        stop.set()
        for t in threads:
            t.join(35)
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    log = " ".join(ing.stderr.split())
    if ing.returncode != 0 or "handing the batches to it" not in log:
        raise DatelineError("E015", f"the bench ingest did not go through the server (exit {ing.returncode}): "
                                    f"{log[-500:]}")
    stored = max((a for _, a, _ in landed), default=0)
    incidents = [i for _, _, i in landed]
    first = next((t for t, a, _ in landed if a > 0), t_ing0)
    last = next((t for t, a, _ in landed if a >= stored), t_ing1)
    start = max(t_ing0, first - 0.25)  # the sample before the first batch landed, at most

    def stats(rows) -> dict:
        lat = sorted(d for _, d, _ in rows)
        if not lat:
            return {"requests": 0}
        q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1)  # noqa: E731
        return {"requests": len(lat), "errors": sum(not ok for _, _, ok in rows), "p50_ms": q(0.50),
                "p99_ms": q(0.99), "max_ms": round(lat[-1] * 1000, 1), "mean_ms": round(statistics.mean(lat) * 1000, 1)}

    during = [s for s in samples if start <= s[0] <= t_ing1]
    idle = [s for s in samples if s[0] < t_idle_end]
    landing = max(1e-9, min(last, t_ing1) - first)
    return {
        "live_articles": len(arts), "live_stored": stored, "live_incidents": incidents[-1] if incidents else 0,
        "live_clients": clients,
        "live_ingest_seconds": round(t_ing1 - t_ing0, 1), "live_landing_seconds": round(landing, 1),
        "live_articles_per_s": round(stored / (t_ing1 - t_ing0), 1),
        "live_articles_per_s_landing": round(stored / landing, 1),
        "live_incident_counts_seen": len(set(incidents)),
        "live_get_during": stats(during), "live_get_idle": stats(idle),
    }

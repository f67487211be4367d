"""`dateline serve`: the store over HTTP (FastAPI) and the offline map + timeline page.

Read endpoints are open; POST /articles ingests and needs a bearer token, set with
DATELINE_TOKEN or `serve --token`; with no token configured the write endpoint is off.
The server is its store's one writer: `dateline ingest` run against a served store hands
its read batches to POST /ingest, with the hand-off token `serve` writes, readable by its
owner only, to the state file beside the store (live.py). Handed-over batches are merged
into incidents as they land (at most every MERGE_EVERY seconds), and GET /events?updated_after=
(the `as_of` of an earlier answer) gives what changed since: the page polls it to show new
incidents without a reload.
Every query is parameterised; page sizes, bodies and batches are bounded. Each request
uses its own DuckDB cursor on the one connection the process holds.
"""
from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
import os
import tempfile
import threading
from pathlib import Path

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator

from .export import Filters, country_code
from .store import Store

STATIC = Path(__file__).parent / "web" / "static"
MAX_LIMIT = 500
MAX_BODY = 2_000_000  # bytes of one POST
MAX_ARTICLES = 50  # per POST
MAX_HANDOFF = 64_000_000  # bytes of one batch handed over by a local `dateline ingest`
MERGE_EVERY = 5.0  # seconds between incident merges while a handed-over run is landing
VERIFICATIONS = {"confirmed", "partly_confirmed", "unverified", "disputed"}


class ArticleIn(BaseModel):
    id: str = Field(..., min_length=1, max_length=200)
    date: dt.date
    text: str = Field(..., min_length=1, max_length=200_000)
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    source_kind: str | None = Field(None, max_length=20)

    @field_validator("date")
    @classmethod
    def _sane_year(cls, v: dt.date) -> dt.date:
        from .read.common import MAX_YEAR, MIN_YEAR

        if not MIN_YEAR <= v.year <= MAX_YEAR:
            raise ValueError(f"an article's date must be in the years {MIN_YEAR}-{MAX_YEAR}")
        return v


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_ARTICLES)


def _cursor_encode(date: dt.date | None, iid: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([date.isoformat() if date else None, iid]).encode()).decode()


def _cursor_decode(c: str) -> tuple[str | None, str]:
    try:
        d, iid = json.loads(base64.urlsafe_b64decode(c.encode()).decode())
        if d is not None:
            dt.date.fromisoformat(d)
        return d, str(iid)
    except Exception:
        raise HTTPException(400, "bad cursor: pass back the next_cursor of the previous page unchanged") from None


def _changes_cursor_encode(at: dt.datetime, iid: str) -> str:
    return base64.urlsafe_b64encode(json.dumps(["changed", at.isoformat(), iid]).encode()).decode()


def _changes_cursor_decode(c: str) -> tuple[dt.datetime, str]:
    try:
        kind, at, iid = json.loads(base64.urlsafe_b64decode(c.encode()).decode())
        if kind != "changed":
            raise ValueError(kind)
        return dt.datetime.fromisoformat(at), str(iid)
    except Exception:
        raise HTTPException(400, "bad cursor: with updated_after, pass back the next_cursor of the previous page "
                                 "of the same query unchanged") from None


def _utc_naive(t: dt.datetime) -> dt.datetime:
    """The store keeps UTC without a zone; a time given with a zone is converted, one without is UTC."""
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


# Sent with every answer; the page loads nothing from elsewhere (Leaflet and the basemap are
# in /static), so the policy allows only this origin. No CORS headers are sent: another
# site's scripts cannot read the API from a visitor's browser.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
]


class _SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP answer (pure ASGI: bodies stay streamed)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in have]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _read_body(request: Request, limit: int, hint: str = "") -> bytes:
    """The request body, refused with 413 before it is read when Content-Length says it is too
    big, and as soon as the streamed bytes pass `limit` when it does not (chunked uploads)."""
    size = request.headers.get("content-length")
    if size is not None:
        if not size.isdigit():
            raise HTTPException(400, "Content-Length must be a number of bytes")
        if int(size) > limit:
            raise HTTPException(413, f"body is {int(size)} bytes; the limit is {limit}{hint}")
    chunks, got = [], 0
    async for chunk in request.stream():
        got += len(chunk)
        if got > limit:
            raise HTTPException(413, f"body is over {limit} bytes, the limit{hint}")
        chunks.append(chunk)
    return b"".join(chunks)


def _row(cols, row) -> dict:
    out = {}
    for k, v in zip(cols, row):
        if isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        if k == "article_ids" and isinstance(v, str):
            v = json.loads(v)
        out[k] = v
    return out


def create_app(db: str | Path | None, *, token: str | None = None, local_token: str | None = None,
               watch: list[str] | None = None, poll: float = 30.0, fetch: bool = False,
               lake: str | Path | None = None) -> FastAPI:
    """The API and page over the store at `db` (created if missing). `local_token` lets a
    local `dateline ingest` hand its batches over (POST /ingest) even with writes off;
    `watch` folders, files and feed URLs are read again every `poll` seconds (watch.py).
    With `lake` (a Parquet lake, lake.py) it serves that instead, read-only."""
    token = token if token is not None else os.environ.get("DATELINE_TOKEN") or None
    if lake is not None:  # read through DuckDB's Parquet reader; writes and hand-off stay off
        from .lake import open_lake

        store = open_lake(lake)
        token = local_token = watch = None
    else:
        store = Store(db)
    lock = threading.Lock()  # writes (ingest + dedup) one at a time
    app = FastAPI(title="dateline", version="0.1.0",
                  description="Events read from news reports: incidents, their reports, quotes and evidence.")
    app.state.store = store

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        return JSONResponse({"error": exc.detail, "status": exc.status_code}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"error": "bad request: " + "; ".join(problems), "status": 422}, status_code=422)

    def cur():
        return store.con.cursor()

    def filters(since: dt.date | None = None, until: dt.date | None = None, country: str | None = None,
                type: str | None = Query(None, max_length=100), verification: str | None = None,
                bbox: str | None = None, q: str | None = Query(None, max_length=200)) -> tuple[str, list]:
        try:
            f = Filters(since=since.isoformat() if since else None, until=until.isoformat() if until else None,
                        country=country, type=type)
            where, args = f.where()
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        parts = [where[len(" WHERE "):]] if where else []
        if verification:
            if verification not in VERIFICATIONS:
                raise HTTPException(400, f"verification must be one of {', '.join(sorted(VERIFICATIONS))}")
            parts.append("i.verification = ?")
            args.append(verification)
        if bbox:
            try:
                w, s, e, n = (float(x) for x in bbox.split(","))
            except ValueError:
                raise HTTPException(400, "bbox must be minlon,minlat,maxlon,maxlat") from None
            parts.append("i.longitude BETWEEN ? AND ? AND i.latitude BETWEEN ? AND ?")
            args += [w, e, s, n]
        if q:
            parts.append("(i.notes ILIKE ? OR i.location ILIKE ? OR i.actor1 ILIKE ? OR i.actor2 ILIKE ? "
                         "OR i.claimant ILIKE ?)")
            args += [f"%{q}%"] * 5
        return (" WHERE " + " AND ".join(parts)) if parts else "", args

    @app.get("/health")
    def health() -> dict:
        c = cur()
        n_inc = c.execute("SELECT count(*) FROM incidents").fetchone()[0]
        n_art = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        return {"status": "ok", "incidents": n_inc, "articles": n_art, "writes": bool(token)}

    @app.get("/events")
    def events(flt=Depends(filters), limit: int = Query(100, ge=1, le=MAX_LIMIT),
               cursor: str | None = Query(None, max_length=500),
               updated_after: dt.datetime | None = Query(
                   None, description="Only incidents created or changed after this time (ISO 8601, UTC when no "
                                     "zone is given), oldest change first: pass the `as_of` of an earlier "
                                     "answer to get what changed since.")) -> dict:
        """Incidents, oldest first, `limit` a page; pass `next_cursor` back as `cursor`.

        `as_of` is the latest change the store held when the answer was read (pass it as
        `updated_after` to poll for what changed since), `total` how many incidents match the
        filters in all."""
        where, args = flt
        total_where, total_args = where, list(args)
        conds = []
        if updated_after is not None:
            conds.append("i.updated_at > ?")
            args = args + [_utc_naive(updated_after)]
            order = "i.updated_at, i.incident_id"
            if cursor:
                at, iid = _changes_cursor_decode(cursor)
                conds.append("(i.updated_at, i.incident_id) > (CAST(? AS TIMESTAMP), ?)")
                args = args + [at, iid]
        else:
            order = "coalesce(i.event_date, DATE '0001-01-01'), i.incident_id"
            if cursor:
                d, iid = _cursor_decode(cursor)
                conds.append("(coalesce(i.event_date, DATE '0001-01-01'), i.incident_id) > "
                             "(coalesce(CAST(? AS DATE), DATE '0001-01-01'), ?)")
                args = args + [d, iid]
        if conds:
            where = (where + " AND " if where else " WHERE ") + " AND ".join(conds)
        c = cur()
        c.execute("BEGIN TRANSACTION")  # one snapshot: the page, as_of and total agree
        try:
            c.execute(f"SELECT * FROM incidents i{where} ORDER BY {order} LIMIT ?", args + [limit + 1])
            cols = [x[0] for x in c.description]
            rows = c.fetchall()
            as_of = c.execute("SELECT max(updated_at) FROM incidents").fetchone()[0]
            total = c.execute(f"SELECT count(*) FROM incidents i{total_where}", total_args).fetchone()[0]
        except Exception:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        items = [_row(cols, r) for r in rows[:limit]]
        nxt = None
        if len(rows) > limit:
            last = rows[limit - 1]
            if updated_after is not None:
                nxt = _changes_cursor_encode(last[cols.index("updated_at")], last[cols.index("incident_id")])
            else:
                nxt = _cursor_encode(last[cols.index("event_date")], last[cols.index("incident_id")])
        return {"items": items, "next_cursor": nxt, "as_of": as_of.isoformat() if as_of else None, "total": total}

    @app.get("/events/{incident_id}")
    def event(incident_id: str) -> dict:
        """One incident with every report, its quotes, verification and evidence spans."""
        c = cur()
        c.execute("SELECT * FROM incidents WHERE incident_id = ?", [incident_id])
        cols = [x[0] for x in c.description]
        row = c.fetchone()
        if row is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        inc = _row(cols, row)
        reps = c.execute("""
            SELECT r.article_id, r.event_id, r.source, r.stance, r.verification, r.evidence, a.date,
                   coalesce(a.source, json_extract_string(a.dateline, '$.agency')),
                   a.title, a.text, a.hash, a.source_kind, a.url
            FROM incident_reports r JOIN articles a ON a.hash = r.article_hash
            WHERE r.incident_id = ? ORDER BY a.date, r.article_id""", [incident_id]).fetchall()
        inc["reports"] = []
        for aid, eid, src, stance, ver, ev, date, outlet, title, text, h, kind, url in reps:
            quotes = c.execute("""
                SELECT q.id, q.type, q.speaker_text, q.channel, q.cue, q.start, q."end", s.name
                FROM quotes q LEFT JOIN actors s ON s.article_hash = q.article_hash AND s.id = q.speaker
                WHERE q.article_hash = ? ORDER BY q.start""", [h]).fetchall()
            spans = json.loads(ev or "[]")
            inc["reports"].append({
                "article_id": aid, "event_id": eid, "date": date.isoformat() if date else None, "outlet": outlet,
                "title": title, "source": src, "stance": stance, "verification": ver,
                "source_kind": kind, "url": url,
                "evidence": [{"start": a, "end": b, "text": text[a:b]} for a, b in spans],
                "quotes": [{"id": qid, "type": t, "speaker": name or st, "speaker_text": st, "channel": ch, "cue": cue,
                            "start": s, "end": e, "text": text[s:e]} for qid, t, st, ch, cue, s, e, name in quotes],
            })
        return inc

    @app.get("/articles/{article_id}")
    def article(article_id: str) -> dict:
        """The article text with every span a reader may want highlighted."""
        c = cur()
        row = c.execute("SELECT reading FROM articles WHERE id = ? ORDER BY ingested_at DESC LIMIT 1",
                        [article_id]).fetchone()
        if row is None:
            raise HTTPException(404, f"no article {article_id!r}")
        r = json.loads(row[0])
        spans = []
        for layer in ("places", "times", "actors", "quotes"):
            for x in r[layer]:
                spans.append({"layer": layer, "id": x["id"], "start": x["start"], "end": x["end"]})
        for e in r["events"]:
            spans.append({"layer": "events", "id": e["id"], "start": e["trigger"]["start"], "end": e["trigger"]["end"]})
            for a, b in e["evidence"]:
                spans.append({"layer": "evidence", "id": e["id"], "start": a, "end": b})
        return {"article": r["article"], "spans": spans, "reading": r}

    def _export(fmt: str, filters: dict) -> FileResponse:
        from .export import WRITERS

        tmp = tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False)
        tmp.close()
        f = Filters(**filters)
        # its own cursor: the export streams while the API keeps serving
        WRITERS[fmt](_CursorStore(store.con.cursor()), Path(tmp.name), f)
        media = {"csv": "text/csv", "geojson": "application/geo+json",
                 "parquet": "application/vnd.apache.parquet"}[fmt]
        from starlette.background import BackgroundTask

        return FileResponse(tmp.name, media_type=media, filename=f"incidents.{fmt}",
                            background=BackgroundTask(os.unlink, tmp.name))

    def export_filters(since: dt.date | None = None, until: dt.date | None = None, country: str | None = None,
                       type: str | None = Query(None, max_length=100)) -> dict:
        if country:
            try:
                country_code(country)
            except ValueError as exc:
                raise HTTPException(400, str(exc)) from None
        return {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
                "country": country, "type": type}

    @app.get("/export.csv")
    def export_csv(f=Depends(export_filters)):
        return _export("csv", f)

    @app.get("/export.geojson")
    def export_geojson(f=Depends(export_filters)):
        return _export("geojson", f)

    @app.get("/export.parquet")
    def export_parquet(f=Depends(export_filters)):
        return _export("parquet", f)

    def _bearer(authorization: str | None, *tokens: str | None) -> None:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not authorization or not authorization.startswith("Bearer ") or \
                not any(t and hmac.compare_digest(given, t) for t in tokens):
            raise HTTPException(401, "a valid bearer token is required: Authorization: Bearer <token>")

    def writer(authorization: str | None = Header(None)) -> None:
        if not token:
            raise HTTPException(403, "write endpoints are off: start the server with DATELINE_TOKEN set or --token")
        _bearer(authorization, token)

    def handoff(authorization: str | None = Header(None)) -> None:
        if not token and not local_token:
            raise HTTPException(403, "hand-off is off: this server was started without a state file or token")
        _bearer(authorization, token, local_token)

    # A handed-over run is merged into incidents as its batches land, not only at its end, so
    # the page (which polls GET /events?updated_after=) shows them while the run goes on; the
    # merge rewrites every incident, so it runs at most every MERGE_EVERY seconds and never
    # takes more than about a quarter of the writer's time. Call with `lock` held.
    merged = {"at": 0.0, "took": 0.0}

    def pipeline():
        """The server's one Pipeline (one spaCy model), made at the first write."""
        if getattr(app.state, "pipeline", None) is None:
            from .pipeline import Pipeline

            app.state.pipeline = Pipeline()
        return app.state.pipeline

    def merge_now() -> dict:
        import time

        from .incidents import dedup

        t0 = time.monotonic()
        out = dedup(store)
        merged["at"], merged["took"] = time.monotonic(), time.monotonic() - t0
        return out

    def merge_if_due() -> None:
        import time

        if time.monotonic() - merged["at"] >= max(MERGE_EVERY, 3 * merged["took"]):
            merge_now()

    @app.post("/ingest/known", dependencies=[Depends(handoff)], include_in_schema=False)
    def ingest_known(body: dict) -> dict:
        """Which of these content hashes are stored (so a handing-off ingest skips them)."""
        hashes = body.get("hashes")
        if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes) or len(hashes) > 100_000:
            raise HTTPException(422, "bad request: hashes must be a list of at most 100,000 strings")
        return {"known": sorted(store_known(hashes))}

    def store_known(hashes: list[str]) -> set[str]:
        c = cur()
        return {r[0] for r in c.execute("SELECT hash FROM articles WHERE hash IN (SELECT unnest(?))",
                                        [hashes]).fetchall()}

    @app.post("/ingest", dependencies=[Depends(handoff)], include_in_schema=False)
    async def ingest_batch(request: Request) -> dict:
        """Store readings a local `dateline ingest` made: {"readings": [{"reading", "origin"}], "failures": [...]}."""
        body = await _read_body(request, MAX_HANDOFF, ": use a smaller --batch")
        from starlette.concurrency import run_in_threadpool

        from .article import ReadError, Reading

        def parse() -> tuple[list, list]:
            try:
                payload = json.loads(body)
                readings = []
                for item in payload.get("readings") or []:
                    r = Reading.from_dict(item["reading"])
                    r.article.origin = item.get("origin")
                    readings.append(r)
                failures = [ReadError(f["file"], f.get("line"), f["problem"], f.get("id"))
                            for f in payload.get("failures") or []]
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise HTTPException(422, f"bad hand-off batch: {type(exc).__name__}: {exc}") from None
            return readings, failures

        def store_batch() -> dict:
            readings, failures = parse()  # off the event loop: readers are served meanwhile
            with lock:
                stored = store.add(readings, failures)
                out = {"received": len(readings), "stored": stored, "replaced": store.replaced,
                       "failures": len(failures)}
                if stored:
                    merge_if_due()
                return out

        return await run_in_threadpool(store_batch)

    @app.post("/ingest/done", dependencies=[Depends(handoff)], include_in_schema=False)
    async def ingest_done() -> dict:
        """Merge reports into incidents once a handed-over run has ended."""
        from starlette.concurrency import run_in_threadpool

        def merge() -> dict:
            with lock:
                return merge_now()

        return await run_in_threadpool(merge)

    @app.post("/articles", dependencies=[Depends(writer)])
    async def post_articles(request: Request) -> dict:
        """Ingest up to 50 articles (JSON body {"articles": [{id, date, text, ...}]}), then merge incidents."""
        body = await _read_body(request, MAX_BODY, ": send fewer or shorter articles per POST")
        try:
            payload = ArticlesIn.model_validate_json(body)
        except Exception as exc:
            msg = exc.errors()[0] if hasattr(exc, "errors") else {"msg": str(exc), "loc": ()}
            raise HTTPException(422, f"bad article batch: {'.'.join(str(x) for x in msg['loc'])}: {msg['msg']}") from None
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest, payload)

    def _ingest(payload: ArticlesIn) -> dict:
        from .article import Article
        from .provenance import check_kind

        try:
            kinds = [check_kind(a.source_kind) for a in payload.articles]
        except ValueError as exc:
            raise HTTPException(422, f"bad article batch: {exc}") from None
        arts = [Article(id=a.id, date=a.date.isoformat(), text=a.text, title=a.title, url=a.url, source=a.source,
                        source_kind=k) for a, k in zip(payload.articles, kinds)]
        with lock:
            readings = list(pipeline().run(arts))
            stored = store.add(readings)
            out = merge_now()
        return {"received": len(arts), "stored": stored, "skipped": len(arts) - stored,
                "incidents": out["incidents"]}

    def ingest_items(items: list) -> dict:
        """Read items from a watched path: new articles through the pipeline, into the store."""
        from .article import Article, ReadError

        arts = [a for a in items if isinstance(a, Article)]
        fails = [e for e in items if isinstance(e, ReadError)]
        known = store_known([a.content_hash for a in arts]) if arts else set()
        arts = [a for a in arts if a.content_hash not in known]
        with lock:
            readings = list(pipeline().run(arts))
            stored = store.add(readings, fails)
            if stored:
                merge_now()
        return {"stored": stored}

    if watch:
        import sys

        from .watch import Watcher

        watcher = Watcher(watch, ingest=ingest_items, poll=poll, fetch=fetch,
                          say=lambda m: print(m, file=sys.stderr, flush=True))
        app.state.watcher = watcher
        stop = threading.Event()

        def _start_watch() -> None:
            threading.Thread(target=watcher.run, args=(stop,), name="dateline-watch", daemon=True).start()

        app.router.on_startup.append(_start_watch)
        app.router.on_shutdown.append(stop.set)

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        from fastapi import Response

        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(_SecurityHeaders)
    return app


class _CursorStore:
    """What the export writers need of a Store (`con`), on a cursor of the server's connection."""

    def __init__(self, con):
        self.con = con

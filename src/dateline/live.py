"""One writer per store, and how the others get their batches in.

DuckDB lets one process write a store. `open_store` opens it, and when another process
holds it: if that process is a running `dateline serve` (its state file `X.serve.json`
beside the store names its address and a hand-off token), a writer hands its batches to
the server (`RemoteSink`, POST /ingest); otherwise it waits for the lock, saying so on
stderr once, with backoff, up to `wait` seconds. `LocalSink` and `RemoteSink` are the
two places an ingest run writes to: `known(hashes)`, `add(readings, failures)`, `finish()`.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so two writers creating one store may still collide
    fcntl = None

from .article import ReadError, Reading
from .errors import E014, E015, DatelineError

_PID = re.compile(r"\(PID (\d+)\)")


def state_path(db: str | Path) -> Path:
    return Path(str(db) + ".serve.json")


def is_lock_error(exc: BaseException) -> bool:
    return "lock" in str(exc).lower() and ("conflicting" in str(exc).lower() or "could not set" in str(exc).lower())


def lock_holder(exc: BaseException) -> str:
    m = _PID.search(str(exc))
    return f" (PID {m.group(1)})" if m else ""


def write_state(db: str | Path, *, host: str, port: int, token: str | None = None) -> dict:
    """Announce a running server beside its store; only the owner may read the token."""
    state = {"pid": os.getpid(), "host": "127.0.0.1" if host in ("0.0.0.0", "::", "") else host,
             "port": port, "token": token or secrets.token_urlsafe(24), "db": str(Path(db).resolve())}
    p = state_path(db)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(state, f)
    return state


def remove_state(db: str | Path, state: dict) -> None:
    try:
        if json.loads(state_path(db).read_text("utf-8")).get("token") == state.get("token"):
            state_path(db).unlink()
    except (OSError, ValueError):
        pass


def live_server(db: str | Path) -> dict | None:
    """The state of the server serving `db`, if one is running and answers; else None."""
    p = state_path(db)
    try:
        state = json.loads(p.read_text("utf-8"))
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        _call(state, "GET", "/health", None, timeout=5)
    except DatelineError:
        return None
    return state


def _call(state: dict, method: str, path: str, body: dict | None, *, timeout: float = 600) -> dict:
    url = f"http://{state['host']}:{state['port']}{path}"
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {state['token']}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read()).get("error")
        except Exception:
            detail = exc.reason
        raise DatelineError(E015, f"the server at {url} refused the batch: HTTP {exc.code} {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DatelineError(E015, f"the server at {url} did not answer: {getattr(exc, 'reason', exc)}; "
                               "is `dateline serve` still running?") from None


class LocalSink:
    """Writes straight into a store this process holds."""

    remote = False

    def __init__(self, store):
        self.store = store
        self._known = {r[0] for r in store.con.execute("SELECT hash FROM articles").fetchall()}
        self.replaced = 0

    def known(self, hashes: list[str]) -> set[str]:
        return {h for h in hashes if h in self._known}

    def add(self, readings: list[Reading], failures: list[ReadError]) -> int:
        n = self.store.add(readings, failures)
        self.replaced += self.store.replaced
        self._known.update(r.article.content_hash for r in readings)
        return n

    def finish(self, *, changed: bool) -> dict | None:
        if changed or not self.store.counts()["incidents"]:
            from .incidents import dedup

            return dedup(self.store)
        return None

    def close(self) -> None:
        self.store.close()


class RemoteSink:
    """Hands batches to the `dateline serve` that holds the store (POST /ingest)."""

    remote = True

    def __init__(self, state: dict):
        self.state = state
        self.replaced = 0

    @property
    def url(self) -> str:
        return f"http://{self.state['host']}:{self.state['port']}/"

    def known(self, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        return set(_call(self.state, "POST", "/ingest/known", {"hashes": hashes})["known"])

    def add(self, readings: list[Reading], failures: list[ReadError]) -> int:
        if not readings and not failures:
            return 0
        out = _call(self.state, "POST", "/ingest", {
            "readings": [{"reading": r.to_dict(), "origin": r.article.origin} for r in readings],
            "failures": [{"file": f.file, "line": f.line, "problem": f.problem, "id": f.id} for f in failures]})
        self.replaced += out.get("replaced", 0)
        return out["stored"]

    def finish(self, *, changed: bool) -> dict | None:
        return _call(self.state, "POST", "/ingest/done", {}) if changed else None

    def close(self) -> None:
        pass


@contextlib.contextmanager
def _creating(db: str | Path, *, read_only: bool):
    """Two writers starting together on a store that does not exist yet: the second must not
    open the file while the first is still writing DuckDB's header ("not a valid DuckDB
    database file"). An advisory lock on the store's folder covers the open, not the
    writes, which DuckDB's own lock guards."""
    if read_only or fcntl is None:
        yield
        return
    try:  # the folder itself is locked: no lock file left beside the store
        fd = os.open(Path(db).resolve().parent, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def open_store(db: str | Path, *, read_only: bool = False, wait: float = 3600,
               say: Callable[[str], None] = print, hand_off: bool = False):
    """A Store, or (with `hand_off`) a RemoteSink when a running server holds `db`.

    Waits for another writer's lock with backoff, telling `say` once; a server never lets
    go, so without `hand_off` a served store is a DatelineError naming the server."""
    from .store import Store

    start = time.monotonic()
    delay, told = 0.05, False
    while True:
        try:
            with _creating(db, read_only=read_only):
                store = Store(db, read_only=read_only)
            if told:
                say(f"dateline: got the lock on {db} after {time.monotonic() - start:.1f} s")
            return store
        except Exception as exc:  # duckdb.IOException when another process holds the file
            if not is_lock_error(exc):
                raise
            server = live_server(db)
            if server is not None:
                if hand_off:
                    say(f"dateline: {db} is served by `dateline serve` (PID {server['pid']}) at "
                        f"http://{server['host']}:{server['port']}/; handing the batches to it")
                    return RemoteSink(server)
                raise DatelineError(E014, f"{db} is held by `dateline serve` (PID {server['pid']}) at "
                                          f"http://{server['host']}:{server['port']}/: read it through the API "
                                          "(/health, /export.csv, /docs) or stop the server first") from None
            waited = time.monotonic() - start
            if waited >= wait:
                raise DatelineError(E014, f"{db} is still locked by another writer{lock_holder(exc)} after "
                                          f"{waited:.0f} s: let it finish, or give --wait more seconds") from None
            if not told:
                say(f"dateline: {db} is locked by another writer{lock_holder(exc)}; waiting for the lock "
                    f"(up to {wait:.0f} s, Ctrl-C to stop)")
                told = True
            time.sleep(min(delay, max(0.0, wait - waited)))
            delay = min(delay * 1.5, 2.0)

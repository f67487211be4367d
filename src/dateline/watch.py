"""`dateline serve --watch PATH`: folders, files and feed URLs read again as they change.

Every `poll` seconds the watcher lists what each watched path holds (a folder's readable
files, a file, or an http(s) feed URL, fetched each time) and reads the files that are new
or changed (by modification time and size); the server stores what they hold through its
one write path. Each item enters once: an item already stored (same content hash) is
skipped before the pipeline, and a revised feed item or edited Telegram post replaces its
older reading (store.py). A path that cannot be read is reported and watched on.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from .article import Article, ReadError
from .read import read_path
from .read.folder import SUFFIXES


class Watcher:
    def __init__(self, paths: list[str], *, ingest: Callable[[list], dict], poll: float = 30.0,
                 say: Callable[[str], None] = print, fetch: bool = False):
        self.paths = [str(p) for p in paths]
        self.ingest = ingest
        self.poll = poll
        self.say = say
        self.fetch = fetch
        self.seen: dict[str, tuple[float, int]] = {}
        self.totals = {"read": 0, "stored": 0, "failed": 0}

    def changed(self) -> list[str]:
        """Inputs to read this round: URLs always, files when new or changed."""
        out = []
        for p in self.paths:
            if p.lower().startswith(("http://", "https://")):
                out.append(p)
                continue
            root = Path(p)
            files = sorted(f for f in root.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES) \
                if root.is_dir() else [root]
            for f in files:
                try:
                    st = f.stat()
                except OSError:
                    continue  # gone, or not there yet: looked at again next round
                key = (st.st_mtime, st.st_size)
                if self.seen.get(str(f)) != key:
                    self.seen[str(f)] = key
                    out.append(str(f))
        return out

    def once(self) -> dict:
        """One round: read what changed and hand it to `ingest`; returns the round's counts."""
        got = {"read": 0, "stored": 0, "failed": 0}
        for src in self.changed():
            items = [x for x in read_path(src, fetch=self.fetch)]
            out = self.ingest(items)
            got["read"] += sum(isinstance(x, Article) for x in items)
            got["failed"] += sum(isinstance(x, ReadError) for x in items)
            got["stored"] += out.get("stored", 0)
            if out.get("stored"):
                self.say(f"dateline: watch: {src}: stored {out['stored']}")
        for k in got:
            self.totals[k] += got[k]
        return got

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.once()
            except Exception as exc:  # a round that fails is reported; the next one tries again
                self.say(f"dateline: watch: round failed: {type(exc).__name__}: {exc}")
            stop.wait(self.poll)

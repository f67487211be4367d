"""A folder: every .txt, .jsonl, .json, .html, .htm, .xml, .rss and .atom file below it, in sorted order."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..article import Article, ReadError

SUFFIXES = {".txt", ".jsonl", ".json", ".html", ".htm", ".xml", ".rss", ".atom"}
_NAMED_BY_FILE = {".txt", ".html", ".htm"}  # forms whose article id is the file name


def read_folder(root: Path, *, date: str | None = None, max_chars: int, **kw) -> Iterator[Article | ReadError]:
    from . import read_path  # the dispatcher, for each file found

    def walk(d: Path):
        try:
            entries = sorted(d.iterdir())
        except OSError as exc:
            yield ReadError(str(d), None, f"cannot list folder: {exc.strerror or exc} [E007]")
            return
        for p in entries:
            if p.is_dir():
                yield from walk(p)
            elif p.suffix.lower() in SUFFIXES:
                yield p

    for item in walk(root):
        if isinstance(item, ReadError):
            yield item
            continue
        for art in read_path(item, date=date, max_chars=max_chars, **kw):
            if isinstance(art, Article) and item.suffix.lower() in _NAMED_BY_FILE and art.source_kind is None:
                # ids from file stems can collide across sub-folders: use the relative path
                art.id = str(item.relative_to(root).with_suffix(""))
            yield art

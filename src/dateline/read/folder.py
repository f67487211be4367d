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
            yield named_by_file(art, item.relative_to(root))


def named_by_file(art: Article | ReadError, rel: Path) -> Article | ReadError:
    """An article of a file found in a folder walk, its id the file's path below the folder
    for the forms named by their file (ids from file stems can collide across sub-folders)."""
    if isinstance(art, Article) and rel.suffix.lower() in _NAMED_BY_FILE and art.source_kind is None:
        art.id = str(rel.with_suffix(""))
    return art

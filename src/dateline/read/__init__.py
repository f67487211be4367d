"""Input forms: each module turns one kind of input into Articles or ReadErrors.

`read_inputs` dispatches on the path: a folder, `-` (standard input), `.jsonl`,
`.html`/`.htm`, or a text file (the sample format `date YYYY-MM-DD text`, else plain
text dated by `--date`). Nothing here raises on bad input: a bad article becomes a
ReadError naming file, line and problem, and reading goes on.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..article import Article, ReadError
from .common import MAX_CHARS, decode
from .folder import read_folder
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text

__all__ = ["read_inputs", "read_path", "read_string", "MAX_CHARS"]


def read_string(data: str, *, name: str, date: str | None = None,
                max_chars: int = MAX_CHARS) -> Iterator[Article | ReadError]:
    """Sniff the form of an in-memory input (used for stdin and the HTTP API)."""
    head = data.lstrip()[:200]
    if head.startswith("{"):
        yield from read_jsonl(data, name=name, max_chars=max_chars)
    elif head[:1] == "<":
        yield from read_html(data, name=name, date=date, max_chars=max_chars)
    else:
        yield from read_text(data, name=name, date=date, max_chars=max_chars)


def read_path(path: str | Path, *, date: str | None = None,
              max_chars: int = MAX_CHARS) -> Iterator[Article | ReadError]:
    p = Path(path)
    if str(path) == "-":
        raw = sys.stdin.buffer.read()
        text = decode(raw, name="<stdin>")
        if isinstance(text, ReadError):
            yield text
            return
        yield from read_string(text, name="<stdin>", date=date, max_chars=max_chars)
        return
    if p.is_dir():
        yield from read_folder(p, date=date, max_chars=max_chars)
        return
    if not p.exists():
        yield ReadError(str(p), None, "no such file or folder [E001]")
        return
    try:
        raw = p.read_bytes()
    except OSError as exc:
        yield ReadError(str(p), None, f"cannot read: {exc.strerror or exc} [E007]")
        return
    text = decode(raw, name=str(p))
    if isinstance(text, ReadError):
        yield text
        return
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(text, name=str(p), max_chars=max_chars)
    elif suffix in (".html", ".htm"):
        yield from read_html(text, name=str(p), date=date, max_chars=max_chars)
    else:
        yield from read_text(text, name=str(p), date=date, max_chars=max_chars)


def read_inputs(paths: Iterable[str | Path], *, date: str | None = None,
                max_chars: int = MAX_CHARS) -> Iterator[Article | ReadError]:
    for path in paths:
        yield from read_path(path, date=date, max_chars=max_chars)

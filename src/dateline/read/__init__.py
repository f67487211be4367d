"""Input forms: each module turns one kind of input into Articles or ReadErrors.

`read_inputs` dispatches on the path: a folder, `-` (standard input), an http(s) URL,
`.jsonl`, `.json` (a Telegram export, or article records), `.html`/`.htm`, a feed
(`.xml`/`.rss`/`.atom`, or any file whose first element is <rss>, <feed> or <rdf:RDF>),
or a text file (the sample format `date YYYY-MM-DD text`, else plain text dated by
`--date`). `fetch` reads teaser-only feed items from their pages; `tally` (a Counter)
counts what was passed over on purpose (service and media-only Telegram messages). Nothing here raises on bad input: a bad article becomes a
ReadError naming file, line and problem, and reading goes on.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from ..article import Article, ReadError
from .common import MAX_CHARS, decode
from .feed import SUFFIXES as FEED_SUFFIXES, looks_like_feed, read_feed
from .folder import read_folder
from .html import read_html
from .jsonl import parse_record, read_jsonl
from .telegram import is_export, read_telegram
from .text import read_text

__all__ = ["read_inputs", "read_path", "read_bytes", "read_string", "MAX_CHARS"]


def read_json(data: str, obj: object, *, name: str, max_chars: int,
              tally: Counter | None = None) -> Iterator[Article | ReadError]:
    """A whole-file JSON value: a Telegram export, an article record, or an array of them."""
    if is_export(obj):
        yield from read_telegram(obj, data, name=name, max_chars=max_chars, tally=tally)
        return
    records = obj if isinstance(obj, list) else [obj]
    if not all(isinstance(r, dict) and "text" in r for r in records):
        yield ReadError(name, 1, "JSON is neither a Telegram export (no \"messages\" list) nor article "
                        "records with id, date and text [E012]")
        return
    for n, rec in enumerate(records, start=1):
        try:
            art = parse_record(rec, max_chars=max_chars)
        except ValueError as exc:
            yield ReadError(name, None, f"record {n}: {exc}", id=str(rec.get("id")) if "id" in rec else None)
            continue
        art.origin = f"{name}#{n}"
        yield art


def read_string(data: str, *, name: str, date: str | None = None, max_chars: int = MAX_CHARS,
                fetch: bool = False, tally: Counter | None = None) -> Iterator[Article | ReadError]:
    """Sniff the form of an in-memory input (used for stdin, URLs and the HTTP API)."""
    head = data.lstrip()[:200]
    if head[:1] in "{[":
        try:
            obj = json.loads(data)
        except (json.JSONDecodeError, RecursionError):
            obj = None  # several lines of JSON: JSON Lines
        if obj is not None and (head[:1] == "[" or is_export(obj)):
            yield from read_json(data, obj, name=name, max_chars=max_chars, tally=tally)
            return
    if head.startswith("{"):
        yield from read_jsonl(data, name=name, max_chars=max_chars)
    elif looks_like_feed(data):
        yield from read_feed(data, name=name, date=date, max_chars=max_chars, fetch=fetch)
    elif head[:1] == "<":
        yield from read_html(data, name=name, date=date, max_chars=max_chars)
    else:
        yield from read_text(data, name=name, date=date, max_chars=max_chars)


def read_url(url: str, *, date: str | None = None, max_chars: int = MAX_CHARS, fetch: bool = False,
             tally: Counter | None = None) -> Iterator[Article | ReadError]:
    """A feed (or page, or export) at an http(s) URL."""
    from .fetch import FetchError, fetch_bytes

    try:
        text, raw = fetch_bytes(url)
    except FetchError as exc:
        yield ReadError(url, None, f"{exc} [E013]")
        return
    if looks_like_feed(raw):
        yield from read_feed(raw, name=url, date=date, max_chars=max_chars, fetch=fetch)
    else:
        yield from read_string(text, name=url, date=date, max_chars=max_chars, fetch=fetch, tally=tally)


def read_path(path: str | Path, *, date: str | None = None, max_chars: int = MAX_CHARS,
              fetch: bool = False, tally: Counter | None = None) -> Iterator[Article | ReadError]:
    """The articles of one path; a reader's unforeseen exception ends that file with a ReadError
    E017 (what was read before it is kept) instead of stopping the run."""
    if Path(path).is_dir():  # each file of a folder has its own guard
        yield from _read_path(path, date=date, max_chars=max_chars, fetch=fetch, tally=tally)
        return
    try:
        yield from _read_path(path, date=date, max_chars=max_chars, fetch=fetch, tally=tally)
    except (Exception, RecursionError) as exc:
        yield ReadError(str(path), None, f"the reader failed on this file ({type(exc).__name__}: {str(exc)[:200]}); "
                        "this is a bug in dateline: please report it with the file [E017]")


def _read_path(path: str | Path, *, date: str | None = None, max_chars: int = MAX_CHARS,
               fetch: bool = False, tally: Counter | None = None) -> Iterator[Article | ReadError]:
    p = Path(path)
    kw = {"date": date, "max_chars": max_chars, "fetch": fetch, "tally": tally}
    if str(path) == "-":
        raw = sys.stdin.buffer.read()
        text = decode(raw, name="<stdin>")
        if isinstance(text, ReadError):
            yield text
            return
        yield from read_string(text, name="<stdin>", **kw)
        return
    if str(path).lower().startswith(("http://", "https://")):
        yield from read_url(str(path), **kw)
        return
    if p.is_dir():
        yield from read_folder(p, **kw)
        return
    if not p.exists():
        yield ReadError(str(p), None, "no such file or folder [E001]")
        return
    try:
        raw = p.read_bytes()
    except OSError as exc:
        yield ReadError(str(p), None, f"cannot read: {exc.strerror or exc} [E007]")
        return
    yield from read_bytes(raw, name=str(p), **kw)


def read_bytes(raw: bytes, *, name: str, date: str | None = None, max_chars: int = MAX_CHARS,
               fetch: bool = False, tally: Counter | None = None) -> Iterator[Article | ReadError]:
    """The articles of one file's bytes, its form told by `name`'s suffix (or its content, for a
    feed): what `read_path` does once a file is read, for bytes that came from elsewhere (Spark)."""
    suffix = Path(name).suffix.lower()
    if suffix in FEED_SUFFIXES or looks_like_feed(raw):
        # raw bytes: feedparser honours the encoding the XML declaration names
        yield from read_feed(raw, name=name, date=date, max_chars=max_chars, fetch=fetch)
        return
    text = decode(raw, name=name)
    if isinstance(text, ReadError):
        yield text
        return
    if suffix == ".jsonl":
        yield from read_jsonl(text, name=name, max_chars=max_chars)
    elif suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(name, exc.lineno, f"not JSON: {exc.msg} at column {exc.colno} [E004]")
            return
        except RecursionError:
            yield ReadError(name, None, f"JSON nested too deeply to read (over {sys.getrecursionlimit():,} "
                            "levels); no article is shaped like that: check the file [E004]")
            return
        yield from read_json(text, obj, name=name, max_chars=max_chars, tally=tally)
    elif suffix in (".html", ".htm"):
        yield from read_html(text, name=name, date=date, max_chars=max_chars)
    else:
        yield from read_text(text, name=name, date=date, max_chars=max_chars)


def read_inputs(paths: Iterable[str | Path], *, date: str | None = None, max_chars: int = MAX_CHARS,
                fetch: bool = False, tally: Counter | None = None) -> Iterator[Article | ReadError]:
    for path in paths:
        yield from read_path(path, date=date, max_chars=max_chars, fetch=fetch, tally=tally)

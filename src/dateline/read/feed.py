"""RSS 2.0 and Atom feeds through feedparser: one article per item.

An item gives `title`, `url` (its link), the article date (its published or updated date
as the publisher wrote it, else the feed's own date, else --date), the text (its full
content, else its summary or teaser, else its title; HTML cleaned as the HTML reader
does) and the feed's title as `source`; `source_kind` is "feed". With `fetch`, an item
that carries only a teaser is read from the page its link points to (falling back to the
teaser, with an error saying so, when the page cannot be had). A malformed feed gets an
error naming the line and column, and the items the lenient parser recovered still count.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import re
from pathlib import Path
from typing import Iterator

from ..article import Article, ReadError
from .common import check_date, check_text

SUFFIXES = {".xml", ".rss", ".atom"}
_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]")
_ITEM = re.compile(rb"<(?:item|entry)[\s>/]|<\w+:(?:item|entry)[\s>/]")


def looks_like_feed(head: str | bytes) -> bool:
    """True when the first few kilobytes hold an RSS, Atom or RSS 1.0 root element."""
    if isinstance(head, bytes):
        head = head[:4096].decode("utf-8", "replace")
    head = head[:4096].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    return bool(_ROOT.search(head))


def _day(text: str | None, parsed) -> str | None:
    """The date as written (the publisher's local day), else feedparser's UTC reading."""
    if text:
        try:
            return email.utils.parsedate_to_datetime(text).date().isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        try:
            return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date().isoformat()  # Atom
        except (ValueError, OverflowError):
            pass
    if parsed:
        try:
            return dt.date(*parsed[:3]).isoformat()
        except (TypeError, ValueError, OverflowError):  # year -1, month 13 ...
            return None
    return None


def _entry_day(obj) -> str | None:
    for key in ("published", "updated", "created"):
        d = _day(obj.get(key), obj.get(f"{key}_parsed"))
        if d:
            return d
    return None


def _text_of(entry) -> tuple[str, bool]:
    """(plain text, whether it is the item's full content rather than a teaser)."""
    from .html import html_text

    for c in entry.get("content") or []:
        value = c.get("value") or ""
        if value.strip():
            return (html_text(value) if "html" in (c.get("type") or "html") else value.strip()), True
    detail = entry.get("summary_detail") or {}
    value = entry.get("summary") or ""
    if value.strip():
        return (html_text(value) if "html" in (detail.get("type") or "html") else value.strip()), False
    return "", False


def read_feed(data: str | bytes, *, name: str, date: str | None = None, max_chars: int,
              fetch: bool = False) -> Iterator[Article | ReadError]:
    import feedparser

    raw = data.encode("utf-8") if isinstance(data, str) else data
    headers = {"content-type": "application/xml; charset=utf-8"} if isinstance(data, str) else {}
    # a stream, never a string: feedparser would open a string that looks like a path or URL
    try:
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except (ValueError, OverflowError, RecursionError) as exc:  # feedparser's own: '&#xFFFFFF;' ...
        yield ReadError(name, None, f"feed could not be parsed ({type(exc).__name__}: {exc}); fix the XML or ask "
                        "the publisher [E011]")
        return
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and hasattr(exc, "getLineNumber"):  # XML not well formed
        msg = getattr(exc, "getMessage", lambda: str(exc))()
        recovered = len(parsed.entries)
        yield ReadError(name, exc.getLineNumber(),
                        f"feed is not well-formed XML: {msg} at column {exc.getColumnNumber()}"
                        + (f"; {recovered} item(s) recovered by the lenient parser" if recovered else "")
                        + "; fix the XML or ask the publisher [E011]")
        if not recovered:
            return
    elif not parsed.get("version") and not parsed.entries:
        yield ReadError(name, None, "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root with items) [E011]")
        return
    if not parsed.entries:
        yield ReadError(name, None, "feed has no items [E006]")
        return
    feed = parsed.feed
    source = (feed.get("title") or "").strip() or None
    feed_day = _entry_day(feed)
    feed_key = feed.get("link") or source or Path(name).stem
    starts = [m.start() for m in _ITEM.finditer(raw)]
    lines = [raw.count(b"\n", 0, s) + 1 for s in starts] if len(starts) == len(parsed.entries) else None

    for n, entry in enumerate(parsed.entries, start=1):
        line = lines[n - 1] if lines else None
        where = f"item {n}" if lines else f"item {n} of {len(parsed.entries)}"
        title = (entry.get("title") or "").strip() or None
        link = entry.get("link") or None
        guid = entry.get("id") or None
        if guid and ":" in guid:  # a URL or tag: URI, unique by itself
            art_id = guid
        elif guid:
            art_id = f"{feed_key}#{guid}"
        elif link:
            art_id = link
        else:
            art_id = "feed-" + hashlib.sha1(f"{feed_key}\0{title}\0{entry.get('summary')}".encode()).hexdigest()[:16]
        text, full = _text_of(entry)
        if fetch and not full and link:
            page = _fetch_page(link, max_chars=max_chars)
            if isinstance(page, str):
                text = page if len(page) > len(text) else text
            else:
                yield ReadError(name, line, f"{where}: {page}; read from its teaser instead [E013]", id=art_id)
        if title and text.startswith(title):
            rest = text[len(title):].lstrip()
            text = rest or text
        if not text.strip() and title:
            text = title  # a headline alone is still a report
        try:
            when = _entry_day(entry) or feed_day or date
            if not when:
                raise ValueError("no date: the item has no <pubDate>/<published>/<updated>, nor does the feed; "
                                 "give --date [E002]")
            day = check_date(when)
            text = check_text(text, max_chars=max_chars)
        except ValueError as exc:
            yield ReadError(name, line, f"{where} ({title or art_id}): {exc}", id=art_id)
            continue
        yield Article(id=art_id, date=day, text=text, title=title, url=link, source=source,
                      origin=f"{name}:{line}" if line else f"{name}#{n}", source_kind="feed")


def _fetch_page(url: str, *, max_chars: int) -> "str | Exception":
    """The article text of the page at `url`, or the error saying why not (returned, not raised)."""
    from .fetch import FetchError, fetch_url
    from .html import read_html

    try:
        body = fetch_url(url)
    except FetchError as exc:
        return exc
    got = next(iter(read_html(body, name=url, date="1970-01-01", max_chars=max_chars)), None)
    if isinstance(got, Article):
        return got.text
    return FetchError(f"page {url} has no article text")

"""HTML pages through trafilatura: main text, and its title and date metadata when present."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..article import Article, ReadError
from .common import check_date, check_text


def read_html(data: str, *, name: str, date: str | None = None,
              max_chars: int) -> Iterator[Article | ReadError]:
    import trafilatura  # heavy import, only when HTML is read

    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as exc:  # trafilatura raises a variety of parser errors
        yield ReadError(name, None, f"HTML could not be parsed: {exc} [E004]")
        return
    if doc is None:
        yield ReadError(name, None, "HTML page has no article text [E006]")
        return
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    art_id = Path(name).stem if name != "<stdin>" else "stdin"
    text = meta.get("text") or ""
    title = meta.get("title")
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1:]  # the headline is kept in `title`, not in the body
    try:
        text = check_text(text, max_chars=max_chars)
        day = check_date(meta.get("date") or date)
    except ValueError as exc:
        yield ReadError(name, None, str(exc), id=art_id)
        return
    yield Article(id=art_id, date=day, text=text, title=title,
                  url=meta.get("url"), source=meta.get("sitename"), origin=name)


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content or summary), cleaned by
    trafilatura as a page is; a fragment too short for its extractor keeps its text nodes."""
    import trafilatura

    if "<" not in fragment:
        import html

        return html.unescape(fragment).strip()
    try:
        text = trafilatura.extract(fragment, include_comments=False, favor_recall=True)
    except Exception:  # a fragment trafilatura cannot parse still has text nodes
        text = None
    if text:
        return text.strip()
    try:
        import lxml.html

        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        return " ".join(root.text_content().split())
    except Exception:
        return ""

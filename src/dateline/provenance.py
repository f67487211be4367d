"""Where a report came from: `Article.source_kind`.

The reader sets it when the input form says (a feed item is "feed", a Telegram message
"telegram", a JSONL record may carry a `source_kind` field); otherwise it is inferred
after the pipeline from what the article shows: a wire agency in the dateline or as the
outlet ("KYIV (Reuters) -") makes it "wire"; nothing else is guessed ("unknown").
"""
from __future__ import annotations

from .article import Article

KINDS = ("wire", "newspaper", "broadcaster", "feed", "telegram", "statement", "web", "unknown")

# kinds whose items are revised in place upstream (edited posts, updated feed items):
# re-reading one by id with new content replaces its stored reading
REVISABLE = {"telegram", "feed"}

WIRES = {"ap", "associated press", "reuters", "afp", "agence france-presse", "dpa", "ansa", "efe", "xinhua",
         "tass", "ria novosti", "interfax", "ukrinform", "unian", "kyodo", "yonhap", "pti", "ani", "upi",
         "bloomberg", "anadolu", "irna", "bernama", "apa", "ntb", "tt", "ritzau", "pap", "ctk", "mti",
         "bta", "hina", "tanjug", "ina", "wafa", "kuna", "spa", "mena", "nan", "kna", "apa-dpa"}


def check_kind(value: object) -> str | None:
    """A valid kind, None, or ValueError naming the allowed values."""
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in KINDS:
        raise ValueError(f"source_kind {value!r} is not one of {', '.join(KINDS)} [E004]")
    return value.lower()


def is_wire(name: str | None) -> bool:
    return bool(name) and name.strip().lower().rstrip(".") in WIRES


def kind_of(article: Article) -> str:
    """The article's kind: as the reader set it, else inferred (see the module doc)."""
    if article.source_kind:
        return article.source_kind
    dl = article.dateline
    if (dl is not None and is_wire(dl.agency)) or is_wire(article.source):
        return "wire"
    return "unknown"

"""Checks every input form shares: decoding, dates, size."""
from __future__ import annotations

import datetime as dt
import re

from ..article import ReadError

# Longer articles are refused at once (E006), not cut. 200,000 characters is about 35,000
# words: several times the longest news feature or court ruling we read, while a 1 MB
# paste of a log, a table or a repeated word is turned away before it costs anything.
# Up to that size an article is read in seconds (parsed in bounded pieces, each stage on
# a time budget: pipeline.py [limits]); --max-chars raises it (a 1,000,000-character
# hostile article then takes about a minute).
MAX_CHARS = 200_000

# an article's date anchors 'last year', 'in 40 days', 'the 1990s': far from year 1 and 9999,
# so that arithmetic cannot leave Python's date range (it did for 0001-01-01: OverflowError)
MIN_YEAR, MAX_YEAR = 1000, 8999

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def decode(raw: bytes, *, name: str) -> str | ReadError:
    """UTF-8 text or a ReadError; binary files (NUL bytes) are refused outright."""
    if b"\x00" in raw[:8192]:
        return ReadError(name, None, "binary file (NUL bytes), not text [E003]")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ReadError(name, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}) [E003]")
    return text


def check_date(value: object) -> str:
    """Return YYYY-MM-DD or raise ValueError saying what is wrong with the date."""
    if value is None or value == "":
        raise ValueError("no date: give `date YYYY-MM-DD` in the file, a \"date\" field, or --date [E002]")
    if not isinstance(value, str):
        raise ValueError(f"date must be a string YYYY-MM-DD, got {type(value).__name__} [E002]")
    m = _DATE.match(value.strip())
    if not m:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD [E002]")
    try:
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"impossible date {value!r}: {exc} [E002]") from None
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueError(f"date {value!r} is outside the years {MIN_YEAR}-{MAX_YEAR} an article can be dated; "
                         "give the article's real date [E002]")
    return d.isoformat()


def check_text(text: object, *, max_chars: int) -> str:
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__} [E004]")
    if not text.strip():
        raise ValueError("article text is empty [E006]")
    if len(text) > max_chars:
        raise ValueError(f"article is {len(text):,} characters; the limit is {max_chars:,} (raise it with --max-chars N) [E006]")
    return text

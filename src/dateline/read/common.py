"""Checks every input form shares: decoding, dates, size."""
from __future__ import annotations

import datetime as dt
import re

from ..article import ReadError

MAX_CHARS = 1_000_000  # spaCy's own default max_length; larger articles are refused, not cut

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
    return d.isoformat()


def check_text(text: object, *, max_chars: int) -> str:
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__} [E004]")
    if not text.strip():
        raise ValueError("article text is empty [E006]")
    if len(text) > max_chars:
        raise ValueError(f"article is {len(text):,} characters; the limit is {max_chars:,} (--max-chars) [E006]")
    return text

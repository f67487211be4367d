"""Text files: the sample format (`date YYYY-MM-DD` then the text) or plain text with --date."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..article import Article, ReadError
from .common import check_date, check_text

_SAMPLE = re.compile(r"^\s*date\s+(\S+)\s+", re.IGNORECASE)


def read_text(data: str, *, name: str, date: str | None = None,
              max_chars: int) -> Iterator[Article | ReadError]:
    art_id = Path(name).stem if name != "<stdin>" else "stdin"
    m = _SAMPLE.match(data)
    try:
        if m:
            day = check_date(m.group(1))
            text = data[m.end():]
        else:
            if not data.strip():
                raise ValueError("file is empty [E006]")
            day = check_date(date)
            text = data
        text = check_text(text.rstrip(), max_chars=max_chars)
    except ValueError as exc:
        yield ReadError(name, 1, str(exc), id=art_id)
        return
    yield Article(id=art_id, date=day, text=text, origin=f"{name}:1")

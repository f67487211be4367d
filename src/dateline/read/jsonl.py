"""JSON Lines: one article a line, `id`, `date`, `text` required; `title`, `url`, `source`,
`source_kind` (wire, newspaper, feed, telegram, statement ...: see provenance.py) optional."""
from __future__ import annotations

import json
from typing import Iterator

from ..article import Article, ReadError
from .common import check_date, check_text

_OPTIONAL = ("title", "url", "source")


def parse_record(obj: object, *, max_chars: int) -> Article:
    """One decoded JSON value to an Article, or ValueError naming the field at fault."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__} [E004]")
    missing = [k for k in ("id", "date", "text") if k not in obj]
    if missing:
        raise ValueError(f"missing field(s) {', '.join(missing)} [E004]")
    art_id = obj["id"]
    if isinstance(art_id, bool) or not isinstance(art_id, (str, int)):
        raise ValueError(f"id must be a string or integer, got {type(art_id).__name__} [E004]")
    day = check_date(obj["date"])
    text = check_text(obj["text"], max_chars=max_chars)
    extra = {}
    for k in _OPTIONAL:
        v = obj.get(k)
        if v is not None and not isinstance(v, str):
            raise ValueError(f"{k} must be a string, got {type(v).__name__} [E004]")
        extra[k] = v
    from ..provenance import check_kind

    extra["source_kind"] = check_kind(obj.get("source_kind"))
    return Article(id=str(art_id), date=day, text=text, **extra)


def read_jsonl(data: str, *, name: str, max_chars: int) -> Iterator[Article | ReadError]:
    for n, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(name, n, f"not JSON: {exc.msg} at column {exc.colno} [E004]")
            continue
        except RecursionError:
            yield ReadError(name, n, "JSON nested too deeply to read; an article record is flat: check the line [E004]")
            continue
        try:
            art = parse_record(obj, max_chars=max_chars)
        except ValueError as exc:
            art_id = obj.get("id") if isinstance(obj, dict) else None
            yield ReadError(name, n, str(exc), id=None if art_id is None else str(art_id))
            continue
        art.origin = f"{name}:{n}"
        yield art

"""Telegram Desktop's "Export chat history" in JSON (`result.json`): one article per message.

A message's text (a string, or a list of strings and entity objects {"type", "text"}) is
flattened to plain text; its date is the article date; its id is `tg-<chat id>-<message
id>`; `source` is the channel's name, or for a forwarded message the channel it was
forwarded from; `url` is https://t.me/<username>/<id> when the export names a
`username` (Telegram's own export does not: add `"username": "..."` at its top to get
links). Service messages (joins, pins) and media-only messages (no text) are counted in
`tally` and skipped. An edited message (`edited`) gets a new content hash, and the store
replaces the older reading of that id with it (`source_kind` "telegram" is revisable).
Both the single-chat export and the full account export ({"chats": {"list": [...]}}) are read.
"""
from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from typing import Iterator

from ..article import Article, ReadError
from .common import check_date, check_text

_MESSAGES = re.compile(r'"messages"\s*:\s*\[')
_SEP = re.compile(r"[\s,]*")


def is_export(obj: object) -> bool:
    """The shape of a Telegram export: a chat with a "messages" list, or an account's "chats"."""
    if not isinstance(obj, dict):
        return False
    if isinstance(obj.get("messages"), list):
        return True
    chats = obj.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def chats_of(obj: dict) -> list[dict]:
    if isinstance(obj.get("messages"), list):
        return [obj]
    out = []
    for key in ("chats", "left_chats"):
        group = obj.get(key)
        if isinstance(group, dict) and isinstance(group.get("list"), list):
            out += [c for c in group["list"] if isinstance(c, dict)]
    return out


def flatten(text: object) -> str:
    """Plain text of a message's `text`: a string, or a list of strings and entities."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        parts = []
        for x in text:
            if isinstance(x, str):
                parts.append(x)
            elif isinstance(x, dict) and isinstance(x.get("text", ""), str):
                parts.append(x.get("text", ""))
            else:
                raise ValueError(f"text holds a {type(x).__name__}, not a string or an entity "
                                 "{\"type\", \"text\"} [E004]")
        return "".join(parts)
    raise ValueError(f"text must be a string or a list, got {type(text).__name__} [E004]")


def _message_lines(data: str) -> list[list[int]] | None:
    """For each "messages" array in document order, the line each message starts on."""
    newlines = [m.start() for m in re.finditer("\n", data)]
    dec = json.JSONDecoder()
    out = []
    at = 0
    try:
        while (m := _MESSAGES.search(data, at)) is not None:
            pos, starts = m.end(), []
            while True:
                pos = _SEP.match(data, pos).end()
                if pos >= len(data) or data[pos] == "]":
                    break
                starts.append(bisect.bisect_right(newlines, pos - 1) + 1)
                _, pos = dec.raw_decode(data, pos)
            out.append(starts)
            at = pos  # past this array: text inside messages is not searched
    except ValueError:
        return None
    return out


def read_telegram(obj: dict, data: str, *, name: str, max_chars: int,
                  tally: Counter | None = None) -> Iterator[Article | ReadError]:
    """Articles from a decoded export `obj` (`data` is its text, for line numbers)."""
    tally = tally if tally is not None else Counter()
    chats = chats_of(obj)
    lines = _message_lines(data)
    if lines is not None and (len(lines) != len(chats) or
                              any(len(l) != len(c.get("messages") or []) for l, c in zip(lines, chats))):
        lines = None
    username = obj.get("username") if isinstance(obj.get("username"), str) else None
    for ci, chat in enumerate(chats):
        chat_name = chat.get("name") if isinstance(chat.get("name"), str) else None
        chat_id = chat.get("id", chat_name or "chat")
        user = chat.get("username") if isinstance(chat.get("username"), str) else username
        for mi, msg in enumerate(chat.get("messages") or []):
            line = lines[ci][mi] if lines else None
            if not isinstance(msg, dict):
                yield ReadError(name, line, f"message {mi + 1}: expected a JSON object, got "
                                f"{type(msg).__name__} [E004]")
                continue
            mid = msg.get("id")
            where = f"message {mid}" if mid is not None else f"message {mi + 1}"
            if msg.get("type", "message") == "service":
                tally["service messages"] += 1
                continue
            try:
                if isinstance(mid, bool) or not isinstance(mid, (int, str)):
                    raise ValueError("no message id [E004]")
                text = flatten(msg.get("text", "")).strip()
                if not text:
                    tally["media-only messages"] += 1
                    continue
                day = check_date(msg.get("date"))
                text = check_text(text, max_chars=max_chars)
            except ValueError as exc:
                yield ReadError(name, line, f"{where}: {exc}", id=None if mid is None else str(mid))
                continue
            fwd = msg.get("forwarded_from")
            source = fwd if isinstance(fwd, str) and fwd.strip() else chat_name
            yield Article(id=f"tg-{chat_id}-{mid}", date=day, text=text, source=source,
                          url=f"https://t.me/{user}/{mid}" if user else None,
                          origin=f"{name}:{line}" if line else f"{name}#{mid}", source_kind="telegram")

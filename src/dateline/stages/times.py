"""Times stage (first version): spaCy DATE/TIME entities with values resolved against the
article date: weekdays (most recent on or before), years, yesterday/today, else dateparser.

`event_date(reading, start, end)` is the hook the events stage calls.
"""
from __future__ import annotations

import datetime as dt
import re

from ..article import EventDate, Reading, Time
from ..pipeline import Stage, register

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def resolve(text: str, dct: dt.date) -> tuple[str, str] | None:
    """(type, value) of one expression against the document date, or None."""
    low = text.lower()
    for i, wd in enumerate(WEEKDAYS):
        if wd in low:
            d = dct - dt.timedelta(days=(dct.weekday() - i) % 7)
            return "DATE", d.isoformat()
    if low in ("today", "this morning", "tonight"):
        return "DATE", dct.isoformat()
    if low == "yesterday":
        return "DATE", (dct - dt.timedelta(days=1)).isoformat()
    m = re.fullmatch(r"(?:in |the )?(\d{4})", low)
    if m:
        return "DATE", m.group(1)
    return None


@register("times")
class TimesStage(Stage):
    def __init__(self, *, labels: tuple[str, ...] = ("DATE", "TIME")):
        self.labels = set(labels)

    def match(self, reading: Reading) -> list[tuple[int, int, str, str]]:
        dct = dt.date.fromisoformat(reading.article.date)
        out = []
        for ent in reading.doc.ents:
            if ent.label_ in self.labels:
                r = resolve(ent.text, dct)
                if r:
                    out.append((ent.start_char, ent.end_char, *r))
        return out

    def set_annotations(self, reading: Reading, result) -> None:
        text = reading.article.text
        for start, end, typ, value in result:
            reading.times.append(Time(id=reading.next_id("t", reading.times), text=text[start:end],
                                      start=start, end=end, type=typ, value=value))


def event_date(reading: Reading, start: int, end: int) -> EventDate:
    """The date of an event triggered at [start, end): a DATE in its sentence, else unknown."""
    doc = reading.doc
    sent = doc.char_span(start, end, alignment_mode="expand").sent if doc is not None else None
    if sent is not None:
        for t in reading.times:
            if t.type == "DATE" and sent.start_char <= t.start < sent.end_char and len(t.value) == 10:
                return EventDate(value=t.value, precision="day", start=t.value, end=t.value, time=t.id)
    d = reading.article.date
    return EventDate(value=d, precision="unknown", start=None, end=d)

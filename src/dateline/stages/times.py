"""Times stage: temporal expressions (timex.py's grammar) with tense read from the parse,
and `event_date`, the hook the events stage calls to date each trigger.

An event takes the time expression of its own clause first, then of its sentence; with
none it gets the article date as an upper bound and precision "unknown", never a day
presented as known.
"""
from __future__ import annotations

import datetime as dt
import re

from .. import timex, vocab
from ..article import EventDate, Reading, Time
from ..pipeline import Stage, register
from .parse import clause_head

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "going"}
_FUTURE_VERBS = {"plan", "schedule", "expect", "intend", "aim", "due", "set", "prepare", "hope", "propose"}


def future_from_parse(doc, start: int, end: int) -> bool | None:
    """True when the clause of [start, end) points forward, False when it is past, None unknown."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = clause_head(span.root)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for level in range(2):
        kids = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if kids & _FUTURE_AUX or (verb.lemma_ in _FUTURE_VERBS and verb.tag_ != "VBD"
                                  and any(c.dep_ == "xcomp" for c in verb.children)):
            return True  # "will meet", "plans to meet" (but not "set fire", "planned the raid")
        if verb.lemma_ in _FUTURE_VERBS and verb.tag_ == "VBG" and kids & {"is", "are", "am", "'s", "'re"}:
            return True  # "is preparing for a vote in September"
        if verb.tag_ in ("VBD", "VBN") and not kids & _FUTURE_AUX and "to" not in kids:
            return False  # (but "expected to be completed in June" is an infinitive: look up)
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.i != verb.i:
            verb = verb.head
            if verb.lemma_ in _FUTURE_VERBS:
                return True
        else:
            break
    return None


def _is_count(doc, t) -> bool:
    """'2014 people were killed': a number counting things, not a year."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    if tok.dep_ != "nummod" or tok.head.tag_ != "NNS" or tok.head.lemma_ in timex.UNITS:
        return False
    # "2014 people", "2014 wounded people" count; in "the 1986 tax code changes" a noun stands between:
    # the year modifies "tax code", it counts nothing
    between = tok.doc[tok.i + 1:tok.head.i] if tok.head.i > tok.i else []
    return all(t.pos_ in ("ADJ", "VERB") for t in between) and not (tok.i and tok.doc[tok.i - 1].lower_ in ("the", "its", "his", "her", "their"))


@register("times")
class TimesStage(Stage):
    """Tags DATE, TIME, DURATION and SET expressions; tense from the parse when there is one."""

    def __init__(self, *, use_parse: bool = True):
        self.use_parse = use_parse

    def match(self, reading: Reading) -> list[timex.Timex]:
        art = reading.article
        dct = dt.date.fromisoformat(art.date)
        body = art.dateline.body_start if art.dateline else 0
        doc = reading.doc if self.use_parse else None

        def future(s, e):
            if timex.REPORTED_BY.search(art.text, max(0, s - 30), s):
                return False  # "said on Friday they would act": the day it was said
            hint = future_from_parse(doc, s, e) if doc is not None else None
            return timex.clause_points_forward(art.text, s, e) if hint is None else hint

        found = timex.tag(art.text, dct, future=future)
        # the dateline's own date ("SEOUL, April 17 -") is a time expression of the text (TimeML tags
        # it), but only that date: the place before it is no time. `event_date` never dates an event by it
        dl = art.dateline
        found = [t for t in found if t.start >= body or (dl is not None and dl.date_text and dl.start <= t.start
                                                            and t.end <= dl.end and t.text in dl.date_text)]
        if doc is not None:
            found = [t for t in found if not (t.rule == "year" and _is_count(doc, t))]
        return found

    def set_annotations(self, reading: Reading, result: list[timex.Timex]) -> None:
        for t in result:
            reading.times.append(Time(id=reading.next_id("t", reading.times), text=t.text, start=t.start,
                                      end=t.end, type=t.type, value=t.value, mod=t.mod))


# ---- event dates ---------------------------------------------------------------------------
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(?:FY)?(\d{4})$")
_SEASON_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
                  "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(y: int, m: int) -> dt.date:
    y2, m2 = (y + (m // 12), m % 12 + 1)
    return dt.date(y2, m2, 1) - dt.timedelta(days=1)


def date_range(value: str) -> tuple[str, str, str] | None:
    """(precision, first day, last day) of a TIMEX3 DATE/TIME value, or None if it names no calendar range."""
    if m := _DAY.match(value):
        return "day", m[1], m[1]
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        first = monday + dt.timedelta(days=5) if m[3] else monday
        return "week", first.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        return "month", dt.date(y, mo, 1).isoformat(), _month_end(y, mo).isoformat()
    if m := _QUARTER.match(value):
        y = int(m[1])
        a, b = _SEASON_MONTHS[m[2]]
        yb, b = (y + 1, b - 12) if b > 12 else (y, b)
        prec = "year" if m[2].startswith("H") else "month"
        return prec, dt.date(y, a, 1).isoformat(), _month_end(yb, b).isoformat()
    if m := _YEAR.match(value):
        return "year", f"{m[1]}-01-01", f"{m[1]}-12-31"
    return None


def _tense(verb) -> tuple:
    aux = tuple(sorted(c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"))
    return verb.tag_ if verb.tag_ != "VBN" or aux else "VBD", aux


def _in_other_clause(doc, t, trigger) -> bool:
    """'the peninsula its forces seized in 2014': a time inside a relative or coordinated
    clause that does not hold the trigger dates that clause, not the event."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    own = {trigger.i} | {a.i for a in trigger.ancestors}
    head = clause_head(span.root)
    if head.i != clause_head(trigger).i and head.lemma_ in vocab.reporting_verbs() and head.i in own:
        return True  # "X said on Wednesday that 12 were killed": the day of the saying
    tok = span.root
    for _ in range(12):
        if tok.i in own:
            return False
        if tok.dep_ in ("relcl", "acl"):
            return True
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and _tense(tok) != _tense(tok.head):
            return True  # "had repelled ... and claimed in 2014": another time, another clause
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def event_date(reading: Reading, start: int, end: int) -> EventDate:
    """Date an event triggered at [start, end): its clause's time, then its sentence's, else unknown."""
    body = reading.article.dateline.body_start if reading.article.dateline else 0
    # (the dateline's date is when the report was filed: never an event's date)
    dated = [(t, r) for t in reading.times if t.type in ("DATE", "TIME") and t.start >= body and (r := date_range(t.value))]
    doc = reading.doc
    if dated and doc is not None:
        trig = doc.char_span(start, end, alignment_mode="expand")
        if trig is not None and len(trig):
            sent = trig.sent
            head = clause_head(trig.root)
            in_sent = [(t, r) for t, r in dated if sent.start_char <= t.start < sent.end_char
                       and not _in_other_clause(doc, t, trig.root)]
            same_clause = []
            for t, r in in_sent:
                span = doc.char_span(t.start, t.end, alignment_mode="expand")
                if span is not None and clause_head(span.root) == head:
                    same_clause.append((t, r))
            pick = same_clause or in_sent
            if pick:
                t, (prec, first, last) = min(pick, key=lambda tr: abs(tr[0].start - start))
                return EventDate(value=t.value.split("T")[0] if prec == "day" else t.value,
                                 precision=prec, start=first, end=last, time=t.id)
    return EventDate(value=reading.article.date, precision="unknown", start=None, end=reading.article.date)

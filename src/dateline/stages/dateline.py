"""The dateline stage: finds the wire-copy opening ("MOSCOW (Reuters) -") before any parse.

Forms handled: `CITY -`, `CITY, Country -`, `NEAR CITY, Country -`, `CITY, March 2 -`
(Reuters 1987), `CITY, Country, March 2 (Reuters) -`, `CITY, Country (AP) —`. The
place is left for the places stage to resolve (it reads `location_text`); the date,
when given, is checked against the article date.
"""
from __future__ import annotations

import datetime as dt
import re

from ..article import Dateline, Reading
from ..pipeline import Stage, register

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_RELATIONS = {"NEAR": "near", "OUTSIDE": "near", "OFF": "near"}

_DATELINE = (
    r"(?P<loc>(?:(?P<rel>NEAR|OUTSIDE|OFF)\s+)?"
    r"(?P<city>[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*)"
    rf"(?:,\s+(?!{_MONTH_RE}\s+\d)(?P<region>[A-Z][A-Za-z'.\-]+(?:\s+[A-Z][A-Za-z'.\-]+){{0,3}}))?)"
    rf"(?:,\s+(?P<date>{_MONTH_RE}\s+\d{{1,2}}(?:,\s+\d{{4}})?))?"
    r"(?:\s+\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\))?"
)
DATELINE_RE = re.compile(r"^\s*" + _DATELINE + r"\s*(?:--|-|—|–|:)\s")
# after a headline or byline run into the text ("Viaduct on pace. COLUMBUS -- The warmer ...",
# "March 29, 2009 PATASKALA -- City officials"): a dash only
LATE_DATELINE_RE = re.compile(r"(?<=[.!?:\d]\s)\s*" + _DATELINE + r"\s*(?:--|—|–|-)\s")


def find_dateline(text: str, article_date: str, *, max_offset: int = 160) -> Dateline | None:
    """The dateline at the head of `text` (or just after a headline run into it, within
    `max_offset` characters), or None when there is none."""
    m = DATELINE_RE.match(text[:max_offset])
    if m is None:
        m = LATE_DATELINE_RE.search(text[:max_offset])
    if not m or len(m.group("city").replace(" ", "")) < 3:
        return None
    rel = m.group("rel")
    loc_start = m.start("city")
    loc_end = m.end("region") if m.group("region") else m.end("city")
    date_text = m.group("date")
    matches = None
    if date_text:
        matches = _same_day(date_text, article_date)
    return Dateline(
        text=text[m.start("loc"):m.end()].rstrip(" -—–:"),
        start=m.start("loc"), end=m.start("loc") + len(text[m.start("loc"):m.end()].rstrip(" -—–:")),
        location_text=text[loc_start:loc_end], location_start=loc_start, location_end=loc_end,
        relation=_RELATIONS.get(rel, "in") if rel else "in",
        date_text=date_text, date_matches_article=matches, agency=m.group("agency"),
        body_start=m.end(),
    )


def _same_day(date_text: str, article_date: str) -> bool:
    """True when the dateline's day is the article's day (or the day before: time zones)."""
    parts = re.findall(r"[A-Za-z]+|\d+", date_text)
    month = _MONTHS.get(parts[0][:3].lower())
    day = int(parts[1])
    art = dt.date.fromisoformat(article_date)
    year = int(parts[2]) if len(parts) > 2 else art.year
    try:
        d = dt.date(year, month, day)
    except (TypeError, ValueError):
        return False
    return 0 <= (art - d).days <= 1


@register("dateline")
class DatelineStage(Stage):
    """Writes `article.dateline`; needs no parse, so it runs before spaCy."""

    needs_doc = False

    def __init__(self, *, max_offset: int = 160):
        self.max_offset = max_offset

    def match(self, reading: Reading) -> Dateline | None:
        return find_dateline(reading.article.text, reading.article.date, max_offset=self.max_offset)

    def set_annotations(self, reading: Reading, result: Dateline | None) -> None:
        reading.article.dateline = result
        if reading.article.source is None:
            reading.article.source = reporting_agency(reading.article.text, result)


_AGENCIES = r"Reuters|The Associated Press|Associated Press|AP|AFP|Agence France-Presse|BBC|Al Jazeera|CNN|Xinhua|Interfax|TASS|dpa"
_SELF = re.compile(rf"\b({_AGENCIES})\s+(?:was|were|has been|had been)?\s*(?:able to|unable to|could not|cannot|can't|"
                   rf"has not been able to|did not|confirmed|verified|reached|saw|witnessed|visited|obtained|reviewed)\b")


def reporting_agency(text: str, dateline: Dateline | None) -> str | None:
    """The outlet that wrote the story: the dateline's "(Reuters)", else the agency the body
    speaks of in the first person of wire copy ("Reuters was able to reach ...",
    "Reuters could not independently verify ...")."""
    if dateline is not None and dateline.agency:
        return dateline.agency
    m = _SELF.search(text)
    return m.group(1) if m else None

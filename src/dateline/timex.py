"""Temporal expressions in news text, with TIMEX3 values anchored on the article date.

Written by hand because the libraries that exist do other jobs: dateparser parses a
string you already cut out (and anchors "Friday" forwards), spaCy's DATE entities have
loose extents and no values, and HeidelTime needs Java and seconds per article. This
module is a small grammar of regular expressions (`PATTERNS`, longest match wins) and
one resolver per pattern; the news conventions live in the resolvers:

- a bare weekday or month is the most recent one on or before the article date, unless
  the clause points forward ("will", "next", "scheduled"), then the next one;
- "last week" is the ISO week before the article's; "a year ago" is a year; "the
  quarter" is the latest completed quarter; "overnight" is the night before;
- "five years", "more than half a year" are durations; "every Monday" is a set;
- "that day", "the next morning", "later that year" take the last time the text set
  (`_anchor_narrative`); holidays are the day they name; "a decade ago" is a year.
Extents follow TimeML 1.2.1: prepositions and "earlier"/"later" stay out, modifiers such as
"about", "late", "the end of" stay in and are recorded in `mod`; ages ("a 6-year-old") are not time
expressions. Hard-wrapped wire copy is read with its line breaks as spaces.
`tag(text, dct)` returns `Timex` tuples; the `times` stage adds tense hints from the parse.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from .regexfilter import Screen, Starts, folds_safely

# ---- vocabulary ------------------------------------------------------------------------
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
         "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
         "millennium": "L", "weekend": "WE"}
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "one": 1})
ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
VAGUE = {"several", "few", "a few", "couple", "a couple of", "some", "many", "numerous"}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# a compound ("twenty-five") only after a tens word: "6,700 five years ago" is no number "700 five"
_NUMW = r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)" \
        r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|" \
        r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a\s+)?hundred)"
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|centuries|millenni(?:um|a))"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_MOD = r"(?:more than|less than|nearly|almost|about|around|roughly|some|at least|at most|up to|" \
       r"just over|just under|well over|approximately|close to)"
_PART = r"(?:morning|afternoon|evening|night)"
# TIMEX3 (TimeML 1.2.1, type TIME): a clock time with its zone is one expression ("18:00 UTC",
# "5 p.m. EST"); the zone does not change the value, which is the clock time as written.
_ZONE = r"(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|EET|EEST|MSK|IST|JST|AEST|AEDT|ET|PT|local time)" \
        r"(?:\s?[+-]\s?\d{1,2}(?::?\d\d)?)?"
_CLOCK = rf"(?:\d{{1,2}}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s{_ZONE}\b)?" \
         rf"|(?:[01]?\d|2[0-3])[:.h]?[0-5]\d\s?(?:hours?\s)?(?-i:{_ZONE})\b|noon|midnight)"
_CLOCK24 = r"(?:[01]?\d|2[0-3]):[0-5]\d\b(?!\s?(?:a\.m|p\.m|am\b|pm\b|[-:/]\d))"
# Named days (TimeML 1.2.1: holidays are DATE expressions, valued as the calendar day they name).
_HOLIDAY = r"(?:Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)|Easter(?: Sunday| Monday)?|" \
           r"Good Friday|Election Day|Memorial Day|Labor Day|Veterans Day|Independence Day|Valentine's Day|" \
           r"Halloween|Boxing Day|Black Friday|Black Monday|Black Tuesday|Black Thursday|D-Day)"


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    rule: str = ""
    future: bool | None = field(default=None, repr=False, compare=False)
    groups: dict | None = field(default=None, repr=False, compare=False)


# ---- calendar helpers --------------------------------------------------------------------
def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(d: dt.date, n: int) -> tuple[int, int]:
    m = d.year * 12 + (d.month - 1) + n
    return m // 12, m % 12 + 1


def quarter(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def number(word: str) -> int | None:
    """'five' -> 5, '24' -> 24, 'twenty-four' -> 24, 'a' -> 1; vague words -> None."""
    w = word.lower().strip()
    if re.fullmatch(r"\d+", w):
        return int(w)
    parts = re.split(r"[- ]+", w)
    if parts[-1] == "hundred" and all(p in NUMBERS for p in parts):
        return 100 * (NUMBERS[parts[0]] if len(parts) > 1 else 1)
    if all(p in NUMBERS for p in parts):
        return sum(NUMBERS[p] for p in parts) if parts[0] != "hundred" else 100
    return None


def unit_code(unit: str) -> str:
    u = unit.lower().rstrip("s")
    if u.startswith("centur"):
        return "CE"
    if u.startswith("millenni"):
        return "L"
    return UNITS[u]


def duration(n: int | float | None, unit: str) -> str:
    code = unit_code(unit)
    if code == "WE":
        code = "WE"
    q = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    if code in ("H", "S") or (code == "M" and unit.lower().startswith("minute")):
        return f"PT{q}{code}"
    return f"P{q}{code}"


_CLOSE_DAYS = 62  # close dates are read as the near one whatever the tense: the tense cue is noisy ("declared a dividend payable Dec. 15")


def nearest_year(month: int, day: int | None, dct: dt.date, future: bool | None) -> int:
    """Year for a month (and day) given without one: the most recent on or before the
    article date unless `future`; when tense is unknown, the nearest occurrence."""
    def key(y):
        return dt.date(y, month, min(day or 1, 28))
    cands = [dct.year - 1, dct.year, dct.year + 1]
    ref = dt.date(dct.year, dct.month, 1) if day is None else dct
    nearest = min(cands, key=lambda y: abs((key(y) - ref).days))
    if future is None or abs((key(nearest) - ref).days) <= _CLOSE_DAYS:
        return nearest
    if future is True:
        return min((y for y in cands if key(y) >= ref), key=lambda y: key(y))
    if future is False:
        return max(y for y in cands if key(y) <= ref)
    return min(cands, key=lambda y: abs((key(y) - ref).days))


def weekday_date(wd: int, dct: dt.date, future: bool) -> dt.date:
    if future:
        delta = (wd - dct.weekday()) % 7 or 7
        return dct + dt.timedelta(days=delta)
    return dct - dt.timedelta(days=(dct.weekday() - wd) % 7)


# ---- the grammar ---------------------------------------------------------------------------
# Each entry: (name, regex). Resolvers below take (match, dct, future) and return
# (type, value, mod) or None to drop the candidate.
PATTERNS: list[tuple[str, str]] = [
    ("full_date", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b"),
    ("full_date_dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\s*,?\s+(?P<y>{_YEAR})\b"),
    ("iso_date", rf"\b(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    ("month_day", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|,\s*\d{{3}}|\d))"),
    ("rel_month_day", rf"\b(?P<rel>(?i:last|next|this))\s+(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|,\s*\d{{3}}|\d))"),
    ("day_month", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b"),
    ("month_rel_year", rf"\b(?P<m>{_MONTH})\s+(?P<rel>last|this|next)\s+year\b"),
    ("month_year", rf"\b(?:(?P<edge>(?i:early|late|mid|the end of|the beginning of|the middle of|the start of))(?:-|\s+))?(?P<m>{_MONTH})\s*,?\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
    ("rel_month", rf"\b(?P<rel>(?i:last|this|next|early|late|mid|earlier this|later this))(?:-|\s+)(?P<m>{_MONTH})\b"),
    ("month", rf"\b(?:(?P<edge>(?i:early|late|mid|end(?=-)))(?:-|\s+))?(?P<m>{_MONTH})\b"),
    ("decade", r"\b(?:the\s+)?(?:(?P<edge>early|late|mid)(?:-|\s+))?(?:(?P<y>1[89]\d0|20[0-9]0)'?s|'(?P<yy>[2-9]0)s)\b"),
    ("rel_century", r"\b(?P<rel>this|last|next)\s+century\b"),
    ("century", r"\b(?:the\s+)?(?:(?P<edge>early|late|mid)(?:-|\s+))?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>(?:nine|eigh|seven|six|fif)teenth|twentieth|twenty-first))[- ]century\b"),
    # clock time and calendar day as one TIME expression ("5 p.m. EST Nov. 9", "Nov. 9 at 5 p.m.")
    ("clock_date", rf"\b(?P<c>(?i:{_CLOCK}))\s*,?\s*(?:on\s+)?(?:{_WD},?\s+)?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("date_clock", rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?,?\s+(?:at\s+)?(?P<c>(?i:{_CLOCK}))"),
    ("holiday", rf"\b(?:(?P<rel>(?i:last|this|next|this year's|last year's|next year's))\s+)?(?P<h>{_HOLIDAY})(?:\s+(?P<wk>(?i:week|weekend)))?(?:,?\s+(?P<y>{_YEAR}))?\b"),
    # quarters and fiscal periods named against a year (TIMEX3 value YYYY-Qn; "final"/"last" quarter of a year is Q4)
    ("quarter_rel_year", r"\b(?:the\s+)?(?P<o>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ]quarter\s+of\s+(?P<rel>last|this|next|the previous|the current)\s+year\b"),
    ("rel_year_quarter", r"\b(?P<rel>last|this|next)\s+year's\s+(?:(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ])?(?P<u>quarter|period|half)\b"),
    ("year_period", rf"\bthe\s+(?P<y>{_YEAR})\s+(?:(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ])?(?P<u>quarter|period|fiscal year)\b"),
    ("same_period", rf"\bthe\s+(?:same|corresponding|comparable|like)\s+(?P<u>period|quarter|time|month|week)\s+(?:(?:of\s+|in\s+)?(?P<y>{_YEAR})|(?P<rel>last year|a year (?:ago|earlier)|of last year|the previous year|the prior year|in the previous year))\b"),
    ("rel_fiscal", r"\b(?P<rel>this|last|next|the current|the previous|the next|the coming)\s+fiscal\s+year\b(?!s)"),
    ("fiscal_year", rf"\b(?:fiscal(?: year)?|FY)\s*(?P<y>{_YEAR})\b"),
    ("quarter_year", rf"\b(?:the\s+)?(?P<o>{_ORD}|final|last)[- ]quarter(?:\s+of)?\s+(?P<y>{_YEAR})\b"),
    ("year_quarter", rf"\b(?:the\s+)?(?P<y>{_YEAR})\s+(?P<o>{_ORD})[- ]quarter\b"),
    ("quarter", rf"\b(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?P<o>{_ORD}|final)[- ]quarter\b"),
    # "the last week of February": a week of a named month (TimeML: a DATE, the ISO week)
    ("week_of_month", rf"\bthe\s+(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?\b"),
    ("quarter_century", r"\b(?:a|one|the past|the last)\s+quarter(?:[- ]|\s+of\s+a\s+)century\b"),
    # "at 1000 hours local": a 24-hour clock reading, not a thousand hours
    ("clock_hours", r"(?:(?<=\bat )|(?<=\bby )|(?<=\buntil )|(?<=\btill )|(?<=\bfrom )|(?<=\bbefore )|(?<=\bafter ))(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s+hours\b(?:\s+(?:local|GMT|UTC))?"),
    ("the_quarter", r"\b(?P<det>the|this|last|next|the latest|the current|the previous|the past|the year-ago|the year-earlier)\s+(?P<u>quarter|period)\b(?!s)"),
    # "of" belongs to the expression only with the year it introduces ("the first half of" December -> "the first half")
    ("half", rf"\b(?:the\s+)?(?P<o>first|second|last)(?:\s+|-)half(?:(?:\s+of)?\s+(?P<y>{_YEAR}|this year|last year|next year|the year|the current year|the fiscal year))?\b"),
    ("year_edge", rf"\b(?P<edge>early|late|mid|end(?=-)|the end of|the beginning of|the middle of|the start of)(?:-|\s+)(?P<y>{_YEAR})\b"),
    # TimeML 1.2.1: each end of a range is its own TIMEX3 ("from 1998 to 1999"), and so in one token
    # ("1998-99", "2009-2011", "the 1987/88 season"): two DATEs, the second completed from the first.
    ("year", rf"(?<![\d$£€.,/-])\b(?P<y>{_YEAR})(?:[-–/](?P<y2>\d\d(?:\d\d)?)\b(?![-–/.,]\d))?(?![\d,.]\d|%| percent|-\d)"),
    ("season", rf"\b(?P<rel>this|last|next|the|that|early|late|in the|in(?=\s+(?:spring|summer|autumn|winter)))\s+(?P<s>spring|summer|autumn|fall|winter)(?:\s+of\s+(?P<y>{_YEAR}))?\b"),
    ("season_year", rf"\b(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\s+(?P<y>{_YEAR})\b"),
    ("clock_wd", rf"\b(?P<c>(?i:{_CLOCK}))\s*(?:on\s+)?(?P<w>{_WD})\b"),
    ("wd_clock", rf"\b(?P<w>{_WD})\s+(?:at\s+)?(?P<c>(?i:{_CLOCK}))"),
    ("wd_part", rf"\b(?:(?P<rel>(?i:last|this|next))\s+)?(?P<w>{_WD})\s+(?P<p>(?i:{_PART}))\b"),
    ("part_wd", rf"\b(?P<p>(?i:{_PART}))\s+(?:of\s+)?(?P<w>{_WD})\b"),
    ("clock", rf"\b(?:(?:at|around|about)\s+)?(?P<c>{_CLOCK})"),
    ("clock24", rf"\b(?:at|by|until|till|from|around|before|after|since)\s+(?P<c>{_CLOCK24})"),
    ("rel_wd", rf"\b(?P<rel>(?i:last|this|next|this past|this coming))\s+(?P<w>{_WD})\b"),
    ("weekday", rf"\b(?P<w>{_WD})(?:'s)?\b"),
    ("every_wd", rf"\b(?i:every|each)\s+(?P<w>{_WD})\b|\b(?P<w2>{_WD})s\b"),
    ("day_rel", r"\b(?:(?P<edge>early|late)\s+)?(?P<r>today|yesterday|tomorrow|the day before yesterday|the day after tomorrow)\b"),
    ("tonight", r"\b(?P<r>tonight|overnight|last night|this morning|this afternoon|this evening|tomorrow morning|tomorrow night|tomorrow evening|yesterday morning|yesterday afternoon|yesterday evening)\b"),
    ("rel_unit", r"\b(?P<rel>last|this|next|the past|the last|the coming|the next|earlier this|later this|early this|late this|early next|late last|early last|late next|the current|the previous|the same)\s+(?P<u>week|weekend|month|year)\b(?!s|-)"),
    # TimeML 1.2.1: in "two days before the attack" the TIMEX3 is the DURATION "two days" and "before" a
    # SIGNAL; only an adverbial "before"/"earlier"/"later" (closing the clause: "a year before.") makes a date.
    ("year_ago", rf"\b(?:(?P<mod>{_MOD})\s+)?(?P<n>{_NUMW}|a|an|several|a few|a couple of)\s+(?P<u>{_UNIT})s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier(?!\s+than\b)|later(?!\s+than\b)|before(?=\s*(?:[.,;:!?)\"'\n]|$)|\s+(?:and|but|or|when|while|as)\b)|from now|hence)\b"),
    ("same_year", r"\b(?P<d>a|one|the)\s+(?P<u>year|month|week)[- ](?:earlier|ago|before)\b(?:\s+(?P<u2>quarter|period))?|\b(?P<adj>year-earlier|year-ago|prior-year)(?:\s+(?P<u3>quarter|period))?"),
    ("ordinal_day", r"\b(?:the\s+)(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|of\s+(?:the\s+)?(?!" + _MONTH + r")))"),
    ("weekend", r"\b(?P<rel>the|this|last|next|this past|that)\s+weekend\b"),
    ("year_end", r"\b(?P<r>year-end|year end|the end of the year|the end of this year|the end of the month|the end of this month|the end of next year|the end of last year|earlier in the year|later in the year|the full year|the fiscal year|the current fiscal year|the current year|the calendar year)\b"),
    ("spelled_year", r"\b(?:the year\s+)?(?P<a>nineteen|twenty)[- ](?P<b>(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)\b|\b(?:the year\s+)two thousand(?:\s+and\s+(?P<c>one|two|three|four|five|six|seven|eight|nine|ten))?\b"),
    ("spelled_decade", r"\bthe\s+(?:(?P<edge>early|late|mid)[- ])?(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"),
    # TimeML 1.2.1 (values PRESENT_REF/PAST_REF): the indexical adjectives "current" and "recent" before a
    # noun ("the current system", "a recent filing") are DATE expressions; "former" names no time and
    # "future" as an adjective ("future earnings") is mostly left untagged, so neither is one here.
    ("ref_adj", r"\b(?P<r>current|recent)\b(?=\s+(?!accounts?\b|ratio\b|assets\b|liabilities\b|affairs\b)[a-z])"),
    ("present", r"\b(?P<r>now|currently|at present|at the moment|nowadays|these days|at this time|right now|presently|the present)\b"),
    ("past", r"\b(?P<r>recently|in recent (?:days|weeks|months|years)|recent (?:days|weeks|months|years)|in the past|formerly|lately|of late|the past)\b(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?|quarters?))"),
    ("future", r"\b(?P<r>in the future|the future|(?:the )?coming (?:days|weeks|months|years)|in the near future|shortly|in the days ahead|in the weeks ahead|in the months ahead)\b"),
    # TimeML 1.2.1, TIMEX3 temporalFunction/anchorTimeID: "that day", "the next morning", "later that
    # year" are valued from the reference time the text last set (the article date until it sets one);
    # "earlier"/"later" relate the event to that time and stay out of the extent.
    ("anaphor", r"\b(?P<a>(?:that(?: same)?|the same|the (?:following|previous|preceding|prior))\s+(?P<u>day|morning|afternoon|evening|night|week|weekend|month|year)|the next (?P<u5>day|morning|afternoon|evening|night)|the (?P<wdir>following|previous|preceding|next) (?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|the (?P<u2>day|morning|night|evening|week|year) (?P<dir>before|after|earlier|later)(?=\s*[.,;:!?)]|\s+(?:and|but|when|as|while)\b)|(?:(?<=\bearlier in )|(?<=\blater in )|(?<=\bearlier on )|(?<=\blater on ))(?:that|the) (?P<u3>day|morning|afternoon|evening|night)|(?<=\bon )the (?P<u4>day|morning|afternoon|evening|night)\b(?!\s+(?:of|when|after|before|that|in)\b))\b(?!s\b|'s\b|-)"),
    # TimeML 1.2.1: "the year" as a definite description of the period in focus is a DATE valued from the
    # reference time, as "that year" is: "For the week, the index fell 3.8%", "the week's most active session".
    ("the_unit", r"\bthe (?P<u6>week|month|year)(?=\s*,|'s\s)"),
    # a fiscal year named by its end ("the year ended Sept. 30") is a length of time, as "the nine months ended" is
    ("year_ended", r"\bthe\s+(?:(?:fiscal|financial)\s+)?year(?=\s+end(?:ed|ing)\b)"),
    # TimeML 1.2.1: an adjectival duration ("a day-long strike", "a decades-long feud") is a DURATION
    ("dur_long", rf"\b(?:(?P<n>{_NUMW})[- ])?(?P<u>{_UNIT})(?P<pl>s)?[- ]long\b"),
    ("dur_half", rf"\b(?:(?P<mod>{_MOD})\s+)?(?:half an? (?P<u>{_UNIT})|an? (?P<u2>{_UNIT}) and a half|(?P<n>{_NUMW}) and a half (?P<u3>{_UNIT})s)\b"),
    ("dur_past", rf"\b(?P<det>the (?:past|last|next|first|final|coming|previous|latest|following))\s+(?:(?P<n>{_NUMW}|few|several|couple of)\s+)?(?P<u>{_UNIT})s?(?:\s+or\s+so)?\b"),
    ("dur", rf"\b(?:(?P<mod>{_MOD})\s+)?(?P<n>{_NUMW}|several|a few|a couple of|many|a|an)(?P<half>[- ]1/2)?[- ](?P<u>{_UNIT})(?P<pl>s)?(?:[- ]long)?(?:\s+or\s+so)?\b(?![- ]olds?\b|\s+old\b)"),
    ("dur_bare", r"\b(?P<pre>for|over|in|within|during)\s+(?P<u>days|weeks|months|years|decades|centuries|hours|minutes)\b"),
    ("set", r"(?<!-)\b(?P<r>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|fortnightly|biweekly|semiannually|semi-annually|(?:every|each) (?:day|week|weekend|month|year|quarter|night|morning|afternoon|evening|hour|season|spring|summer|autumn|fall|winter)|once a (?:day|week|month|year)|twice a (?:day|week|month|year)|a year)\b(?!-)"),
]

_COMPILED = [(name, re.compile(rx, re.IGNORECASE if name not in (
    "month", "month_day", "day_month", "weekday", "rel_month", "month_year", "month_rel_year",
    "full_date", "full_date_dmy", "season_year", "every_wd", "rel_month_day", "wd_part", "part_wd", "rel_wd",
    "clock_wd", "wd_clock", "clock_date", "date_clock", "holiday") else 0)) for name, rx in PATTERNS]
# Case-insensitive patterns written in lower case also run, without re.I, on the lower-cased
# text: the same matches (offsets hold when lower-casing keeps the length), found faster.
_FOLDED = {name: re.compile(rx.pattern) for name, rx in _COMPILED
           if rx.flags & re.IGNORECASE and name != "set"  # "set" reads the case of the next word
           and not re.search(r"[A-Z]", re.sub(r"\(\?P[<=]|\\[bB]", "", rx.pattern))}
_SCREEN = Screen(rx for _, rx in _COMPILED)  # skips the patterns a text lacks the words of


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _ord(s: str) -> int:
    s = s.lower()
    if s in ("final", "last"):  # "the final quarter of 2009": the fourth
        return 4
    return ORDINALS.get(s) or int(s[0])


def _latest_quarter(dct: dt.date) -> str:
    y, q = dct.year, quarter(dct) - 1
    if q == 0:
        y, q = y - 1, 4
    return f"{y}-Q{q}"


def _clock(c: str) -> str:
    c = c.lower()
    if c == "noon":
        return "12:00"
    if c == "midnight":
        return "24:00"
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s?([ap])", c)
    if m is None:  # 24-hour clock: "18:00", "1800 GMT", "18.00"
        m = re.match(r"(\d{1,2}?)[:.h]?(\d\d)\b", c)
        return f"{int(m[1]):02d}:{m[2]}"
    h, mi = int(m[1]), m[2] or "00"
    if m[3] == "p" and h < 12:
        h += 12
    if m[3] == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi}"


_MOD_CODES = {"more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
              "less than": "LESS_THAN", "under": "LESS_THAN", "nearly": "LESS_THAN",
              "almost": "LESS_THAN", "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
              "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "some": "APPROX",
              "approximately": "APPROX", "close to": "APPROX", "just over": "MORE_THAN",
              "just under": "LESS_THAN", "well over": "MORE_THAN"}
_EDGE = {"early": "START", "late": "END", "mid": "MID", "end": "END", "the end of": "END", "the beginning of": "START",
         "the middle of": "MID", "the start of": "START", "earlier this": None, "later this": None}


def resolve(name: str, m: re.Match, dct: dt.date, future: bool | None) -> tuple[str, str, str | None] | None:
    g = m.groupdict()
    fut = bool(future)
    if name in ("full_date", "full_date_dmy", "iso_date"):
        month = int(g["m"]) if name == "iso_date" else _month(g["m"])
        try:
            return "DATE", dt.date(int(g["y"]), month, int(g["d"])).isoformat(), None
        except ValueError:
            return None
    if name in ("month_day", "day_month", "rel_month_day"):
        month, day = _month(g["m"]), int(g["d"])
        if not 1 <= day <= 31 or (g["m"] in ("May", "March") and name == "day_month" and False):
            return None
        y = nearest_year(month, day, dct, future)
        if (g.get("rel") or "").lower() == "last":  # "last August 26": the latest one before the article date
            y = dct.year if (month, day) < (dct.month, dct.day) else dct.year - 1
        elif (g.get("rel") or "").lower() == "next":
            y = dct.year if (month, day) > (dct.month, dct.day) else dct.year + 1
        try:
            return "DATE", dt.date(y, month, day).isoformat(), None
        except ValueError:
            return None
    if name == "month_rel_year":
        y = dct.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return "DATE", f"{y}-{_month(g['m']):02d}", None
    if name == "month_year":
        return "DATE", f"{g['y']}-{_month(g['m']):02d}", _EDGE.get((g.get("edge") or "").lower())
    if name == "rel_month":
        rel, month = g["rel"].lower(), _month(g["m"])
        if rel in ("last",):
            y = dct.year if month < dct.month else dct.year - 1
        elif rel == "next":
            y = dct.year if month > dct.month else dct.year + 1
        elif rel in ("this", "earlier this", "later this"):
            y = dct.year
        else:
            y = nearest_year(month, None, dct, future)
        return "DATE", f"{y}-{month:02d}", _EDGE.get(rel)
    if name == "month":
        word = g["m"]
        if word.rstrip(".").lower() in ("may", "mar", "jun", "jan", "dec", "sep", "oct", "aug", "feb", "apr", "jul", "nov", "sept") \
                and not g.get("edge") and not _month_context(m):
            return None
        if word == "March" and not (g.get("edge") or _month_context(m)):
            return None
        month = _month(word)
        return "DATE", f"{nearest_year(month, None, dct, future)}-{month:02d}", _EDGE.get((g.get("edge") or "").lower())
    if name == "clock24":
        return "TIME", f"{dct.isoformat()}T{_clock(g['c'])}", None
    if name in ("clock_date", "date_clock"):
        month, day = _month(g["m"]), int(g["d"])
        y = int(g["y"]) if g.get("y") else nearest_year(month, day, dct, future)
        try:
            return "TIME", f"{dt.date(y, month, day).isoformat()}T{_clock(g['c'])}", None
        except ValueError:
            return None
    if name == "holiday":
        return _holiday(m, g, dct, future)
    if name == "quarter_rel_year":
        y = dct.year + {"last": -1, "the previous": -1, "next": 1}.get(g["rel"].lower(), 0)
        o = g["o"].lower()
        return "DATE", f"{y}-Q{4 if o in ('final', 'last') else _ord(o)}", None
    if name == "rel_year_quarter":
        y = dct.year + {"last": -1, "next": 1}.get(g["rel"].lower(), 0)
        u = g["u"].lower()
        if u == "half":
            o = (g.get("o") or "first").lower()
            return "DATE", f"{y}-H{1 if o == 'first' else 2}", None
        if g.get("o"):
            o = g["o"].lower()
            return "DATE", f"{y}-Q{4 if o == 'final' else _ord(o)}", None
        return "DATE", f"{y}-{_latest_quarter(dct)[5:]}", None  # the reporting quarter, that year
    if name == "year_period":
        u = g["u"].lower()
        if u == "quarter":
            o = (g.get("o") or "").lower()
            q = 4 if o == "final" else _ord(o) if o else int(_latest_quarter(dct)[-1])
            return "DATE", f"{g['y']}-Q{q}", None
        return "DATE", g["y"], None
    if name == "same_period":
        u = g["u"].lower()
        y = int(g["y"]) if g.get("y") else None
        if u in ("period", "quarter"):
            lq = _latest_quarter(dct)
            return "DATE", f"{y if y else int(lq[:4]) - 1}{lq[4:]}", None
        if u == "month":
            # the month itself is the one the text last named: `_anchor_narrative` sets it
            return "DATE", f"{y or dct.year - 1}-{dct.month:02d}", None
        if u == "week":
            return "DATE", iso_week(dct.replace(year=y or dct.year - 1) if not (dct.month == 2 and dct.day == 29) else dct), None
        return "DATE", str(y or dct.year - 1), None
    if name == "rel_fiscal":
        off = {"last": -1, "the previous": -1, "next": 1, "the next": 1, "the coming": 1}.get(g["rel"].lower(), 0)
        return "DATE", str(dct.year + off), None
    if name == "anaphor":
        return _anaphor(g, dct.isoformat())
    if name == "the_unit":
        if not (m.string.startswith("'", m.end()) or m.string[max(0, m.start() - 4):m.start()].lower() == "for "):
            return None  # only "For the week," and "the week's"
        return _anaphor({"u": g["u6"]}, dct.isoformat())
    if name == "year_ended":
        return "DURATION", "P1Y", None
    if name == "dur_long":
        if g.get("n"):
            n = number(g["n"])
            return ("DURATION", duration(n, g["u"]), None) if n is not None else None
        return "DURATION", duration(None if g.get("pl") else 1, g["u"]), None
    if name == "decade":
        return "DATE", g["y"][:3] if g.get("y") else "19" + g["yy"][0], _EDGE.get((g.get("edge") or "").lower())
    if name == "rel_century":
        return "DATE", f"{dct.year // 100 + {'last': -1, 'next': 1}.get(g['rel'].lower(), 0):02d}", None
    if name == "century":
        n = int(g["n"]) if g.get("n") else {"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                                            "nineteenth": 19, "twentieth": 20, "twenty-first": 21}[g["w"].lower()]
        return "DATE", f"{n - 1:02d}", _EDGE.get((g.get("edge") or "").lower())
    if name == "fiscal_year":
        return "DATE", g["y"], None
    if name in ("quarter_year", "year_quarter"):
        return "DATE", f"{g['y']}-Q{_ord(g['o'])}", None
    if name == "quarter":
        q = _ord(g["o"])
        y = dct.year if (q <= quarter(dct) or future) else dct.year - 1
        return "DATE", f"{y}-Q{q}", None
    if name == "the_quarter":
        det = g["det"].lower()
        if g["u"].lower() == "period" and det not in ("the latest", "the year-ago", "the year-earlier", "the same"):
            return None
        if det in ("this", "the current"):
            return "DATE", f"{dct.year}-Q{quarter(dct)}", None
        if det == "next":
            y, mth = add_months(dct, 3)
            return "DATE", f"{y}-Q{(mth - 1) // 3 + 1}", None
        if det in ("the year-ago", "the year-earlier"):
            lq = _latest_quarter(dct)
            return "DATE", f"{int(lq[:4]) - 1}{lq[4:]}", None
        if det == "the" and fut and re.search(r"\b(?:through|throughout)\s+$", m.string[max(0, m.start() - 12):m.start()]):
            return "DATE", f"{dct.year}-Q{quarter(dct)}", None  # "will weigh on banks through the quarter": this one
        return "DATE", _latest_quarter(dct), None
    if name == "half":
        y = g.get("y") or "this year"
        y = {"this year": dct.year, "last year": dct.year - 1, "next year": dct.year + 1}.get(y.lower(), y)
        y = dct.year if str(y).lower().startswith("the") else y
        if not g.get("y") and re.match(r"\s+of\b", m.string[m.end():m.end() + 4]):
            return None  # "the first half of December": a half of something the grammar does not value
        return "DATE", f"{y}-H{1 if g['o'].lower() == 'first' else 2}", None
    if name == "year_edge":
        return "DATE", g["y"], _EDGE.get(g["edge"].lower())
    if name == "year":
        return ("DATE", g["y"], None) if not g.get("y2") or _range_end(g) else None
    if name in ("season", "season_year"):
        code = SEASONS[g["s"].lower()]
        if code == "FA" and g["s"].lower() == "fall" and not g.get("y") and re.match(r"\s+(?:in|of)\b", m.string[m.end():m.end() + 5]):
            return None  # "the fall in oil prices": the noun, not the season
        rel = (g.get("rel") or "").lower()
        if g.get("y"):
            return "DATE", f"{g['y']}-{code}", None
        y = dct.year + {"last": -1, "next": 1}.get(rel, 0)
        return "DATE", f"{y}-{code}", {"early": "START", "late": "END"}.get(rel)
    if name in ("clock_wd", "wd_clock"):
        d = weekday_date(WEEKDAYS[g["w"].lower()], dct, fut)
        return "TIME", f"{d.isoformat()}T{_clock(g['c'])}", None
    if name in ("wd_part", "part_wd"):
        rel = (g.get("rel") or "").lower()
        d = weekday_date(WEEKDAYS[g["w"].lower()], dct, fut or rel == "next")
        if rel == "last" and d == dct:
            d -= dt.timedelta(days=7)
        return "TIME", f"{d.isoformat()}T{PARTS[g['p'].lower()]}", None
    if name == "clock":
        return "TIME", f"{dct.isoformat()}T{_clock(g['c'])}", None
    if name == "rel_wd":
        rel, wd = g["rel"].lower(), WEEKDAYS[g["w"].lower()]
        if rel in ("next", "this coming"):
            d = weekday_date(wd, dct, True)
        elif rel == "this":
            d = weekday_date(wd, dct, fut)
        else:
            d = weekday_date(wd, dct - dt.timedelta(days=1), False)
        return "DATE", d.isoformat(), None
    if name == "weekday":
        return "DATE", weekday_date(WEEKDAYS[g["w"].lower()], dct, fut).isoformat(), None
    if name == "every_wd":
        wd = WEEKDAYS[(g.get("w") or g.get("w2")).lower()]
        return "SET", f"XXXX-WXX-{wd + 1}", None
    if name == "day_rel":
        off = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}[g["r"].lower()]
        edge = (g.get("edge") or "").lower()
        d = (dct + dt.timedelta(days=off)).isoformat()
        return "DATE", d, {"early": "START", "late": "END"}.get(edge)
    if name == "tonight":
        r = g["r"].lower()
        if r == "overnight" and _OVERNIGHT_THING.match(m.string, m.end()):
            return None  # "overnight money", "an overnight messenger service": a kind of thing, no time ("overnight losses" is one)
        day = dct - dt.timedelta(days=1) if r in ("overnight", "last night") or r.startswith("yesterday") else \
            dct + dt.timedelta(days=1) if r.startswith("tomorrow") else dct
        part = PARTS[r.split()[-1]] if r.split()[-1] in PARTS else "NI"
        return "TIME", f"{day.isoformat()}T{part}", None
    if name == "rel_unit":
        return _rel_unit(g["rel"].lower(), g["u"].lower(), dct)
    if name == "year_ago":
        n = number(g["n"]) if g["n"].lower() not in ("several", "a few", "a couple of") else None
        if g["n"].lower() == "a couple of":
            n = 2
        u = unit_code(g["u"])
        sign = 1 if g["dir"].lower() in ("later", "from now", "hence") else -1
        if n is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
        return "DATE", _shift(dct, sign * n, u), _MOD_CODES.get((g.get("mod") or "").lower())
    if name == "same_year":
        u = (g.get("u") or "year").lower()
        if g.get("adj") or g.get("u2") or g.get("u3"):
            lq = _latest_quarter(dct)
            if g.get("u2") or g.get("u3"):
                return "DATE", f"{int(lq[:4]) - 1}{lq[4:]}", None
            return "DATE", str(dct.year - 1), None
        return "DATE", _shift(dct, -1, UNITS[u]), None
    if name == "ordinal_day":
        day = int(g["d"])
        if _before_noun(m):
            return None  # "the 14th annual congress", "the 16th year": an ordinal, not a day of the month
        if not 1 <= day <= 31:
            return None
        y, mth = (dct.year, dct.month) if day <= dct.day or fut else add_months(dct, -1)
        try:
            return "DATE", dt.date(y, mth, day).isoformat(), None
        except ValueError:
            return None
    if name == "weekend":
        rel = g["rel"].lower()
        if rel == "next" or (rel in ("the", "this") and fut):
            d = dct + dt.timedelta(days=(5 - dct.weekday()) % 7)
        elif rel == "last" and dct.weekday() >= 5:
            d = dct - dt.timedelta(days=7)
        else:
            d = dct - dt.timedelta(days=(dct.weekday() - 5) % 7)
        return "DATE", iso_week(d) + "-WE", None
    if name == "year_end":
        r = g["r"].lower()
        if "month" in r:
            return "DATE", f"{dct.year}-{dct.month:02d}", "END"
        y = dct.year + (1 if "next" in r else -1 if "last" in r else 0)
        if r in ("year-end", "year end"):
            return "DATE", f"{y}-12-31", None
        return "DATE", str(y), "END" if "end" in r else None
    if name == "spelled_year":
        if g.get("a"):
            tens = number(g["b"])
            return "DATE", str((19 if g["a"].lower() == "nineteen" else 20) * 100 + tens), None
        return "DATE", str(2000 + (number(g["c"]) if g.get("c") else 0)), None
    if name == "spelled_decade":
        d = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}[g["d"].lower()]
        century = 19 if dct.year < 2020 or d >= 3 else 20
        return "DATE", f"{century}{d}", _EDGE.get((g.get("edge") or "").lower())
    if name == "ref_adj":
        return "DATE", "PRESENT_REF" if g["r"].lower() == "current" else "PAST_REF", None
    if name == "present":
        return "DATE", "PRESENT_REF", None
    if name == "past":
        return "DATE", "PAST_REF", None
    if name == "future":
        return "DATE", "FUTURE_REF", None
    if name == "dur_half":
        mod = _MOD_CODES.get((g.get("mod") or "").lower())
        if g.get("u"):
            return "DURATION", _half(g["u"]), mod
        if g.get("u2"):
            return "DURATION", _plus_half(1, g["u2"]), mod
        n = number(g["n"])
        return "DURATION", _plus_half(n, g["u3"]), mod
    if name == "week_of_month":
        month = _month(g["m"])
        y = int(g["y"]) if g.get("y") else nearest_year(month, None, dct, future)
        o = g["o"].lower()
        if o in ("last", "final"):
            day = dt.date(y + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            day = dt.date(y, month, 1 + 7 * ("first", "second", "third", "fourth").index(o))
        return "DATE", iso_week(day), None
    if name == "quarter_century":
        return "DURATION", "P25Y", None
    if name == "clock_hours":
        return "TIME", f"{dct.isoformat()}T{g['hh']}:{g['mm']}", None
    if name == "dur_past":
        if not g.get("n") and g["u"].lower() == "quarter" and g["det"].lower() in ("the last", "the latest", "the previous") \
                and not re.match(r"\s+of\b", m.string[m.end():m.end() + 4]):
            return "DATE", _latest_quarter(dct), None  # "prices rose in the last quarter": the latest completed quarter
        n = number(g["n"]) if g.get("n") else 1
        if g.get("n") and g["n"].lower() in ("few", "several", "couple of"):
            n = 2 if g["n"].lower() == "couple of" else None
        if not g.get("n") and m.group(0)[-1] in "sS" and g["u"][-1] not in "sS":
            n = None  # "the first weeks of May": how many is not said
        return "DURATION", duration(n, g["u"]), None
    if name == "dur":
        word = g["n"].lower()
        if g["u"].lower() == "quarter" and _FRACTION.match(m.string, m.end()):
            return None  # "a quarter point", "three-quarters of the vote": a fraction, not a time (TimeML 1.2.1: no TIMEX3)
        if word in ("a", "an"):
            if g.get("pl"):
                return None  # "a decades-long feud": the article belongs to the noun; dur_long takes it
            after = m.string[m.end():m.end() + 20]
            if g["u"].lower() == "second" and not re.match(r"\s*(?:[.,;:!?)]|$|(?:or|and|to|in|of|before|after|later|earlier|ago)\b)", after):
                return None  # "a second consecutive day", "for a second time": an ordinal, not PT1S
        n = 2 if word == "a couple of" else None if word in VAGUE or word == "many" else number(word)
        if n is None and word not in VAGUE and word != "many":
            return None
        mod = _MOD_CODES.get((g.get("mod") or "").lower()) or ("APPROX" if m.group(0).endswith(" so") else None)
        if g.get("half") and n is not None:
            return "DURATION", _plus_half(n, g["u"]), mod  # "2 1/2 years"
        return "DURATION", duration(n, g["u"]), mod
    if name == "dur_bare":
        return "DURATION", duration(None, g["u"]), None
    if name == "set":
        r = g["r"].lower()
        nxt = re.match(r"\s+([a-z]+)", m.string[m.end():m.end() + 20])
        if r.endswith("ly") and nxt and nxt[1] not in _FUNCTION_WORDS:
            return None  # adjectival: "a daily newspaper", "annual report"
        unit = r.split()[-1]
        table = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "a year": "P1Y", "fortnightly": "P2W",
                 "biweekly": "P2W", "semiannually": "P6M", "semi-annually": "P6M"}
        if r in table:
            return "SET", table[r], None
        if unit in SEASONS:
            return "SET", f"XXXX-{SEASONS[unit]}", None  # "every summer"
        if unit == "weekend":
            return "SET", "XXXX-WXX-WE", None
        if unit == "season":
            return "SET", "P1Y", None  # a season (of a sport, a show, a harvest) comes round once a year
        if unit == "afternoon":
            return "SET", "P1D", None
        code = {"night": "D", "morning": "D", "evening": "D"}.get(unit) or UNITS.get(unit, "D")
        return "SET", f"PT1{code}" if code == "H" else f"P1{code}", None
    return None


_FRACTION = re.compile(r"\s*(?:-?\s*(?:percentage\s+)?points?\b|of\s+(?!(?:a|the)\s+(?:century|year|decade)\b)|percent|%)", re.I)
def _range_end(g: dict) -> str | None:
    """The second year of "1998-99" / "2009-2011", or None when it is no later year (a score, a code)."""
    y1, y2 = int(g["y"]), g["y2"]
    end = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2) + (100 if int(y2) < y1 % 100 else 0)
    return str(end) if 0 < end - y1 <= 10 else None


_FUNCTION_WORDS = {"and", "or", "to", "in", "for", "on", "at", "by", "from", "with", "since", "until",
                   "but", "as", "the", "a", "this", "that", "than", "basis", "now"}


def _before_noun(m: re.Match) -> bool:
    """The match is followed by a lower-case content word: it modifies a noun ("overnight money")."""
    nxt = re.match(r"\s+([a-z]+)\b", m.string[m.end():m.end() + 25])
    return bool(nxt) and nxt[1] not in _FUNCTION_WORDS and nxt[1] not in _CLAUSE_WORDS


_OVERNIGHT_THING = re.compile(r"\s+(?:at\s+\d|to\s+(?:spot|tomorrow)|call|money|rates?|funds|loans?|deposits?|repos?|repurchases?|matched|messenger|delivery|"
                              r"courier|mail|express|interbank|lending|borrowing|index|success|sensation|bag)\b", re.I)
_CLAUSE_WORDS = {"when", "while", "after", "before", "he", "she", "it", "they", "we", "i", "you", "there", "is", "was",
                 "were", "are", "had", "has", "have", "will", "would", "said", "says", "of", "last", "next", "amid",
                 "into", "about", "against", "under", "over", "during", "through", "if", "so", "because", "though",
                 "although", "then", "again", "local", "its", "his", "her", "their", "not", "also", "only"}


def _month_context(m: re.Match) -> bool:
    """A bare month name counts only after a time preposition or before a year/day."""
    before = m.string[max(0, m.start() - 12):m.start()].lower()
    if re.search(r"\b(in|since|until|till|by|from|to|for|through|throughout|during|before|after|of|early|late|mid|last|next|this|since early|since late|end)[\s-]+$", before):
        return not (before.endswith("for ") and m.group(0).lower() == "may")  # "voted for May": a person
    # a month coordinated with another month ("March/April", "April or May") is a month
    return bool(_MONTH_PAIR_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
                or _MONTH_PAIR_AFTER.match(m.string, m.end()))


_MONTH_PAIR_BEFORE = re.compile(rf"\b{_MONTH}(?:/|\s+(?:or|and|to)\s+)$")
_MONTH_PAIR_AFTER = re.compile(rf"(?:/|\s+(?:or|and|to)\s+){_MONTH}\b")


def _easter(y: int) -> dt.date:
    """Western Easter Sunday (the Meeus/Jones/Butcher Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    n = h + l - 7 * m + 114
    return dt.date(y, n // 31, n % 31 + 1)


def _nth_weekday(y: int, month: int, wd: int, n: int) -> dt.date:
    """The n-th `wd` weekday of a month; n = -1 for the last one."""
    if n < 0:
        last = dt.date(y + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - wd) % 7)
    first = dt.date(y, month, 1)
    return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))


_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
                   "halloween": (10, 31), "boxing day": (12, 26), "veterans day": (11, 11),
                   "independence day": (7, 4)}
# days that name one day in history rather than a yearly one
_HISTORIC_DAYS = {"black monday": dt.date(1987, 10, 19), "black tuesday": dt.date(1929, 10, 29),
                  "black thursday": dt.date(1929, 10, 24), "d-day": dt.date(1944, 6, 6)}


def _holiday_date(name: str, y: int) -> dt.date:
    if name in _FIXED_HOLIDAYS:
        return dt.date(y, *_FIXED_HOLIDAYS[name])
    if name.startswith("easter") or name == "good friday":
        return _easter(y) + dt.timedelta(days={"easter monday": 1, "good friday": -2}.get(name, 0))
    if name.startswith("thanksgiving") or name == "black friday":
        return _nth_weekday(y, 11, 3, 4) + dt.timedelta(days=1 if name == "black friday" else 0)
    if name == "election day":  # the Tuesday after the first Monday of November
        return _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1)
    if name == "memorial day":
        return _nth_weekday(y, 5, 0, -1)
    return _nth_weekday(y, 9, 0, 1)  # labor day


def _holiday(m: re.Match, g: dict, dct: dt.date, future: bool | None):
    """TimeML 1.2.1: a named day is a DATE valued as the day it names ("Thanksgiving Day",
    "Election Day"); "Easter week" is the week it names; without a year, the occurrence the
    tense points to, as for a bare month; a day named for one event in history is that day."""
    name = g["h"].lower()
    after = m.string[m.end():m.end() + 20]
    if not g.get("wk") and not g.get("y") and _HOLIDAY_THING.match(after):
        return None  # "Christmas tree", "Election Day polls", "Easter egg": a thing, not the day
    if name in _HISTORIC_DAYS:
        d = _HISTORIC_DAYS[name]
        return ("DATE", d.isoformat(), None) if d < dct else None
    rel = (g.get("rel") or "").lower().replace(" year's", "")
    if g.get("y"):
        d = _holiday_date(name, int(g["y"]))
    elif rel in ("last", "next", "this"):
        if rel == "this":
            d = _holiday_date(name, dct.year)
        else:
            cands = [_holiday_date(name, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
            d = max(c for c in cands if c < dct) if rel == "last" else min(c for c in cands if c > dct)
    else:
        cands = [_holiday_date(name, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
        near = min(cands, key=lambda c: abs((c - dct).days))
        if abs((near - dct).days) <= 21:
            d = near  # "as Easter business came to a close" twelve days before Easter: this one, whatever the tense
        elif future is True:
            d = min(c for c in cands if c >= dct)
        elif future is False:
            d = max(c for c in cands if c <= dct)
        else:
            d = min(cands, key=lambda c: abs((c - dct).days))
    if g.get("wk"):
        if g["wk"].lower() == "weekend":
            return "DATE", iso_week(d - dt.timedelta(days=(d.weekday() - 5) % 7 if d.weekday() >= 5 else 0)) + "-WE", None
        return "DATE", iso_week(d + dt.timedelta(days=1) if name.startswith("easter") else d), None
    return "DATE", d.isoformat(), None


_HOLIDAY_THING = re.compile(
    r"\s+(?:trees?|cards?|gifts?|presents?|part(?:y|ies)|shopping|sales?|dinners?|lunch|meals?|eggs?|bunny|parades?|"
    r"markets?|lights|carols?|decorations|holidays?|break|recess|season|message|address|speech|services?|mass|vigil|"
    r"spirit|special|edition|story|movie|film|songs?|music|bonus(?:es)?|truce|ceasefire|offensive|bombings?|"
    r"attacks?|rising|uprising|massacre|landings?|invasion|polls?|voting|turnout|results|crash|storm|rush|"
    r"travel|traffic|feast|celebrations?|festivities|tradition|story|stories|eve)\b", re.I)
_DAY_PART = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _anaphor(g: dict, ref: str) -> tuple[str, str, str | None] | None:
    """Value of "that day", "the next morning", "the following year" from the reference time
    `ref` (a TIMEX3 value: a day, a week, a month or a year)."""
    unit = (g.get("u") or g.get("u2") or g.get("u3") or g.get("u4") or g.get("u5") or "").lower()
    a = (g.get("a") or "").lower()
    step = 0
    if re.match(r"the (?:following|next)\b", a) or g.get("dir") in ("after", "later"):
        step = 1
    elif re.match(r"the (?:previous|preceding|prior)\b", a) or g.get("dir") in ("before", "earlier"):
        step = -1
    day = re.match(r"(\d{4}-\d\d-\d\d)", ref)
    if g.get("w"):  # "the previous Friday": the named weekday before (after) the reference day
        if not day:
            return None
        d, wd = dt.date.fromisoformat(day[1]), WEEKDAYS[g["w"].lower()]
        if step < 0:
            d = d - dt.timedelta(days=(d.weekday() - wd) % 7 or 7)
        else:
            d = d + dt.timedelta(days=(wd - d.weekday()) % 7 or 7)
        return "DATE", d.isoformat(), None
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        if not day:
            return None
        d = dt.date.fromisoformat(day[1]) + dt.timedelta(days=step)
        return ("DATE", d.isoformat(), None) if unit == "day" else ("TIME", f"{d.isoformat()}T{_DAY_PART[unit]}", None)
    if unit in ("week", "weekend"):
        if day:
            w = iso_week(dt.date.fromisoformat(day[1]) + dt.timedelta(weeks=step))
        elif (wm := re.match(r"(\d{4})-W(\d\d)", ref)):
            w = iso_week(dt.date.fromisocalendar(int(wm[1]), int(wm[2]), 1) + dt.timedelta(weeks=step))
        else:
            return None
        return "DATE", w + ("-WE" if unit == "weekend" else ""), None
    if unit == "month":
        mm = re.match(r"(\d{4})-(\d\d)\b(?!-W)", ref)
        if not mm or not 1 <= int(mm[2]) <= 12:
            return None
        y, mo = add_months(dt.date(int(mm[1]), int(mm[2]), 1), step)
        return "DATE", f"{y}-{mo:02d}", None
    if unit == "year":
        ym = re.match(r"(\d{4})", ref)
        return ("DATE", str(int(ym[1]) + step), None) if ym else None
    return None


def _half(unit: str) -> str:
    u = unit_code(unit)
    return {"Y": "P6M", "D": "PT12H", "H": "PT30M", "M": "P2W", "W": "P3D", "CE": "P50Y", "DE": "P5Y"}.get(u, f"P0.5{u}")


def _plus_half(n: int | None, unit: str) -> str:
    u = unit_code(unit)
    if n is None:
        return duration(None, unit)
    if u == "Y":
        return f"P{n * 12 + 6}M"
    if u == "H":
        return f"PT{n}H30M"
    if u == "M" and unit.lower().startswith("minute"):
        return f"PT{n}M30S"
    return duration(n + 0.5, unit)


def _shift(dct: dt.date, n: int, u: str) -> str:
    if u == "D":
        return (dct + dt.timedelta(days=n)).isoformat()
    if u in ("W", "WE"):
        return iso_week(dct + dt.timedelta(weeks=n))
    if u == "M":
        y, m = add_months(dct, n)
        return f"{y}-{m:02d}"
    if u == "Q":
        y, m = add_months(dct, 3 * n)
        return f"{y}-Q{(m - 1) // 3 + 1}"
    if u == "Y":
        return str(dct.year + n)
    if u == "DE":
        return str(dct.year + 10 * n)  # "a decade ago" in 1999 is the year 1989, not the 1980s
    if u == "CE":
        return str(dct.year + 100 * n)
    if u == "H":
        return (dt.datetime.combine(dct, dt.time(12)) + dt.timedelta(hours=n)).strftime("%Y-%m-%dT%H")
    return dct.isoformat()


def _rel_unit(rel: str, unit: str, dct: dt.date) -> tuple[str, str, str | None]:
    off = {"last": -1, "the past": -1, "the last": -1, "the previous": -1, "late last": -1,
           "early last": -1, "next": 1, "the coming": 1, "the next": 1, "early next": 1,
           "late next": 1}.get(rel, 0)
    mod = {"earlier this": None, "later this": None, "early this": "START", "late this": "END",
           "early next": "START", "late last": "END", "early last": "START", "late next": "END"}.get(rel)
    if rel in ("the past", "the last", "the coming", "the next"):
        return "DURATION", duration(1, unit), None
    if unit == "week":
        return "DATE", iso_week(dct + dt.timedelta(weeks=off)), mod
    if unit == "weekend":
        d = dct + dt.timedelta(weeks=off)
        if off == 0 and dct.weekday() < 5:
            d = dct - dt.timedelta(days=dct.weekday() + 1) if rel == "the same" else d
        return "DATE", iso_week(d) + "-WE", mod
    if unit == "month":
        y, m = add_months(dct, off)
        return "DATE", f"{y}-{m:02d}", mod
    return "DATE", str(dct.year + off), mod


_FORWARD = re.compile(r"\b(will|'ll|shall|next|upcoming|scheduled|due to|expected to|plans? to|planned|"
                      r"is to|are to|set to|going to|intends? to|to be held|would|coming|ahead of)\b", re.IGNORECASE)


_PAST = re.compile(r"\b(was|were|had|did|ago|\w+ed)\b", re.IGNORECASE)


def clause_points_forward(text: str, start: int, end: int) -> bool | None:
    """Cheap tense cue without a parse: True for a future marker earlier in the clause,
    False for a past one, None when the clause says neither."""
    lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start), text.rfind("\n", 0, start), start - 120)
    window = text[lo + 1:start]
    if _FORWARD.search(window) and not re.search(r"\b(said|says|told|was|were|had)\b[^,]*$", window):
        return True
    return False if _PAST.search(window) else None


_SINCE = re.compile(r"\b[Ss]ince\s+$")


def tag(text: str, dct: dt.date, *, future: Callable[[int, int], bool | None] | None = None) -> list[Timex]:
    """Every temporal expression in `text`, longest match first, resolved against `dct`.

    `future(start, end)` may say whether the expression's clause points forward (the
    stage answers from the parse); without it a cue-word window is used.
    """
    cands = []
    # Wire copy is hard-wrapped ("the first\nquarter", "two\ndays"): the grammar reads line breaks
    # and tabs as spaces (same length, so offsets hold); extents are cut from the text as given.
    scan = text.replace("\n", " ").replace("\t", " ") if "\n" in text or "\t" in text else text
    low = scan.lower() if folds_safely(scan) else None
    folded = low is not None and len(low) == len(scan)
    words = _SCREEN.literals(low) if low is not None else None
    starts = Starts(scan, low if folded else None)
    for pri, (name, rx) in enumerate(_COMPILED):
        if words is not None and not _SCREEN.may_match(rx, words):
            continue
        for m in (starts.finditer(_FOLDED[name], True) if folded and name in _FOLDED else starts.finditer(rx)):
            if m.end() > m.start():
                cands.append((m.start(), -(m.end() - m.start()), pri, name, m))
    cands.sort()
    taken: list[tuple[int, int]] = []
    out: list[Timex] = []
    for start, neg_len, _pri, name, m in sorted(cands, key=lambda c: (c[1], c[2], c[0])):
        end = start - neg_len
        if any(s < end and start < e for s, e in taken):
            continue
        fut = future(start, end) if future else clause_points_forward(text, start, end)
        if fut is not False and _SINCE.search(text, max(0, start - 7), start):
            fut = False  # "since early January": a bound in the past whatever the clause's tense
        res = resolve(name, m, dct, fut)
        if res is None:
            continue
        s, e = _trim(text, start, end)
        taken.append((start, end))
        if name == "year" and m["y2"]:  # two expressions from one token
            out.append(Timex(m.start("y"), m.end("y"), m["y"], *res, rule=name, future=fut, groups=m.groupdict()))
            s, e, res = m.start("y2"), m.end("y2"), ("DATE", _range_end(m.groupdict()), None)
        out.append(Timex(s, e, text[s:e], *res, rule=name, future=fut, groups=m.groupdict()))
    out.sort(key=lambda t: t.start)
    _extend_edges(text, scan, out)
    _extend_prefixes(text, scan, out)
    _complete_ranges(text, out)
    _anchor_narrative(text, out, dct)
    _anchor_comparisons(text, out)
    return out


_RANGE_LINK = re.compile(r"^\s*(?:through|thru|to|until|till|and|or|-|–|/)\s*$", re.I)


def _complete_ranges(text: str, found: list[Timex]) -> None:
    """"From April through December 1986", "January-August, 1987": the first month of a range
    takes the year given once at its end (the year before, when it comes after the end's month)."""
    for a, b in zip(found, found[1:]):
        if a.rule == "month" and b.rule == "month_year" and _RANGE_LINK.match(text[a.end:b.start]) \
                and (ma := re.match(r"^\d{4}-(\d\d)$", a.value)) and (mb := re.match(r"^(\d{4})-(\d\d)$", b.value)):
            y, m1, m2 = int(mb[1]), int(ma[1]), int(mb[2])
            a.value = f"{y if m1 <= m2 else y - 1}-{m1:02d}"


# TimeML 1.2.1, attribute mod (START/MID/END): "early", "late", "mid" and "the end/beginning/middle of"
# are part of the TIMEX3 they modify ("late Thursday", "the end of January", "the middle of this month").
_EDGE_BEFORE = re.compile(r"(?:\b(?P<a>[Tt]he (?:end|beginning|start|middle) of)\s+|\b(?P<b>[Ee]arly|[Ll]ate|[Mm]id)(?:\s+|-))$")
_EDGE_RULES = {"month", "rel_month", "rel_unit", "weekday", "wd_part", "rel_wd", "day_rel", "quarter", "the_quarter",
               "season", "month_day", "holiday", "century", "tonight"}
_EDGE_MOD = {"end": "END", "beginning": "START", "start": "START", "middle": "MID", "early": "START", "late": "END",
             "mid": "MID"}


# TimeML 1.2.1 extent: the whole noun phrase is the TIMEX3 - a weekday naming the same day as the date
# after it ("Friday, Oct. 13, 1989"), the determiner of a counted duration ("the nine months ended
# Sept. 30"), of an ordinal day ("the 25th of June") and "the (full) year" before a year ("the year 2000").
# Joined after matching, so that the grammar's patterns keep a literal start and stay fast.
_WD_BEFORE = re.compile(rf"\b{_WD},?\s+$")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_THE_YEAR_BEFORE = re.compile(r"\b[Tt]he\s+(?:(?:full|calendar|fiscal|financial)\s+)?year\s+$")
_COUNTED = re.compile(rf"(?:{_NUMW})[ \n]", re.I)


def _extend_prefixes(text: str, scan: str, found: list[Timex]) -> None:
    drop: set[int] = set()
    for t in found:
        lo = max(0, t.start - 30)
        e = None
        if t.rule in ("full_date", "full_date_dmy", "month_day", "day_month"):
            e = _WD_BEFORE.search(scan, lo, t.start)
            if e is None and t.rule == "day_month" and re.match(r"\d+(?:st|nd|rd|th)", t.text):
                e = _THE_BEFORE.search(scan, lo, t.start)
        elif t.rule == "dur" and t.mod is None and _COUNTED.match(t.text):
            e = _THE_BEFORE.search(scan, lo, t.start)
        elif t.rule == "year" and re.fullmatch(r"\d{4}", t.text):
            e = _THE_YEAR_BEFORE.search(scan, lo, t.start)
        if e is None:
            continue
        for u in found:  # "Friday" and "the full year" were matched on their own: now inside t
            if u is not t and e.start() <= u.start and u.end <= t.start:
                drop.add(id(u))
        t.start = e.start()
        t.text = text[t.start:t.end]
    if drop:
        found[:] = [u for u in found if id(u) not in drop]


def _extend_edges(text: str, scan: str, found: list[Timex]) -> None:
    for t in found:
        if t.mod is not None or t.rule not in _EDGE_RULES or t.type not in ("DATE", "TIME") \
                or not re.match(r"\d|X", t.value):
            continue
        e = _EDGE_BEFORE.search(scan, max(0, t.start - 22), t.start)
        if e is None or (e["b"] and t.rule in ("month_day", "holiday")) \
                or (e["a"] and t.rule in ("weekday", "wd_part", "rel_wd", "day_rel", "tonight", "month_day")):
            continue
        word = (e["a"] or e["b"]).lower().split()[-2 if e["a"] else -1]
        t.mod, t.start = _EDGE_MOD[word], e.start()
        t.text = text[t.start:t.end]


# expressions that name a calendar day outright, not counted from the article date
_EXPLICIT_DAY = {"full_date", "full_date_dmy", "iso_date", "month_day", "day_month", "clock_date", "date_clock",
                 "holiday"}
REPORTED_BY = re.compile(r"\b(?:said|says|told|announced|reported|stated|added|confirmed|denied)\s+(?:on\s+)?$", re.I)
_CAL = re.compile(r"^\d{4}(?:-|$)")


def _anchor_narrative(text: str, found: list[Timex], dct: dt.date) -> None:
    """Reference time (TimeML 1.2.1, anchorTimeID): anaphoric expressions ("that day", "the
    next morning", "later that year") take their value from the last time the text set, the
    article date until it sets one. A bare weekday that follows a day the text named outright,
    in a past narrative set more than a week before the article date (same sentence, past-tense
    clause, the day not a bound such as "since Aug. 2"), is the nearest such weekday to that day ("On Aug. 6 the king flew in;
    on Tuesday he met Bush"), not the one before the article date; not when it dates the
    reporting ("said Tuesday") or closes a range counted up to now ("from Sept. 14 to Thursday")."""
    refs: list[str] = [dct.isoformat()]
    prev: Timex | None = None
    anchored: set[int] = set()
    for i, t in enumerate(found):
        if t.rule in ("anaphor", "the_unit") and t.groups is not None:
            if t.rule == "the_unit":
                t.groups = {"u": t.groups.get("u6")}
            want = (t.groups.get("u") or t.groups.get("u2") or t.groups.get("u3") or t.groups.get("u4")
                    or t.groups.get("u5") or ("day" if t.groups.get("w") else "")).lower()
            need = r"^\d{4}-\d\d-\d\d" if want not in ("month", "year") else r"^\d{4}-\d\d(?!\d)" if want == "month" else r"^\d{4}"
            ref = next((r for r in reversed(refs) if re.match(need, r) and not re.match(r"^\d{4}-[QHW]", r) or
                        (want in ("week", "weekend") and re.match(r"^\d{4}-W\d\d", r))), dct.isoformat())
            if (res := _anaphor(t.groups, ref)) is not None:
                t.type, t.value, t.mod = res
        elif t.rule == "weekday" and prev is not None and t.future is not True \
                and (prev.rule in _EXPLICIT_DAY or id(prev) in anchored) \
                and (pd := re.match(r"^(\d{4}-\d\d-\d\d)", prev.value)) \
                and (dct - dt.date.fromisoformat(pd[1])).days > 6 \
                and not re.search(r"[.!?;]['\"]?\s|\n", text[prev.end:t.start]) \
                and not re.search(r"\b(?:since|until|till|before|after|by)\s+(?:the\s+|his\s+|its\s+|their\s+)?$",
                                  text[max(0, prev.start - 12):prev.start], re.I) \
                and not REPORTED_BY.search(text[max(0, t.start - 30):t.start]) \
                and not re.search(r"\b(?:to|until|till|through|thru)\s+$", text[max(0, t.start - 12):t.start], re.I):
            ref_day = dt.date.fromisoformat(pd[1])
            wd = WEEKDAYS[t.text.lower().removesuffix("'s")] if t.text.lower().removesuffix("'s") in WEEKDAYS else None
            if wd is not None:
                delta = (wd - ref_day.weekday()) % 7
                t.value = (ref_day + dt.timedelta(days=delta if delta <= 3 else delta - 7)).isoformat()
                anchored.add(id(t))
        elif t.rule == "same_period" and (t.groups or {}).get("u", "").lower() == "month" \
                and (last := next((r for r in reversed(refs[1:]) if re.match(r"^\d{4}-\d\d(?:-\d\d)?$", r)), None)):
            t.value = f"{t.value[:4]}-{last[5:7]}"  # "in February ..., up from the same month last year"
        elif t.rule == "season" and (t.groups or {}).get("rel", "").lower() == "that" and not t.groups.get("y"):
            # "that summer": the season of the year the text last set
            year = next((r[:4] for r in reversed(refs) if re.match(r"^\d{4}", r)), str(dct.year))
            t.value = f"{year}-{SEASONS[t.groups['s'].lower()]}"
        if t.type in ("DATE", "TIME") and _CAL.match(t.value):
            refs.append(t.value)
            prev = t


_QUARTER_VALUE = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")
_DAY_VALUE = re.compile(r"^(\d{4})(-\d\d-\d\d)$")


def _anchor_comparisons(text: str, found: list[Timex]) -> None:
    """"A year earlier", "year-ago": one year before the period the sentence is about.

    In "profit rose in the third quarter from $5 a year earlier" the comparison is with
    the same quarter a year before, not with the article's year; after an exact day it
    is that day a year before.
    """
    for i, t in enumerate(found):
        if t.rule not in ("same_year", "year_ago") or not re.search(r"\byear\b|year-", t.text, re.I):
            continue
        if m := re.match(r"(?:(a|one|two|three|four|five|\d+)\s+)years?\s+(later|earlier|before|after)$", t.text, re.I):
            # "captured in 2014 and retaken a year later": counted from the year just named
            prev = found[i - 1] if i else None
            pv = re.fullmatch(r"(\d{4})((?:-\d\d){0,2})", prev.value) if prev is not None else None
            if pv and len(text[prev.end:t.start]) < 200 and (pv[2] == "" or m[2].lower() in ("later", "after")):
                # "signed on March 3, 1999, and ratified a year later": the year after that day, as a year
                n = number(m[1]) if m[1].lower() not in ("a", "one") else 1
                if n is not None:
                    sign = 1 if m[2].lower() in ("later", "after") else -1
                    t.value = str(int(pv[1]) + sign * n)
                    continue
        if t.rule == "year_ago" and not re.match(r"(?:a|one)\s+year\s+(?:ago|earlier|before)$", t.text, re.I):
            continue
        for prev in reversed(found[:i]):
            between = text[prev.end:t.start]
            near = len(between) < 300 and len(re.findall(r"[.!?]\s", between)) == 0
            if len(between) > 1500:
                break
            if m := _QUARTER_VALUE.match(prev.value):
                if prev.rule in ("same_year", "year_ago", "same_period") or re.search(r"year-(?:ago|earlier)", prev.text, re.I):
                    t.value = prev.value  # "a year earlier ... the year-ago quarter": the same period again, not a year before it
                else:
                    t.value = f"{int(m[1]) - 1}-{m[2]}"  # the reporting period stays in focus across paragraphs
                break
            if near and (m := _DAY_VALUE.match(prev.value)) and re.search(r"earlier|before", t.text, re.I):
                t.value = f"{int(m[1]) - 1}{m[2]}"
                break


# prepositions; "earlier"/"later" before a deictic ("earlier this week") relate an event to the
# time and are no part of it (TimeML 1.2.1 keeps them out of the TIMEX3); the article of an
# adjectival duration ("a day-long strike") belongs to the noun.
_LEADING = re.compile(r"^(?:(?:at(?!\s+(?:least|most)\b)|on|in|for|over|within|during)\s+|(?:earlier|later)\s+(?=this\b|that\b|last\b|next\b)"
                      r"|an?\s+(?=\S+-long$)|(?:the|an?)\s+(?=\S+-(?:quarter|half|century)$|year-(?:ago|earlier)$))", re.IGNORECASE)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """TimeML extents leave out prepositions ("at 5 p.m." -> "5 p.m.") and trailing 's."""
    m = _LEADING.match(text[start:end])
    if m:
        start += m.end()
    if text[start:end].endswith("'s") and not re.search(r"\d0's$", text[start:end]):  # but "the 1980's"
        end -= 2
    return start, end

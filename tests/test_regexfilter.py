"""The literal pre-screen: it may only skip a regex on a text the regex cannot match."""
from __future__ import annotations

import re

from dateline.regexfilter import Screen, Starts, first_strings, folds_safely, may_match, required


def test_required_literals_never_skip_a_match():
    rx = re.compile(r"\b(?:suicide (?:bomb(?:er|ing)?|attack)|blew (?:himself|herself) up)", re.I)
    assert {x.split()[0] for x in required(rx)} == {"suicide", "blew"}
    assert not may_match(rx, "prices rose in march.")
    texts = ["A SUICIDE BOMBER struck.", "He blew himself up.", "a suicide attack", "nothing here"]
    for t in texts:
        assert folds_safely(t)
        assert bool(rx.search(t)) <= may_match(rx, t.lower())
    half = re.compile(r"(?:half an? (?:hour|day)|an? (?:hour|day) and a half)", re.I)
    assert all("half" in x for x in required(half))
    assert not may_match(half, "an hour and a quarter")


def test_patterns_without_literals_are_always_run():
    assert required(re.compile(r"\d+\s*km")) == {"km"}
    assert required(re.compile(r"\d+")) is None
    assert may_match(re.compile(r"\d+"), "no digits at all")
    assert not folds_safely("the long \u017f is an s under re.IGNORECASE")


PATTERNS = [
    re.compile(r"\b(?:suicide (?:bomb(?:er|ing)?|attack)|blew (?:himself|herself) up)", re.I),
    re.compile(r"(?<![\w-])(?:last|next|this) (?:week|month|year)\b", re.I),
    re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
    re.compile(r"\b(?:the )?(?:next|following) day\b", re.I),
    re.compile(r"\d+ (?:people|civilians)"),  # opens with a class: no start strings
    re.compile(r"\bweek(?:end)?s?\b", re.I),
]
TEXTS = [
    "A suicide bomber struck last week, and another blew himself up the following day.",
    "On Wednesday 12 people died; NEXT WEEK the talks resume. Weekends are quiet; the weekend was not.",
    "Last Year, this month and next-week plans: nothing matched the day after.",
    "weekweekend weekends", "", "no match at all here",
]


def test_a_screen_skips_only_patterns_a_text_cannot_match():
    screen = Screen(PATTERNS)
    for text in TEXTS:
        found = screen.literals(text.lower())
        for rx in PATTERNS:
            assert screen.may_match(rx, found) == may_match(rx, text.lower())
            assert bool(rx.search(text)) <= screen.may_match(rx, found)
    # literals that begin inside another one's occurrence are found too ("weekend" inside "weekweekend")
    assert {"week", "weekend"} <= Screen([PATTERNS[5], re.compile("weekend")]).literals("weekweekend")


def test_starts_gives_the_matches_finditer_gives():
    for text in TEXTS:
        low = text.lower()
        starts = Starts(text, low)
        for rx in PATTERNS:
            assert [m.span() for m in starts.finditer(rx)] == [m.span() for m in rx.finditer(text)]
            plain = re.compile(rx.pattern)  # without re.I, on the lower-cased text
            assert [m.span() for m in starts.finditer(plain, True)] == [m.span() for m in plain.finditer(low)]
    days = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    assert first_strings(PATTERNS[2]) == (frozenset(days), frozenset())  # case kept: no re.I
    assert first_strings(PATTERNS[4]) is None

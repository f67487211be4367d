"""The literal pre-screen: it may only skip a regex on a text the regex cannot match."""
from __future__ import annotations

import re

from dateline.regexfilter import folds_safely, may_match, required


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

"""Numbers stage: stated quantities with what they count and how exact they are.

"a pre-war population of around 70,000" -> 70000, APPROX, counts "population";
"only a few thousand residents" -> 3000, APPROX, counts "residents"; "at least 12 people"
-> 12, EQUAL_OR_MORE, counts "people". Years, dates and times belong to the times layer
and are left out. Hand-written: the quantity parsers on PyPI (quantulum3, number-parser)
read units or number words but not the hedges and counted nouns news relies on.
"""
from __future__ import annotations

import re

from ..article import Number, Reading
from ..pipeline import Stage, register
from ..regexfilter import folds_safely

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
         "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "a dozen": 12}
VAGUE = {"a few": 3, "few": 3, "several": 5, "some": 5, "many": 10, "dozens of": 24, "dozens": 24,
         "scores of": 40, "hundreds of": 200, "hundreds": 200, "thousands of": 2000, "thousands": 2000,
         "tens of thousands of": 20000, "millions of": 2_000_000}
SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "mln": 1_000_000, "billion": 1_000_000_000,
         "bln": 1_000_000_000}
MODS = {"around": "APPROX", "about": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX",
        "an estimated": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
        "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "fewer than": "LESS_THAN",
        "less than": "LESS_THAN", "under": "LESS_THAN"}
UNITS = {"%": "%", "pct": "%", "percent": "%", "per cent": "%", "km": "km", "kilometres": "km", "kilometers": "km",
         "miles": "miles", "dlrs": "USD", "dollars": "USD", "tonnes": "t", "tons": "t", "metres": "m", "meters": "m"}

_num = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_words = "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
_vague = "|".join(sorted(map(re.escape, VAGUE), key=len, reverse=True))
_mods = "|".join(sorted(map(re.escape, MODS), key=len, reverse=True))
_units = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
NUMBER = re.compile(
    rf"\b(?:(?P<mod>{_mods})\s+)?(?:(?P<num>{_num})|(?P<word>{_words})|(?P<vague>{_vague}))"
    rf"(?:\s+(?P<scale>hundred|thousand|million|mln|billion|bln)\b)?(?:\s*(?P<unit>{_units})(?![\w]))?", re.I)

# NUMBER is written in lower case: without re.I on the lower-cased text it finds the same
# matches three times faster (`_matches` reads each again on the text, for its groups' case)
_NUMBER_LOW = re.compile(NUMBER.pattern)


def _matches(text: str):
    """`NUMBER.finditer(text)`, found on the lower-cased text when that keeps every offset
    and folds as re.I does."""
    low = text.lower()
    if len(low) != len(text) or not folds_safely(text):
        return NUMBER.finditer(text)
    return (NUMBER.match(text, m.start()) for m in _NUMBER_LOW.finditer(low))


def parse(m: re.Match) -> tuple[float, str | None, str | None]:
    """(value, mod, unit) of one NUMBER match."""
    mod = MODS.get((m["mod"] or "").lower())
    if m["num"]:
        value = float(m["num"].replace(",", ""))
    elif m["word"]:
        value = float(WORDS[m["word"].lower()])
    else:
        value = float(VAGUE[m["vague"].lower()])
        mod = mod or "APPROX"
    if m["scale"]:
        value *= SCALE[m["scale"].lower()]
    unit = UNITS.get((m["unit"] or "").lower()) if m["unit"] else None
    return (int(value) if value.is_integer() else value), mod, unit


@register("numbers")
class NumbersStage(Stage):
    """Writes `reading.numbers`."""

    def __init__(self, *, min_chars: int = 1):
        self.min_chars = min_chars

    def match(self, reading: Reading) -> list[dict]:
        text, doc = reading.article.text, reading.doc
        body = reading.article.dateline.body_start if reading.article.dateline else 0
        timed = [(t.start, t.end) for t in reading.times]
        out = []
        for m in _matches(text):
            a, b = m.start(), m.end()
            if a < body or any(s < b and a < e for s, e in timed):
                continue
            if m["vague"] and not m["scale"] and m["vague"].lower() in ("some", "many", "few", "several") \
                    and not re.match(r"\s+(?:thousand|hundred|dozen)", text[b:b + 12]):
                # "some" or "several" alone are not numbers unless a count follows
                nxt = re.match(r"\s+(\w+)", text[b:])
                if not nxt or nxt.group(1).lower() in ("of", "time", "times", "way", "ways", "point"):
                    continue
            value, mod, unit = parse(m)
            if m["num"] and not unit and re.fullmatch(r"(1[89]|20)\d\d", m["num"]) and not m["mod"]:
                continue  # a year the times layer did not take is still not a count
            counts = self._counted(doc, text, a, b) if doc is not None and unit is None else None
            if m["vague"] and counts is None:
                continue
            out.append({"start": a, "end": b, "value": value, "mod": mod, "unit": unit, "counts": counts})
        return out

    @staticmethod
    def _counted(doc, text: str, a: int, b: int) -> str | None:
        """The noun a number counts: the noun after it ("12 people", "a few thousand residents"),
        or the noun it is "of" ("a population of around 70,000")."""
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            return None
        last = span[-1]
        k = last.i + 1
        while k < len(doc) and k <= last.i + 3 and doc[k].pos_ in ("ADJ", "NUM", "ADV", "PUNCT") \
                and doc[k].text not in (",", "."):
            k += 1
        if k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN") and doc[k].idx >= b:
            t = doc[k]
            if t.pos_ == "NOUN" or t.ent_type_ in ("NORP",):
                return t.lemma_.lower() if t.tag_ == "NNS" and t.lower_ == "people" else t.lower_
        head = span.root.head
        if head.lower_ == "of" and head.head.pos_ == "NOUN":
            return head.head.lower_
        if span.root.dep_ in ("pobj",) and head.head.pos_ == "NOUN":
            return head.head.lower_
        return None

    def set_annotations(self, reading: Reading, result: list[dict]) -> None:
        text = reading.article.text
        for n in result:
            reading.numbers.append(Number(id=reading.next_id("n", reading.numbers), text=text[n["start"]:n["end"]],
                                          start=n["start"], end=n["end"], value=n["value"], mod=n["mod"],
                                          counts=n["counts"], unit=n["unit"]))

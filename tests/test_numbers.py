"""Numbers: quantities with their hedges and the nouns they count."""
from __future__ import annotations

import pytest


def nums(reading):
    return {n.text: n for n in reading.numbers}


@pytest.mark.parametrize("text, mention, value, mod, counts", [
    ("At least 12 people were killed in the raid.", "At least 12", 12, "EQUAL_OR_MORE", "people"),
    ("The town had a population of around 70,000 before the war.", "around 70,000", 70000, "APPROX", "population"),
    ("Only a few thousand residents remain in the city.", "a few thousand", 3000, "APPROX", "residents"),
    ("Dozens of protesters gathered outside the ministry.", "Dozens of", 24, "APPROX", "protesters"),
    ("More than 1.5 million people have fled the region.", "More than 1.5 million", 1_500_000, "MORE_THAN", "people"),
])
def test_counts(read, text, mention, value, mod, counts):
    n = nums(read(text))[mention]
    assert (n.value, n.mod, n.counts) == (value, mod, counts)


def test_measures_have_units_and_years_are_not_numbers(read):
    r = read("Oil rose 5 pct to 120 dlrs a barrel in 2019, and the convoy drove 30 km on Monday.")
    found = nums(r)
    assert found["5 pct"].unit == "%" and found["120 dlrs"].unit == "USD" and found["30 km"].unit == "km"
    assert not any("2019" in t for t in found)


def test_sample_numbers(sample):
    found = nums(sample)
    assert found["around 70,000"].value == 70000 and found["around 70,000"].counts == "population"
    assert found["a few thousand"].counts == "residents" and found["a few thousand"].mod == "APPROX"

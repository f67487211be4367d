"""Times: one test per news convention, on sentences we wrote. DCT 2023-03-02 is a Thursday."""
from __future__ import annotations

import datetime as dt

import pytest

from dateline import timex
from dateline.stages.times import date_range

DCT = dt.date(2023, 3, 2)


def values(text: str, dct: dt.date = DCT) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in timex.tag(text, dct)}


@pytest.mark.parametrize("text,expr,typ,value", [
    ("Shelling resumed on Wednesday.", "Wednesday", "DATE", "2023-03-01"),
    ("The ministry spoke on Thursday.", "Thursday", "DATE", "2023-03-02"),  # on or before: the day itself
    ("The talks will resume on Monday.", "Monday", "DATE", "2023-03-06"),  # "will" points forward
    ("Leaders met ahead of Friday's summit.", "Friday", "DATE", "2023-03-03"),
    ("Next Tuesday the court rules.", "Next Tuesday", "DATE", "2023-03-07"),
    ("Last Thursday the bridge fell.", "Last Thursday", "DATE", "2023-02-23"),
    ("Prices rose today.", "today", "DATE", "2023-03-02"),
    ("Police said yesterday that two men fled.", "yesterday", "DATE", "2023-03-01"),
    ("Air raid sirens sounded overnight.", "overnight", "TIME", "2023-03-01TNI"),
    ("A curfew starts tonight.", "tonight", "TIME", "2023-03-02TNI"),
    ("Fighting intensified this week.", "this week", "DATE", "2023-W09"),
    ("Fighting intensified last week.", "last week", "DATE", "2023-W08"),
    ("Exports fell last month.", "last month", "DATE", "2023-02"),
    ("The region was retaken earlier this year.", "earlier this year", "DATE", "2023"),
    ("The town fell a year ago.", "a year ago", "DATE", "2022"),
    ("Three villages were shelled in recent days.", "recent days", "DATE", "PAST_REF"),
    ("Prices have doubled since February last year.", "February last year", "DATE", "2022-02"),
    ("The dam was breached in June.", "June", "DATE", "2022-06"),
    ("The dam was breached in June 2021.", "June 2021", "DATE", "2021-06"),
    ("The vote is set for March 20.", "March 20", "DATE", "2023-03-20"),
    ("The convoy left on Feb. 24.", "Feb. 24", "DATE", "2023-02-24"),
    ("The convoy left on 24 February 2022.", "24 February 2022", "DATE", "2022-02-24"),
    ("Rebels attacked the base on the 24th.", "the 24th", "DATE", "2023-02-24"),
    ("Crimea was annexed in 2014.", "2014", "DATE", "2014"),
    ("Aid budgets for fiscal 2024 were cut.", "fiscal 2024", "DATE", "2024"),
    ("Output fell in the third quarter.", "the third quarter", "DATE", "2022-Q3"),
    ("The offensive began this spring.", "this spring", "DATE", "2023-SP"),
    ("The offensive stalled last winter.", "last winter", "DATE", "2022-WI"),
    ("The siege has lasted for nine months.", "nine months", "DURATION", "P9M"),
    ("The siege lasted a few days.", "a few days", "DURATION", "PXD"),
    ("The first prize for more than half a year.", "more than half a year", "DURATION", "P6M"),
    ("Patrols run every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    ("The border is quiet at the moment.", "the moment", "DATE", "PRESENT_REF"),
    ("He spoke on Wednesday evening.", "Wednesday evening", "TIME", "2023-03-01TEV"),
    ("The blast came at 10:30 p.m. on Tuesday.", "10:30 p.m. on Tuesday", "TIME", "2023-02-28T22:30"),
])
def test_convention(text, expr, typ, value):
    got = values(text)
    assert got.get(expr) == (typ, value), got


def test_range_from_monday_to_wednesday():
    got = values("Strikes continued from Monday to Wednesday.")
    assert got["Monday"] == ("DATE", "2023-02-27") and got["Wednesday"] == ("DATE", "2023-03-01")


@pytest.mark.parametrize("text", [
    "Theresa May told parliament the plan was sound.",
    "Spring Capital bought the bonds.",
    "Protesters held a march through the city.",
    "The annual report was late.",
])
def test_not_times(text):
    assert timex.tag(text, DCT) == []


def test_a_count_is_not_a_year(read):
    r = read("Officials said 2014 people had fled the district.")
    assert not any(t.value == "2014" for t in r.times)
    r = read("The district was seized in 2014.")
    assert any(t.value == "2014" for t in r.times)


def test_year_earlier_compares_with_the_reporting_quarter():
    got = values("Profit rose in the third quarter to $5 million from $4 million a year earlier.",
                 dt.date(1989, 10, 30))
    assert got["a year earlier"] == ("DATE", "1988-Q3")


def test_extents_leave_out_prepositions():
    (t,) = timex.tag("The blast came at 5 p.m.", DCT)
    assert t.text == "5 p.m."


@pytest.mark.parametrize("value,expect", [
    ("2023-03-01", ("day", "2023-03-01", "2023-03-01")),
    ("2023-03-01TEV", ("day", "2023-03-01", "2023-03-01")),
    ("2023-W08", ("week", "2023-02-20", "2023-02-26")),
    ("2023-02", ("month", "2023-02-01", "2023-02-28")),
    ("2022-Q3", ("month", "2022-07-01", "2022-09-30")),
    ("2014", ("year", "2014-01-01", "2014-12-31")),
    ("PRESENT_REF", None),
    ("P6M", None),
])
def test_date_ranges(value, expect):
    assert date_range(value) == expect


def test_event_dates_clause_then_sentence_then_unknown(read):
    r = read("Russian forces shelled Kharkiv on Tuesday. Separately, a drone hit a depot in Odesa.")
    from dateline.stages.times import event_date

    i = r.article.text.index("shelled")
    d = event_date(r, i, i + 7)
    assert (d.value, d.precision, d.start, d.end) == ("2023-02-28", "day", "2023-02-28", "2023-02-28")
    j = r.article.text.index("hit")
    d = event_date(r, j, j + 3)
    assert d.precision == "unknown" and d.start is None and d.end == "2023-03-02"


def test_recalled_event_keeps_its_year(read):
    from dateline.stages.times import event_date

    r = read("Russia seized Crimea in 2014 and now claims four more regions.")
    i = r.article.text.index("seized")
    d = event_date(r, i, i + 6)
    assert (d.value, d.precision) == ("2014", "year")


def test_sample_times(sample):
    want = [("Wednesday", "2023-03-01"), ("more than half a year", "P6M"), ("Wednesday evening", "2023-03-01TEV"),
            ("2014", "2014"), ("Tuesday", "2023-02-28"), ("Monday", "2023-02-27"), ("Wednesday", "2023-03-01"),
            ("the moment", "PRESENT_REF"), ("Wednesday", "2023-03-01")]
    assert [(t.text, t.value) for t in sample.times] == want

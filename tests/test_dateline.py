"""The dateline finder on the wire forms the issue names."""
import pytest

from dateline.stages.dateline import find_dateline

CASES = [
    ("NEAR CHASIV YAR, Ukraine - Russian forces attacked.", "2023-03-02",
     "NEAR CHASIV YAR, Ukraine", "CHASIV YAR, Ukraine", "near", None, None),
    ("NEAR CHASIV YAR, Ukraine, March 2 (Reuters) - Russian forces attacked.", "2023-03-02",
     "NEAR CHASIV YAR, Ukraine, March 2 (Reuters)", "CHASIV YAR, Ukraine", "near", "Reuters", True),
    ("KYIV, Ukraine (AP) — Sirens sounded.", "2023-03-02", "KYIV, Ukraine (AP)", "KYIV, Ukraine", "in", "AP", None),
    ("MOSCOW (Reuters) - The Kremlin said.", "2023-03-02", "MOSCOW (Reuters)", "MOSCOW", "in", "Reuters", None),
    ("NEW YORK, March 2 - Stocks fell.", "1987-03-02", "NEW YORK, March 2", "NEW YORK", "in", None, True),
    ("BUENOS AIRES, Feb 26 - Grain exports rose.", "1987-02-26", "BUENOS AIRES, Feb 26", "BUENOS AIRES", "in", None, True),
]


@pytest.mark.parametrize("text,date,dl_text,loc,rel,agency,same", CASES)
def test_wire_forms(text, date, dl_text, loc, rel, agency, same):
    dl = find_dateline(text, date)
    assert dl is not None
    assert text[dl.start:dl.end] == dl.text == dl_text
    assert text[dl.location_start:dl.location_end] == loc
    assert dl.relation == rel and dl.agency == agency and dl.date_matches_article is same
    assert text[dl.body_start:][0].isalpha()


def test_dateline_date_checked_against_article_date():
    dl = find_dateline("LONDON, March 9 - Shares rose.", "1987-03-02")
    assert dl.date_matches_article is False


@pytest.mark.parametrize("text", [
    "Russian forces carried out relentless attacks on Bakhmut on Wednesday.",
    "A - B testing is common.",
    "The UN - which met on Monday - said nothing.",
])
def test_no_dateline_in_ordinary_openings(text):
    assert find_dateline(text, "2023-03-02") is None


def test_reporting_agency_from_dateline_or_body():
    from dateline.stages.dateline import find_dateline, reporting_agency

    text = "KYIV, Ukraine (AP) — Drones hit the city overnight."
    assert reporting_agency(text, find_dateline(text, "2024-05-11")) == "AP"
    body = "NEAR CHASIV YAR, Ukraine - Fighting went on. Reuters was able to reach the town on Monday."
    assert reporting_agency(body, find_dateline(body, "2023-03-02")) == "Reuters"
    assert reporting_agency("Officials said the talks went well.", None) is None

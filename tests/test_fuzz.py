"""A fixed slice of the hostile-input harness (scripts/fuzz.py): every case ends in readings or
named errors, nothing hangs, and the good article beside it is read whole."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import fuzz  # noqa: E402


@pytest.mark.fuzz
def test_fuzz_readers_slice():
    counts, bad = fuzz.fuzz(200, seed=19, timeout=10)
    assert counts["ok"] == 200, bad


@pytest.mark.fuzz
def test_fuzz_pipeline_slice(pipeline):
    counts, bad = fuzz.fuzz(40, seed=7, timeout=20, pipeline=pipeline)
    assert counts["ok"] == 40, bad


def test_deep_json_is_a_named_error(tmp_path):
    from dateline.read import read_path

    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep.jsonl").write_text('{"id": 1, "date": "2024-05-11", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    for name in ("deep.json", "deep.jsonl"):
        (err,) = list(read_path(tmp_path / name))
        assert "nested too deeply" in err.problem and "[E004]" in err.problem


def test_feed_with_impossible_dates_and_char_refs_is_read_or_named(tmp_path):
    from dateline.read import read_path

    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
           '<pubDate>Mon, 01 Jan -001 00:00:00 +0000</pubDate><description>Police detained 40 protesters in '
           'Tbilisi &#xFFFFFF; on Saturday.</description></item></channel></rss>')
    (tmp_path / "bad.rss").write_text(rss)
    for item in read_path(tmp_path / "bad.rss", date="2024-05-11"):
        assert getattr(item, "text", None) or "[E0" in item.problem


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "0999-12-31"])
def test_far_dates_are_refused_named(day):
    from dateline.read import read_string

    (err,) = list(read_string(f"date {day} Police detained 40 protesters in Tbilisi.", name="far.txt"))
    assert "[E002]" in err.problem and "1000-8999" in err.problem

"""Every input form, and every kind of bad input: a clear error naming file, line and problem."""
from __future__ import annotations

import io
import json
import os
import sys

import pytest

from dateline.article import Article, ReadError
from dateline.read import read_inputs, read_path

STORY = "KYIV, Ukraine (AP) — Air raid sirens sounded across the capital on Monday."


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_sample_format_date_and_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("  date 2023-03-02 " + STORY + "\n", encoding="utf-8")
    art = _one(read_path(p))
    assert isinstance(art, Article)
    assert art.date == "2023-03-02"
    assert art.text == STORY  # the date field is not part of the text
    assert art.id == "a"


def test_plain_text_takes_date_option(tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text(STORY, encoding="utf-8")
    assert _one(read_path(p, date="2024-01-05")).date == "2024-01-05"
    err = _one(read_path(p))
    assert isinstance(err, ReadError) and "no date" in err.problem and "--date" in err.problem


def test_jsonl_fields_and_line_numbers(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": 7, "date": "2023-03-02", "text": STORY, "title": "T", "url": "http://x", "source": "AP"}),
        "{not json",
        json.dumps({"id": "b", "date": "2023-03-02"}),
        json.dumps({"id": "c", "date": "2023-02-30", "text": STORY}),
        json.dumps({"id": "d", "date": "2023-03-02", "text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "e", "date": "2023-03-02T10:00:00Z", "text": STORY, "title": 5}),
    ]), encoding="utf-8")
    items = list(read_path(p))
    assert isinstance(items[0], Article) and items[0].id == "7" and items[0].source == "AP"
    errs = items[1:]
    assert all(isinstance(e, ReadError) for e in errs)
    assert [e.line for e in errs] == [2, 3, 4, 5, 6, 7]
    assert "not JSON" in errs[0].problem
    assert "missing field(s) text" in errs[1].problem
    assert "impossible date" in errs[2].problem
    assert "text must be a string" in errs[3].problem
    assert "expected a JSON object" in errs[4].problem
    assert "title must be a string" in errs[5].problem
    assert str(errs[0]).startswith(f"{p}:2: ")


def test_folder_recurses_and_keeps_going(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("date 2023-03-02 " + STORY, encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("date 2023-03-03 " + STORY, encoding="utf-8")
    (tmp_path / "sub" / "bad.txt").write_bytes(b"date 2023-03-02 caf\xe9 au lait")
    (tmp_path / "skip.md").write_text("not an article", encoding="utf-8")
    items = list(read_path(tmp_path))
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, ReadError)]
    assert sorted(a.id for a in arts) == ["a", "sub/a"]  # unique ids across folders
    assert len(errs) == 1 and "not UTF-8" in errs[0].problem and errs[0].line == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("date 2023-03-02 x", encoding="utf-8")
    p.chmod(0)
    assert "cannot read" in _one(read_path(p)).problem


def test_bad_inputs_each_named(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02ELF")
    (tmp_path / "nodate.txt").write_text("date 2023-13-45 text here", encoding="utf-8")
    (tmp_path / "big.txt").write_text("date 2023-03-02 " + "word " * 50_000, encoding="utf-8")
    probs = {e.file.split("/")[-1]: e.problem for e in read_inputs(sorted(tmp_path.iterdir()), date="2023-03-02")}
    assert "empty" in probs["empty.txt"]
    assert "binary" in probs["bin.txt"]
    assert "impossible date" in probs["nodate.txt"]
    assert "limit is 200,000" in probs["big.txt"] and "--max-chars" in probs["big.txt"]
    assert "no such file" in _one(read_path(tmp_path / "missing.txt")).problem


def test_stdin_sniffs_form(monkeypatch):
    data = json.dumps({"id": "s1", "date": "2023-03-02", "text": STORY}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    assert _one(read_path("-")).id == "s1"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("date 2023-03-02 " + STORY).encode())))
    assert _one(read_path("-")).date == "2023-03-02"


def test_html_uses_title_and_date_metadata():
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "examples" / "page.html"
    art = _one(read_path(page))
    assert art.title == "Talks in Doha end without agreement"
    assert art.date == "2024-02-14"
    assert art.text.startswith("DOHA, Feb 14")
    assert "Copyright" not in art.text and "Home" not in art.text.split("\n")[0]

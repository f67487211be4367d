"""Where a report came from (provenance.py): the reader's kind, else inferred after the pipeline."""
from __future__ import annotations

import json

import pytest

from dateline.article import Article
from dateline.provenance import check_kind, kind_of
from dateline.read.jsonl import parse_record
from dateline.store import Store


def test_kind_from_reader_or_wire_dateline(read):
    assert read("MOSCOW (Reuters) - Police detained 40 protesters on Monday.").article.source_kind == "wire"
    assert read("Police detained 40 protesters in Moscow on Monday.").article.source_kind == "unknown"
    assert kind_of(Article(id="x", date="2024-01-01", text="t", source="AFP")) == "wire"
    assert kind_of(Article(id="x", date="2024-01-01", text="t", source_kind="statement")) == "statement"


def test_jsonl_source_kind_field_checked():
    art = parse_record({"id": 1, "date": "2024-01-01", "text": "t", "source_kind": "Statement"}, max_chars=100)
    assert art.source_kind == "statement"
    with pytest.raises(ValueError, match=r"source_kind 'blog' is not one of .*\[E004\]"):
        parse_record({"id": 1, "date": "2024-01-01", "text": "t", "source_kind": "blog"}, max_chars=100)
    assert check_kind(None) is None


def test_stored_and_exported(tmp_path, read):
    r = read("KYIV (AP) - Russian drones struck a power station in Kyiv on Monday, officials said.")
    with Store(tmp_path / "p.duckdb") as s:
        s.add([r])
        assert s.con.execute("SELECT source_kind FROM articles").fetchone()[0] == "wire"
        (got,) = list(s.readings())
    assert got["article"]["source_kind"] == "wire"
    assert json.loads(r.to_json())["article"]["source_kind"] == "wire"

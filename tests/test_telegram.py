"""Telegram Desktop exports (read/telegram.py): messages to articles, forwarded, edited,
media-only and service messages, bad exports; and re-ingest of an edited post."""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from dateline.article import Article, ReadError
from dateline.cli import app
from dateline.read import read_path, read_string
from dateline.read.telegram import flatten
from dateline.store import Store

FIX = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()


def test_export_messages_become_articles():
    tally = Counter()
    items = list(read_path(FIX / "result.json", tally=tally))
    arts = [a for a in items if isinstance(a, Article)]
    errs = [e for e in items if isinstance(e, ReadError)]
    assert [a.id for a in arts] == ["tg-1000000001-2", "tg-1000000001-3", "tg-1000000001-4", "tg-1000000001-5"]
    first = arts[0]
    assert first.date == "2024-05-11" and first.source == "Riverbend Monitor" and first.source_kind == "telegram"
    assert first.url == "https://t.me/riverbend_monitor/2" and first.title is None
    # entities flattened to plain text
    assert arts[1].text.startswith("Update: a drone struck a fuel depot near #Belgorod overnight")
    assert arts[1].text.endswith("https://riverbend.example/depot")
    # a forwarded post keeps the channel it came from as its source
    assert arts[2].source == "Hillside Watch"
    # media-only and service messages are counted, not read; a bad date is named with its line
    assert tally == Counter({"service messages": 2, "media-only messages": 1})
    assert len(errs) == 1 and errs[0].line == 95 and "message 8" in errs[0].problem and "[E002]" in errs[0].problem
    assert first.origin.endswith("result.json:19")


def test_flatten_text_forms():
    assert flatten("plain") == "plain"
    assert flatten(["a ", {"type": "bold", "text": "b"}, {"type": "text_link", "text": "c", "href": "x"}]) == "a bc"
    for bad in (5, [3], [{"type": "bold", "text": 4}]):
        try:
            flatten(bad)
        except ValueError as exc:
            assert "[E004]" in str(exc)
        else:
            raise AssertionError(bad)


def test_full_account_export_and_sniffed_from_stdin():
    chat = json.loads((FIX / "result.json").read_text(encoding="utf-8"))
    chat.pop("username")
    full = {"about": "x", "chats": {"about": "y", "list": [chat]}}
    arts = [a for a in read_string(json.dumps(full, indent=1), name="<stdin>") if isinstance(a, Article)]
    assert len(arts) == 4 and arts[0].url is None  # no username known: no link


def test_bad_exports_named(tmp_path):
    p = tmp_path / "result.json"
    p.write_text('{\n "name": "x",\n "messages": [\n  {"id": 1,,}\n ]\n}', encoding="utf-8")
    (err,) = list(read_path(p))
    assert err.line == 4 and "not JSON" in err.problem and "[E004]" in err.problem
    p.write_text('{"name": "x", "list": []}', encoding="utf-8")
    (err,) = list(read_path(p))
    assert "neither a Telegram export" in err.problem and "[E012]" in err.problem
    p.write_text(json.dumps({"name": "x", "id": 9, "messages": [
        "not a message", {"id": 2, "type": "message", "date": "2024-01-02T10:00:00", "text": {"oops": 1}},
        {"id": 3, "type": "message", "date": "2024-01-02T10:00:00", "text": "Police arrested two men in Lagos."}]},
        indent=1), encoding="utf-8")
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["ReadError", "ReadError", "Article"]
    assert "expected a JSON object" in items[0].problem and "text must be a string or a list" in items[1].problem


def test_edited_message_replaces_its_reading_on_reingest(tmp_path):
    db = str(tmp_path / "tg.duckdb")
    src = tmp_path / "result.json"
    export = json.loads((FIX / "result.json").read_text(encoding="utf-8"))
    src.write_text(json.dumps(export, indent=1), encoding="utf-8")
    r1 = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert r1.exit_code == 0, r1.output
    out = " ".join(r1.output.split())  # rich wraps long lines
    assert "stored 4" in out and "not articles: media-only messages 1, service messages 2" in out
    # the channel edits message 5 and exports again
    msg = next(m for m in export["messages"] if m["id"] == 5)
    msg["text"] = "Three people were injured when a bus overturned in Odesa on Sunday, rescuers said."
    msg["edited"] = "2024-05-12T11:30:00"
    src.write_text(json.dumps(export, indent=1), encoding="utf-8")
    r2 = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert r2.exit_code == 0, r2.output
    out = " ".join(r2.output.split())
    assert "stored 1, skipped 3" in out and "replaced 1 older reading" in out
    r3 = runner.invoke(app, ["ingest", str(src), "--db", db])  # same content: nothing changes
    assert "stored 0, skipped 4" in r3.output and "replaced" not in r3.output
    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT text, source_kind FROM articles WHERE id = 'tg-1000000001-5'").fetchall()
        assert rows == [(msg["text"], "telegram")]
        assert s.counts()["articles"] == 4
        n_events = s.con.execute("SELECT count(*) FROM events e LEFT JOIN articles a ON a.hash = e.article_hash "
                                 "WHERE a.hash IS NULL").fetchone()[0]
        assert n_events == 0  # the old reading's layers went with it


def test_incidents_from_a_channel_say_via_which_channel(tmp_path):
    db = str(tmp_path / "tg.duckdb")
    out = tmp_path / "incidents.csv"
    assert runner.invoke(app, ["ingest", str(FIX / "result.json"), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["export", "--db", db, "--format", "csv", "-o", str(out)]).exit_code == 0

    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert rows and any("via Telegram channel Riverbend Monitor" in r["source"] for r in rows)

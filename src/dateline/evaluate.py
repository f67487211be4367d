"""`dateline eval`: score readings against the normalised dev gold (shared/eval/*.jsonl).

The definitions follow the reference scorer's README and agree with it figure for
figure: spans match by overlap; times report relaxed/strict F1 and DATE value accuracy
on matched DATEs; places F1 and accuracy within 161 km; events the main (first) event's
ACLED type and sub-type; quotes content overlap >= half the gold span, direct-quote
recall and speaker accuracy on named gold speakers.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Iterable

from .article import Article, Reading


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_articles(gold: list[dict]) -> list[Article]:
    return [Article(id=str(g["id"]), date=(g.get("dct") or g.get("date") or "2000-01-01")[:10],
                    text=g["text"], source=g.get("source")) for g in gold]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def score_times(gold: list[dict], preds: dict[str, dict]) -> dict:
    n_gold = n_pred = rel = strict = val_n = val_ok = 0
    errors: Counter = Counter()
    for g in gold:
        gt = g.get("timexes", [])
        n_gold += len(gt)
        p = preds.get(str(g["id"]))
        if p is None:
            continue
        pt = p.get("times", [])
        n_pred += len(pt)
        used: set[int] = set()
        for t in gt:
            best = None
            for i, q in enumerate(pt):
                if i not in used and _overlap(t["start"], t["end"], q["start"], q["end"]):
                    best = i
                    if (q["start"], q["end"]) == (t["start"], t["end"]):
                        break
            if best is None:
                errors["missed " + t.get("type", "?")] += 1
                continue
            used.add(best)
            q = pt[best]
            rel += 1
            strict += (q["start"], q["end"]) == (t["start"], t["end"])
            if t.get("type") == "DATE":
                val_n += 1
                ok = str(q.get("value")) == str(t.get("value"))
                val_ok += ok
                if not ok:
                    errors["wrong DATE value"] += 1
    return {"gold": n_gold, "pred": n_pred, "relaxed_f1": round(_f1(rel, n_pred, n_gold)[2], 3),
            "strict_f1": round(_f1(strict, n_pred, n_gold)[2], 3),
            "date_value_acc": round(val_ok / val_n, 3) if val_n else 0.0, "date_found": val_n,
            "errors": dict(errors)}


def score_places(gold: list[dict], preds: dict[str, dict]) -> dict:
    n_gold = n_pred = tp = within = 0
    dists: list[float] = []
    for g in gold:
        gt = [t for t in g.get("toponyms", []) if t.get("lat") is not None]
        n_gold += len(gt)
        p = preds.get(str(g["id"]))
        if p is None:
            continue
        ignore = g.get("ignore", [])
        pp = [q for q in p.get("places", [])
              if not any(_overlap(a, b, q["start"], q["end"]) for a, b in ignore)]
        n_pred += len(pp)
        used: set[int] = set()
        for t in gt:
            for i, q in enumerate(pp):
                if i not in used and _overlap(t["start"], t["end"], q["start"], q["end"]):
                    used.add(i)
                    tp += 1
                    d = haversine_km(float(t["lat"]), float(t["lon"]), float(q["lat"]), float(q["lon"]))
                    dists.append(d)
                    within += d <= 161
                    break
    pr, rc, f1 = _f1(tp, n_pred, n_gold)
    dists.sort()
    return {"gold": n_gold, "pred": n_pred, "precision": round(pr, 3), "recall": round(rc, 3),
            "f1": round(f1, 3), "acc161": round(within / tp, 3) if tp else 0.0,
            "median_km": round(dists[len(dists) // 2], 1) if dists else None}


def score_events(gold: list[dict], preds: dict[str, dict]) -> dict:
    n = typ = sub = place25 = 0
    confusion: Counter = Counter()
    for g in gold:
        gg = g["gold"]
        n += 1
        evs = (preds.get(str(g["id"])) or {}).get("events") or []
        if gg.get("event_type") is None:
            conflict = [e for e in evs if e.get("acled_event_type")]
            confusion[(None, conflict[0]["acled_event_type"] if conflict else None)] += 1
            typ += not conflict
            sub += not conflict
            continue
        e = evs[0] if evs else {}
        confusion[(gg["event_type"], e.get("acled_event_type"))] += 1
        typ += e.get("acled_event_type") == gg["event_type"]
        sub += e.get("acled_sub_event_type") == gg.get("sub_event_type")
        q = next((q for q in (preds.get(str(g["id"])) or {}).get("places") or [] if q.get("id") == e.get("place")), None)
        if gg.get("lat") not in (None, "") and q and e.get("place"):
            place25 += haversine_km(float(gg["lat"]), float(gg["lon"]), float(q["lat"]), float(q["lon"])) <= 25
    return {"n": n, "type_acc": round(typ / n, 3) if n else 0.0,
            "sub_type_acc": round(sub / n, 3) if n else 0.0,
            "place25_all": round(place25 / n, 3) if n else 0.0,  # event place within 25 km of the coded one
            "confusion": [[a, b, c] for (a, b), c in confusion.most_common(25)]}


def _norm(s) -> str:
    return " ".join(str(s or "").lower().replace(".", "").split())


def score_quotes(gold: list[dict], preds: dict[str, dict]) -> dict:
    n_gold = n_pred = tp = direct = direct_tp = spk = spk_n = 0
    for g in gold:
        gq = g.get("quotes", [])
        n_gold += len(gq)
        direct += sum(t.get("type") == "direct" for t in gq)
        p = preds.get(str(g["id"]))
        if p is None:
            continue
        pq = p.get("quotes", [])
        n_pred += len(pq)
        actors = {a["id"]: a for a in p.get("actors", [])}
        used: set[int] = set()
        for t in gq:
            for i, q in enumerate(pq):
                if i in used or _overlap(t["start"], t["end"], q["start"], q["end"]) < 0.5 * (t["end"] - t["start"]):
                    continue
                used.add(i)
                tp += 1
                direct_tp += t.get("type") == "direct"
                gs = _norm(t.get("speaker"))
                if gs:
                    spk_n += 1
                    a = actors.get(q.get("speaker")) or {}
                    names = {_norm(a.get("name")), _norm(a.get("text")), _norm(q.get("speaker_text"))}
                    spk += any(x and (x in gs or gs in x) for x in names)
                break
    pr, rc, f1 = _f1(tp, n_pred, n_gold)
    return {"gold": n_gold, "pred": n_pred, "precision": round(pr, 3), "recall": round(rc, 3),
            "f1": round(f1, 3), "direct_recall": round(direct_tp / direct, 3) if direct else 0.0,
            "speaker_acc": round(spk / spk_n, 3) if spk_n else 0.0}


def score_incidents(gold: list[dict], assigned: dict[str, str | None]) -> dict:
    """Pairwise merge precision and recall: two reports are a pair when they share an
    incident; gold pairs share the `incident` label. `assigned` maps article id to the
    incident of its main event (None when it made none: a pair with nothing)."""
    ids = [str(g["id"]) for g in gold]
    label = {str(g["id"]): g["incident"] for g in gold}
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            same_gold = label[a] == label[b]
            same_pred = assigned.get(a) is not None and assigned.get(a) == assigned.get(b)
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"reports": len(ids), "gold_incidents": len(set(label.values())),
            "pred_incidents": len({v for v in assigned.values() if v}),
            "reports_without_incident": sum(1 for a in ids if not assigned.get(a)),
            "pair_precision": round(p, 3), "pair_recall": round(r, 3),
            "pair_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def incidents_of(readings: list[dict]) -> dict[str, str | None]:
    """Ingest readings into an in-memory store, merge, and map article id -> the incident of
    its first (most salient) event that became one."""
    from .incidents import dedup
    from .store import Store

    with Store(":memory:") as store:
        store.add([Reading.from_dict(r) for r in readings])
        dedup(store)
        rows = store.con.execute(
            "SELECT r.article_id, r.incident_id, r.event_id FROM incident_reports r").fetchall()
    by_article: dict[str, list] = {}
    for aid, iid, eid in rows:
        by_article.setdefault(aid, []).append((int(eid[1:]) if eid[1:].isdigit() else 1e9, iid))
    return {aid: min(v)[1] for aid, v in by_article.items()}


SCORERS = {"times": score_times, "places": score_places, "events": score_events, "quotes": score_quotes,
           "incidents": score_incidents}


def predictions(readings: Iterable[dict]) -> dict[str, dict]:
    return {str(r["article"]["id"]): r for r in readings if "article" in r}

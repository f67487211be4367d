"""Places stage: toponyms found in the text (finding), put on the right gazetteer entry
(resolving), and how the text relates mentions and events to them (relations); offline.
Precision follows ACLED's geo_precision.
"""
from __future__ import annotations

from ... import gazetteer
from ...article import Place, Reading
from ...pipeline import Stage, register
from .finding import Finder, Mention, is_metonymy
from .relations import NOT_SITES, dateline_country, event_place
from .resolving import Resolver

__all__ = ["Finder", "Mention", "NOT_SITES", "PlacesStage", "Resolver", "dateline_country", "event_place",
           "is_metonymy"]


@register("places")
class PlacesStage(Stage):
    """Writes `reading.places` and sets `article.dateline.place`."""

    def __init__(self, *, labels: tuple[str, ...] = ("GPE", "LOC", "FAC"), min_matcher_population: int = 100_000,
                 min_in_name_population: int = 10_000, drop_metonymy: bool = True, demonyms: bool = True,
                 propagate: bool = True, min_score: float = 0.5):
        self.min_score = min_score
        self._finding = dict(labels=set(labels), min_matcher_population=min_matcher_population,
                             min_in_name_population=min_in_name_population, drop_metonymy=drop_metonymy,
                             demonyms=demonyms, propagate=propagate)
        self._gaz = None
        self._finder = None

    @property
    def gaz(self) -> gazetteer.Gazetteer:
        if self._gaz is None:
            self._gaz = gazetteer.load()
        return self._gaz

    def mentions(self, reading: Reading) -> list[Mention]:
        if self._finder is None:  # built once, with the gazetteer, on first use
            self._finder = Finder(self.gaz, **self._finding)
        return self._finder.mentions(reading)

    def match(self, reading: Reading) -> list[Mention]:
        mentions = self.mentions(reading)
        Resolver(self.gaz).resolve(mentions)
        # a reading nothing supports but a small entry of that name ("Tanya", a hamlet) is a
        # guess: left out rather than put on the map
        return [m for m in mentions if m.best is not None and (m.score >= self.min_score or m.from_dateline or m.via_container)]

    def set_annotations(self, reading: Reading, result: list[Mention]) -> None:
        dl = reading.article.dateline
        for m in result:
            e = m.best
            level = e.level
            if (m.relation != "in" and m.relation != "region") or m.via_container:
                level = max(level, 2)  # near a place, or somewhere in the district or town it names
            pid = reading.next_id("p", reading.places)
            reading.places.append(Place(
                id=pid, text=m.text, start=m.start, end=m.end, name=e.name, geonameid=e.geonameid,
                lat=e.lat, lon=e.lon, country_code=e.country_code,
                admin1=self.gaz.admin1_names.get(e.admin1_code) if e.admin1_code else None,
                feature_code=e.feature_code, relation=m.relation, score=round(m.score, 3), precision=level))
            if m.from_dateline and dl is not None:
                dl.place = pid

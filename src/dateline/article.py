"""The one schema of a reading: an Article and the layers the stages add to it.

It mirrors ../shared/CONTRACT.md field for field; `Reading.to_dict()` is exactly the
object `dateline extract` writes. Offsets are character offsets into `Article.text`,
end exclusive. Fields may be added here; contract fields are never renamed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from . import __version__

PIPELINE_VERSION = f"dateline-{__version__}"


@dataclass
class Dateline:
    """The wire-copy opening ("NEAR KUPIANSK, Ukraine -"): where the reporter stood."""

    text: str
    start: int
    end: int
    place: str | None = None
    location_text: str = ""
    location_start: int = 0
    location_end: int = 0
    relation: str = "in"
    date_text: str | None = None
    date_matches_article: bool | None = None
    agency: str | None = None
    body_start: int = 0  # where the story proper begins, after the dash


@dataclass
class Article:
    id: str
    date: str  # YYYY-MM-DD, the document creation time
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet, when the input names it
    dateline: Dateline | None = None
    origin: str | None = None  # "file:line" the article was read from
    source_kind: str | None = None  # wire|newspaper|feed|telegram|statement|unknown (provenance.py)

    @property
    def content_hash(self) -> str:
        """Key for idempotent ingest: same id, date and text give the same hash."""
        h = hashlib.sha256()
        for part in (self.id, self.date, self.text, self.title or "", self.url or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass
class Place:
    id: str
    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None = None
    feature_code: str = "PPL"
    relation: str = "in"
    score: float = 0.0
    precision: int = 1  # ACLED geo_precision: 1 town, 2 near/part of region, 3 region/country


@dataclass
class Time:
    id: str
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None  # TIMEX3 mod: APPROX, MORE_THAN, LESS_THAN, START, END ...


@dataclass
class Actor:
    id: str
    text: str
    start: int
    end: int
    name: str
    country_code: str | None
    type: str  # military|government|rebel|militia|pmc|police|civilians|media|international|person|other
    side: str | None = None  # the organisation a person speaks for, e.g. "Ukraine government"


@dataclass
class Quote:
    id: str
    speaker: str | None
    speaker_text: str
    cue: str
    start: int
    end: int
    type: str  # direct | partial | indirect
    channel: str | None = None
    text: str = ""  # the quoted content, article.text[start:end]
    cue_start: int | None = None
    cue_end: int | None = None
    stance: str = "claim"  # what the reporting verb says of the content: claim, accuse, deny, confirm


@dataclass
class Number:
    """A stated quantity: "a pre-war population of around 70,000", "only a few thousand residents"."""

    id: str
    text: str
    start: int
    end: int
    value: float  # vague amounts get a representative value: "a few thousand" 3000, "dozens" 24
    mod: str | None = None  # TIMEX-style: APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS
    counts: str | None = None  # the noun counted: "population", "residents", "people"
    unit: str | None = None  # "%", "km", "dlrs" ... when it is a measure, not a count


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class EventDate:
    value: str
    precision: str  # day | week | month | year | unknown
    start: str | None
    end: str | None
    time: str | None = None  # id of the time expression it came from


@dataclass
class Event:
    id: str
    plover: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    trigger: Span
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    date: EventDate | None = None
    source: str | None = None
    stance: str = "assert"
    verification: str = "unverified"
    background: bool = False
    fatalities: int | None = None
    evidence: list[list[int]] = field(default_factory=list)
    salience: float = 0.0


@dataclass
class StageError:
    stage: str
    code: str
    message: str


@dataclass
class Reading:
    """An article and every layer read from it. `doc` is the spaCy Doc, never serialised."""

    article: Article
    places: list[Place] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    doc: Any = None

    def next_id(self, prefix: str, layer: list) -> str:
        return f"{prefix}{len(layer) + 1}"

    def to_dict(self) -> dict:
        art = asdict(self.article)
        art.pop("origin", None)
        art["pipeline_version"] = PIPELINE_VERSION
        out = {
            "article": art,
            "places": [asdict(x) for x in self.places],
            "times": [asdict(x) for x in self.times],
            "actors": [asdict(x) for x in self.actors],
            "quotes": [asdict(x) for x in self.quotes],
            "events": [asdict(x) for x in self.events],
            "numbers": [asdict(x) for x in self.numbers],
        }
        if self.errors:
            out["errors"] = [asdict(e) for e in self.errors]
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict) -> "Reading":
        """The inverse of `to_dict` (without the spaCy doc): read a stored or exported reading."""
        art = {k: v for k, v in d["article"].items() if k in {f.name for f in fields(Article)}}
        if art.get("dateline"):
            art["dateline"] = Dateline(**{k: v for k, v in art["dateline"].items()
                                          if k in {f.name for f in fields(Dateline)}})

        def build(kind, items):
            names = {f.name for f in fields(kind)}
            return [kind(**{k: v for k, v in x.items() if k in names}) for x in items or []]
        events = []
        for e in d.get("events") or []:
            e = dict(e)
            e["trigger"] = Span(**e["trigger"])
            e["date"] = EventDate(**e["date"]) if e.get("date") else None
            events.append(build(Event, [e])[0])
        return cls(article=Article(**art), places=build(Place, d.get("places")), times=build(Time, d.get("times")),
                   actors=build(Actor, d.get("actors")), quotes=build(Quote, d.get("quotes")), events=events,
                   numbers=build(Number, d.get("numbers")), errors=build(StageError, d.get("errors")))


@dataclass
class ReadError:
    """An input that could not become an Article: where it was and what was wrong."""

    file: str
    line: int | None
    problem: str
    id: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.problem}"

    def to_dict(self) -> dict:
        return {"error": str(self), "file": self.file, "line": self.line,
                "problem": self.problem, "id": self.id}

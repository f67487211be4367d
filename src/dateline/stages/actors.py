"""Actors stage (first version): spaCy PERSON, ORG and NORP entities with a coarse type."""
from __future__ import annotations

from ..article import Actor, Reading
from ..pipeline import Stage, register

_MILITARY = {"forces", "troops", "army", "military", "soldiers", "soldier"}


@register("actors")
class ActorsStage(Stage):
    def __init__(self, *, labels: tuple[str, ...] = ("PERSON", "ORG", "NORP")):
        self.labels = set(labels)

    def match(self, reading: Reading) -> list[tuple[int, int, str, str]]:
        out = []
        for ent in reading.doc.ents:
            if ent.label_ not in self.labels:
                continue
            typ = {"PERSON": "person", "ORG": "other", "NORP": "other"}[ent.label_]
            end = ent.end
            if ent.label_ == "NORP" and end < len(ent.doc) and ent.doc[end].lower_ in _MILITARY:
                typ, end = "military", end + 1
            span = ent.doc[ent.start:end]
            out.append((span.start_char, span.end_char, typ, ent.text))
        return out

    def set_annotations(self, reading: Reading, result) -> None:
        text = reading.article.text
        for start, end, typ, name in result:
            reading.actors.append(Actor(id=reading.next_id("a", reading.actors), text=text[start:end],
                                        start=start, end=end, name=name, country_code=None, type=typ))

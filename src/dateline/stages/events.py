"""Events stage (first version): trigger lemmas mapped to PLOVER and ACLED types; actors,
place and date from the same sentence; claims filled by `claims.attribute`."""
from __future__ import annotations

from ..article import Event, Reading, Span
from ..pipeline import Stage, register
from . import claims, places, times

# lemma -> (PLOVER, ACLED event type, ACLED sub-event type)
TRIGGERS = {
    "attack": ("ASSAULT", "Battles", "Armed clash"),
    "storm": ("ASSAULT", "Battles", "Armed clash"),
    "fighting": ("ASSAULT", "Battles", "Armed clash"),
    "shell": ("ASSAULT", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "strike": ("ASSAULT", "Explosions/Remote violence", "Air/drone strike"),
    "bomb": ("ASSAULT", "Explosions/Remote violence", "Air/drone strike"),
    "protest": ("PROTEST", "Protests", "Peaceful protest"),
    "accuse": ("ACCUSE", None, None),
    "arrest": ("COERCE", "Strategic developments", "Arrests"),
}


@register("events")
class EventsStage(Stage):
    def match(self, reading: Reading) -> list[tuple]:
        out = []
        for tok in reading.doc:
            hit = TRIGGERS.get(tok.lemma_.lower())
            if hit:
                out.append((tok.idx, tok.idx + len(tok.text), hit))
        return out

    def set_annotations(self, reading: Reading, result) -> None:
        text = reading.article.text
        for start, end, (plover, etype, sub) in result:
            ev = Event(id=reading.next_id("e", reading.events), plover=plover,
                       acled_event_type=etype, acled_sub_event_type=sub,
                       trigger=Span(text=text[start:end], start=start, end=end))
            ev.place = places.event_place(reading, start, end)
            ev.date = times.event_date(reading, start, end)
            claims.attribute(reading, ev)
            reading.events.append(ev)

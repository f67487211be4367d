"""Quotes stage (first version): text between quotation marks, with the nearest speech
verb and the nearest named actor in the same sentence as the speaker."""
from __future__ import annotations

import re

from ..article import Quote, Reading
from ..pipeline import Stage, register

_QUOTE = re.compile(r"[“\"]([^”\"]{2,2000})[”\"]")
_CUES = {"say", "tell", "add", "accuse", "claim", "state", "write", "insist", "warn"}


@register("quotes")
class QuotesStage(Stage):
    def match(self, reading: Reading) -> list[dict]:
        doc = reading.doc
        out = []
        for m in _QUOTE.finditer(reading.article.text):
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            cue = next((t for t in sent if t.lemma_ in _CUES and not (m.start() <= t.idx < m.end())), None)
            actors = [a for a in reading.actors if sent.start_char <= a.start < sent.end_char
                      and not (m.start() <= a.start < m.end())]
            speaker = min(actors, key=lambda a: abs(a.start - m.start())) if actors else None
            words = len(m.group(1).split())
            out.append({"start": m.start(1), "end": m.end(1), "cue": cue.text if cue is not None else "",
                        "speaker": speaker, "type": "direct" if words > 4 else "partial"})
        return out

    def set_annotations(self, reading: Reading, result) -> None:
        text = reading.article.text
        for q in result:
            sp = q["speaker"]
            reading.quotes.append(Quote(
                id=reading.next_id("q", reading.quotes), speaker=sp.id if sp else None,
                speaker_text=sp.text if sp else "", cue=q["cue"], start=q["start"], end=q["end"],
                type=q["type"], text=text[q["start"]:q["end"]]))

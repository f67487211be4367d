"""Claims (first version): who asserts each event. An event inside a quote, or in the
same sentence as a speech verb, is that speaker's claim; otherwise the reporter's own."""
from __future__ import annotations

from ..article import Event, Reading


def attribute(reading: Reading, event: Event) -> None:
    """Fill `source`, `stance`, `verification` and `evidence` on `event`."""
    t = event.trigger
    for q in reading.quotes:
        if q.start <= t.start < q.end:
            event.source = q.speaker
            event.stance = "claim"
            event.verification = "unverified"
            break
    else:
        event.source = None
        event.stance = "assert"
        event.verification = "unverified"
    doc = reading.doc
    if doc is not None:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            event.evidence = [[span.sent.start_char, span.sent.end_char]]

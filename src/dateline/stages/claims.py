"""Claims and verification: who says each event happened, and whether anyone independent
confirmed it.

Each mention of an event is either the reporter's own account or lies inside what
someone is quoted or reported as saying. From those sources and the article's own
statements about verification ("Reuters could not independently verify ...", "Reuters
was able to confirm the location ... though not that the video was filmed on Wednesday",
"the army denied ...") each event gets:

- `source`: null when the reporter tells it in their own voice, else the speaker's actor;
- `stance`: assert (reporter), claim, accuse, deny or confirm (from the reporting verb);
- `verification`: confirmed (the reporter's own account, an independent observer, or
  both parties to the conflict saying it happened), partly_confirmed, unverified (only
  one party says so, or the outlet says it could not verify), disputed (a party denies
  it, or the parties contradict each other);
- `evidence`: the sentences that decided it.
"""
from __future__ import annotations

import re

from ..article import Event, Reading

_UNVERIFIABLE = re.compile(
    r"\b(?:could not|couldn't|cannot|can't|can not|was unable to|were unable to|has not been able to|"
    r"have not been able to|had not been able to|did not|was not able to|were not able to)\s+"
    r"(?:be\s+)?(?:independently\s+)?(?:verify|verified|confirm|confirmed)|\bunverified\b|"
    r"\bnot\s+(?:be\s+)?independently\s+(?:verified|confirmed)", re.I)
_CONFIRMED = re.compile(
    r"\b(?:confirmed|verified|independently confirmed|saw|witnessed|observed|able to confirm|able to verify|"
    r"geolocated|matched)\b", re.I)
_PARTLY = re.compile(r"\b(?:though|but|although|however)\s+not\b|\bbut (?:could|did) not\b|\bnot that\b", re.I)
_INDEPENDENT = {"media", "international"}
_DENY = re.compile(r"\b(?:denied|denies|deny|dismissed|rejected|refuted|disputed)\b|fake news|\bfalse\b|\buntrue\b", re.I)
_EVIDENCE_WORDS = re.compile(r"\b(video|footage|photo|photos|pictures|images|post|statement|claim|claims|report|reports|account|accounts)\b", re.I)
STANCES = {"claim": "claim", "accuse": "accuse", "deny": "deny", "confirm": "confirm"}


def _quote_at(reading: Reading, pos: int):
    """The innermost quote whose content holds `pos`."""
    inside = [q for q in reading.quotes if q.start <= pos < q.end]
    return min(inside, key=lambda q: q.end - q.start) if inside else None


def _sent_span(reading: Reading, pos: int) -> tuple[int, int] | None:
    doc = reading.doc
    if doc is None:
        return None
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return (span.sent.start_char, span.sent.end_char) if span is not None else None


def attribute(reading: Reading, event: Event, mentions: list[tuple[int, int]] | None = None) -> None:
    """Fill `source`, `stance`, `verification` and `evidence` on `event` from all its
    `mentions` (trigger offsets of every cue grouped into it; default its trigger)."""
    mentions = mentions or [(event.trigger.start, event.trigger.end)]
    actors = {a.id: a for a in reading.actors}
    sources = []  # (actor id or None, stance, quote or None, position)
    for start, _ in mentions:
        q = _quote_at(reading, start)
        if q is None:
            sources.append((None, "assert", None, start))
        else:
            sources.append((q.speaker, STANCES.get(q.stance, "claim"), q, start))
    own = [s for s in sources if s[0] is None and s[2] is None]
    first = own[0] if own else sources[0]
    event.source, event.stance = first[0], first[1]
    if first[2] is not None and first[0] is None:
        event.stance = "claim"  # a quote whose speaker we could not name is still not the reporter's voice
    evidence: set[tuple[int, int]] = set()
    for _, _, q, pos in sources:
        if (s := _sent_span(reading, pos)) is not None:
            evidence.add(s)
        if q is not None and q.cue_start is not None and (s := _sent_span(reading, q.cue_start)) is not None:
            evidence.add(s)

    # who says it happened: the reporter, parties on opposite sides, an independent party
    speakers = {s[0] for s in sources if s[0] is not None}
    countries = {actors[a].country_code for a in speakers if a in actors and actors[a].country_code}
    independent = any(actors[a].type in _INDEPENDENT for a in speakers if a in actors)
    if own:
        verification = "confirmed"
    elif len(countries) >= 2 or independent:
        verification = "confirmed"
    else:
        verification = "unverified"

    # what the article says about checking it
    if reading.doc is not None and not own:
        verification = _checked(reading, event, sources, verification, evidence)
    event.verification = verification
    event.evidence = sorted([list(e) for e in evidence])


def _checked(reading: Reading, event: Event, sources, verification: str, evidence: set) -> str:
    actors = {a.id: a for a in reading.actors}
    speakers = {s[0] for s in sources if s[0] is not None}
    channels = {(q.channel or "").lower() for q in reading.quotes if q.speaker in speakers}
    first_pos = min(s[3] for s in sources)
    last_pos = max(s[3] for s in sources)
    for sent in reading.doc.sents:
        t = sent.text
        near = first_pos - 300 <= sent.start_char <= last_pos + 300
        words = {w.lower() for w in _EVIDENCE_WORDS.findall(t)}
        about_it = any(w in c for w in words for c in channels if c) or \
            bool(re.search(r"either side|both sides|the claims?|the reports?|the accounts?", t, re.I))
        span = (sent.start_char, sent.end_char)
        if _UNVERIFIABLE.search(t) and (about_it or near):
            evidence.add(span)
            verification = "unverified"
        elif _CONFIRMED.search(t) and _PARTLY.search(t) and about_it and _independent_subject(reading, sent):
            evidence.add(span)
            verification = "partly_confirmed"
        elif _CONFIRMED.search(t) and (about_it and _independent_subject(reading, sent)) and "not" not in t.lower():
            evidence.add(span)
            verification = "confirmed"
    # a party denying what another party claims
    for q in reading.quotes:
        if q.stance != "deny" or q.speaker in speakers or q.cue_start is None:
            continue
        if abs(q.cue_start - first_pos) > 800:
            continue
        spk = actors.get(q.speaker)
        accused = actors.get(event.actor1)
        place = next((p for p in reading.places if p.id == event.place), None)
        # the accused side denying it, or a denial about the same place
        same_side = spk is not None and accused is not None and _side(spk.type) == _side(accused.type) \
            and accused.country_code in (None, spk.country_code)
        same_place = place is not None and place.name.lower() in q.text.lower()
        if same_side or same_place:
            if (s := _sent_span(reading, q.cue_start)) is not None:
                evidence.add(s)
            return "disputed"
    return verification


def _side(kind: str) -> str:
    """State forces, armed non-state groups, or the kind itself."""
    return {"military": "state", "police": "state", "government": "state",
            "rebel": "armed", "militia": "armed", "pmc": "armed"}.get(kind, kind)


def _independent_subject(reading: Reading, sent) -> bool:
    """The one confirming is the outlet or another independent party, not a side."""
    for a in reading.actors:
        if sent.start_char <= a.start < sent.end_char and a.type in _INDEPENDENT:
            return True
    return bool(re.search(r"\b(?:Reuters|AP|AFP|journalists?|reporters?|correspondents?|we)\b", sent.text))

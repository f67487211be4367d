"""Claims and verification: who says each event happened, and whether anyone independent
confirmed it.

Each mention of an event is either the reporter's own account or lies inside what
someone is quoted or reported as saying. From those sources and the article's own
statements about verification ("Reuters could not independently verify ...", "Reuters
was able to confirm the location ... though not that the video was filmed on Wednesday",
"the army denied ...") each event gets:

- `source`: null when the reporter tells it in their own voice, else the speaker's actor;
- `stance`: assert (reporter), claim, accuse, deny or confirm (from the reporting verb);
- `verification`: confirmed (the reporter's own account or own checks — "journalists
  saw", "verified footage", "satellite images reviewed by Reuters", "geolocated" — an
  independent observer, or both parties to the conflict saying it happened),
  partly_confirmed (the outlet confirmed part of it, or two sources independent of each
  other say it: a resident and a hospital, an official and the Red Cross), unverified
  (one party alone says so, however many of its voices, or the outlet says it could not
  verify), disputed (a party denies it, or another party's statement about the same thing
  negates it);
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
    r"\b(?:confirmed|verified|independently confirmed|saw|seen|witnessed|observed|able to confirm|able to verify|"
    r"geolocated|geo-located|matched|counted)\b|"
    r"\b(?:satellite (?:images?|imagery|photos|pictures)|images|imagery|footage|videos?|photos|documents)\s+"
    r"(?:\w+\s+){0,3}?(?:reviewed|analy[sz]ed|obtained|examined|seen|verified|geolocated)\s+by\b", re.I)
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
    countries = {actors[a].country_code for a in speakers
                 if a in actors and actors[a].country_code and _party(actors[a], reading)[0] in ("state", "armed")}
    independent = any(actors[a].type in _INDEPENDENT for a in speakers if a in actors)
    if own:
        verification = "confirmed"
    elif len(countries) >= 2 or independent:
        verification = "confirmed"
    else:
        verification = "unverified"

    if verification == "unverified":
        # two of the event's own sources independent of each other ("police said ...; witnesses
        # told Reuters ..."): partly confirmed, as two outside reports would make it
        voices = [actors[a] for a in dict.fromkeys(s[0] for s in sources) if a in actors]
        if any(_independent_of(a, b, reading) for i, a in enumerate(voices) for b in voices[i + 1:]):
            verification = "partly_confirmed"
    if reading.doc is not None and not own:
        # other voices on the same thing: a second, independent source, or one that negates it
        topic, core = _topic(reading, event, sources)
        if verification == "unverified":
            backers = _corroborating(reading, sources, topic)
            if backers:
                verification = "partly_confirmed"
                evidence.update(s for q in backers if (s := _sent_span(reading, q.start)) is not None)
        # what the article says about checking it
        verification = _checked(reading, event, sources, verification, evidence, topic, core)
    event.verification = verification
    event.evidence = sorted([list(e) for e in evidence])


# words too common in war and politics reports to tie two statements to one event
_GENERIC = {"people", "person", "time", "day", "night", "week", "year", "month", "thing", "way", "part", "side",
            "country", "area", "city", "town", "place", "official", "officials", "government", "state", "forces",
            "force", "statement", "video", "post", "report", "news", "agency", "lot", "number", "morning",
            "evening", "today", "yesterday", "hour", "hours", "minute", "world", "war", "situation", "fact",
            "%", "percent", "be", "have", "do", "say", "tell", "go", "get", "make", "take", "come", "see"}


def _lemmas(span) -> set[str]:
    return {t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "PROPN", "VERB") and not t.is_stop
            and t.lemma_.lower() not in _GENERIC and len(t.text) > 2}


def _topic(reading: Reading, event: Event, sources) -> tuple[set[str], set[str]]:
    """What an event is about, as lemmas: `core` from its trigger words and place name
    ("shot down an army helicopter", "Kidal"), `topic` adding the nouns of the sentences
    that report it ("a crowded market in Omdurman")."""
    doc = reading.doc
    core: set[str] = set()
    topic: set[str] = set()
    for _, _, _, pos in sources:
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        topic |= {t.lemma_.lower() for t in sent if t.pos_ in ("NOUN", "PROPN") and not t.is_stop
                  and t.lemma_.lower() not in _GENERIC and len(t.text) > 2}
    trig = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if trig is not None:
        core |= _lemmas(trig)
    place = next((p for p in reading.places if p.id == event.place), None)
    if place is not None and place.relation not in ("demonym",) and place.feature_code not in _COUNTRY_LEVEL:
        # a town or region names the event; a whole country names every event in the story
        core |= {w.lower() for w in re.findall(r"\w+", place.text) if len(w) > 2}
        core.add(place.name.lower())
    return topic | core, core


_COUNTRY_LEVEL = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR", "CONT", "RGN"}


def _party(actor, reading: Reading | None = None) -> tuple[str, str | None]:
    """(side, country) of a speaker: state forces and governments, armed groups, civilians,
    independent observers; a person takes the side their title or description gives
    ("President Idriss Mahamat", "a resident")."""
    kind = actor.type
    if kind in ("person", "other"):
        from .quotes import description_kind

        said = [actor.text] + ([q.speaker_text for q in reading.quotes if q.speaker == actor.id] if reading else [])
        side = (actor.side or "").lower()
        guess = next((k for k in ("military", "government", "police", "rebel", "militia") if k in side), None) \
            or next((k for t in said if (k := description_kind(t.lower())) != "other"), "other")
        if guess != "other":
            kind = guess
    return _side(kind), actor.country_code


def _independent_of(a, b, reading: Reading | None = None) -> bool:
    """Whether two speakers are independent sources: different parties to the story.
    Voices of one state or one armed group are one source; two eyewitnesses are two; a
    speaker of unknown side is independent of no one but another country's."""
    if a.id == b.id or a.name == b.name:
        return False
    (sa, ca), (sb, cb) = _party(a, reading), _party(b, reading)
    if sa == "other" or sb == "other" or (sa == sb and sa in ("state", "armed")):
        return ca is not None and cb is not None and ca != cb
    return sa != sb or sa in ("civilians", "person", "media", "international")


def _quote_lemmas(reading: Reading, q) -> set[str]:
    span = reading.doc.char_span(q.start, q.end, alignment_mode="expand")
    return _lemmas(span) if span is not None else set()


def _others(reading: Reading, sources):
    """Quotes by speakers other than the event's sources, about the time of its mentions."""
    actors = {a.id: a for a in reading.actors}
    mine = [actors[s[0]] for s in sources if s[0] in actors]
    used = {id(s[2]) for s in sources if s[2] is not None}
    first = min(s[3] for s in sources)
    for q in reading.quotes:
        spk = actors.get(q.speaker)
        if spk is None or id(q) in used or any(q.start <= s[3] < q.end for s in sources):
            continue
        if not mine or abs(q.start - first) > 2500:
            continue
        yield q, spk, mine


def _corroborating(reading: Reading, sources, topic: set[str]) -> list:
    """Statements by a source independent of every one of the event's sources that speak of
    the same thing (share its trigger, place or subject nouns) without negating it."""
    out = []
    for q, spk, mine in _others(reading, sources):
        if q.stance == "deny" or not all(_independent_of(spk, m, reading) for m in mine):
            continue
        if _NEGATION.search(q.text):
            continue
        if _quote_lemmas(reading, q) & topic:
            out.append(q)
    return out


_NEGATION = re.compile(r"\b(?:no|not|never|nothing|none|nobody|neither|nor|n't|denied|denies|false|untrue|"
                       r"fabricat\w*|baseless|groundless|lies?|fake)\b|n[’']t\b", re.I)


def _contradicting(reading: Reading, sources, core: set[str]):
    """A statement by another party about the same thing (its trigger or place) that negates it
    ('the army said no aircraft had been hit' against 'rebels said they shot down a helicopter')
    or counts it otherwise ('30 soldiers killed' against 'three soldiers were killed')."""
    first = min(s[3] for s in sources)
    counts = {n for s in sources if s[2] is not None for n in _counts(reading, s[2])}
    for q, spk, mine in _others(reading, sources):
        if not all(_independent_of(spk, m, reading) for m in mine) or abs(q.start - first) > 1200:
            continue
        shared = _quote_lemmas(reading, q) & core
        if (q.stance == "deny" or _NEGATION.search(q.text)) and shared:
            return q
        theirs = _counts(reading, q)
        if shared and counts and theirs and not counts & theirs:
            return q
    return None


_PEOPLE = re.compile(r"\b(?:people|persons|soldiers|troops|civilians|fighters|militants|rebels|policemen|officers|"
                     r"men|women|children|villagers|residents|members)\b", re.I)


def _counts(reading: Reading, q) -> set[float]:
    """The numbers of people a statement counts ("30 soldiers", "three civilians"), as the
    numbers stage read them inside the statement."""
    return {n.value for n in reading.numbers
            if q.start <= n.start < q.end and n.value is not None and n.counts and _PEOPLE.search(n.counts)}


def _checked(reading: Reading, event: Event, sources, verification: str, evidence: set,
             topic: set[str] | None = None, core: set[str] | None = None) -> str:
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
            continue
        checks = [m for m in _CONFIRMED.finditer(t) if not _in_quote(reading, sent.start_char + m.start())]
        if not checks or not _independent_subject(reading, sent):
            continue  # (a speaker saying they saw it is their claim, not the outlet's check)
        # the reporter's own check of the same thing: what it names (the market, the terminal)
        about_it = about_it or bool(topic and _lemmas(sent) & topic)
        if _PARTLY.search(t) and about_it:
            evidence.add(span)
            verification = "partly_confirmed"
        elif about_it and not re.search(r"\bnot\b|n[’']t\b", t, re.I):
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
    # two of its own sources, independent of each other, counting it differently
    counted = [(actors[sp], _counts(reading, q), q) for sp, _, q, _ in sources if q is not None and sp in actors]
    for i, (a, na, qa) in enumerate(counted):
        for b, nb, qb in counted[i + 1:]:
            if na and nb and not na & nb and _independent_of(a, b, reading):
                evidence.update(s for q in (qa, qb) if (s := _sent_span(reading, q.start)) is not None)
                return "disputed"
    # another party's statement negating it
    if core and (q := _contradicting(reading, sources, core)) is not None:
        if (s := _sent_span(reading, q.start)) is not None:
            evidence.add(s)
        return "disputed"
    return verification


def _in_quote(reading: Reading, pos: int) -> bool:
    return any(q.start <= pos < q.end for q in reading.quotes)


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

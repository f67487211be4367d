"""How the text relates a mention or an event to a place.

A mention's relation comes from the words around it ("near X", "the outskirts of X", "30 km
east of X", "X region", "northern X"), its country or state from what follows or precedes
it ("X, Texas", "X, La.", "Perth in Western Australia", "Ukraine's X region"); an event's
place is the one its trigger governs, else the nearest in its sentence.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ... import gazetteer, vocab
from ...article import Reading

if TYPE_CHECKING:
    from .finding import Mention

REGION_WORDS = re.compile(r"^\s+(region|oblast|province|governorate|district|raion|rayon|state|county|parish|prefecture)\b", re.I)
NEAR = re.compile(r"\b(near|outside|close to|nearby|next to|around)\s+(?:the\s+)?(?:(?:town|city|village|settlement|port)\s+of\s+)?$", re.I)
OUTSKIRTS = re.compile(r"\b(outskirts|edge|suburbs)\s+of\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$", re.I)
DISTANCE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(km|kilometres|kilometers|miles|mi)\b(?:\s*\([^)]{0,20}\))?\s+"
                      r"(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
                      r"south-east|south-west)\s+of\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$", re.I)
PART_OF = re.compile(r"^(?:the\s+)?(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
                     r"south-east|south-west|central|northern|southern|eastern|western|upstate|downstate)\s+(\S.*)$", re.I)
# ", La." / ", W.Va." / ", N.Y." after a town: the AP abbreviation of its state
STATE_AFTER = re.compile(r",\s+((?:[A-Z][a-z]{1,4}\.)|(?:[A-Z]\.){2}(?:[A-Z][a-z]\.)?)")
# "Perth in Western Australia", "Hyderabad in Sindh": a town in the named region
IN_REGION = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b(?!['’]s| [A-Z])")
# "Santiago, the Chilean capital", "Herat, the capital of Herat province"
APPOSED = re.compile(r",\s+the\s+(?:([A-Z][a-z]+)\s+(?:capital|city|port|town|village)|"
                     r"(?:capital|largest city|second city|main port) of\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?))\b")
# relations that name a place without putting anything there: "the Ohio Supreme Court",
# "Russian officials"; never an event's place, and the words stay an actor's
NOT_SITES = frozenset({"in_name", "demonym"})


def hints(gaz: gazetteer.Gazetteer, text: str, mentions: list[Mention]) -> None:
    """"X, Texas" / "X, La." / "X, Ukraine" / "Ukraine's X region" give X its country or state;
    "near X", "30 km east of X" its relation."""
    for m in mentions:
        after = text[m.end:m.end + 30]
        abbr = STATE_AFTER.match(after)
        if abbr and abbr.group(1) in gaz.state_abbr:
            m.state_hint = gaz.state_abbr[abbr.group(1)]
            continue
        nxt = re.match(r",\s+([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)", after)
        if nxt and not m.country_hint:
            m.country_hint, m.state_hint = area_hint(gaz, nxt.group(1), m.text)
        if not (m.country_hint or m.state_hint):
            _hint_from_words(gaz, m, after)
        before = text[max(0, m.start - 30):m.start]
        poss = re.search(r"([A-Z][A-Za-z]+)'s\s+$", before)
        if poss and not m.country_hint:
            pc = [e for e in gaz.lookup(poss.group(1)) if e.feature_code == "PCLI"]
            if pc:
                m.country_hint = pc[0].country_code
        if m.relation == "in":
            m.relation = relation_before(text, m)


# what may stand between a place and the larger place the words put it in: "X, Y", "X (Y, Z)",
# "X district, Y", "X sector (Y district, Z)", "X in Y", "X area of Y", "X in the southern
# countryside of Y", "X [coded to Y]" (ACLED's notes, and wire copy: "Katerynivka, Kharkiv region")
_ADMIN = (r"(?:sub-?)?districts?|sectors?|areas?|city|town|village|governorate|province|region|county|"
          r"municipality|commune|lga|upazila|tehsil|regency|department|neighbou?rhood|countryside|state|"
          r"oblast|raion|locality|circle|block|zone|subdivision|division|front|frontline|junction|square|"
          r"roundabout|market|road|street|bridge|camp|hill|mountain|valley|quarter|checkpoint|crossing")
_DIRECTION = r"(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|" \
             r"south-?eastern|south-?western)"
CONTAINED_IN = re.compile(
    rf"^(?:\s+(?:[a-z-]+\s+)?(?:{_ADMIN})\b)?\s*(?:,|\(|\[coded to|(?:\s(?:in|of)\b))\s*(?:the\s+)?"
    rf"(?:{_DIRECTION}\s+)?(?:(?:{_ADMIN}|part|outskirts|suburbs)\s+of\s+(?:the\s+)?)?$", re.I)

CHAINED = re.compile(rf"^(?:\s+(?:[a-z-]+\s+)?(?:{_ADMIN})\b)?\s*,\s*(?:the\s+)?$", re.I)
# "near Verkhnia Tykhivka, " before a region's name: a place too small for the gazetteer
UNKNOWN_BEFORE = re.compile(r"\b(?:in|near|at|outside|around|into|of)\s+(?:the\s+)?(?:(?:village|town|settlement|hamlet)"
                            r"\s+of\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s*(?:,|\()\s*$")
# " (Y LGA, " between "X" and "Z": a chain of places, each inside the next
CHAIN_GAP = re.compile(rf"^(?:\s+(?i:{_ADMIN})\b)?\s*[,(]\s*(?:[A-Z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){{0,3}}\s*,\s*){{1,2}}$")
# "Lima, Puno and Cusco": a list of peers, not a chain of regions
A_LIST = re.compile(r"(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*\s*,?\s+(?:and|or)\s+[A-Z]")
FOLLOWED = re.compile(rf"(?:\s+(?:[a-z-]+\s+)?(?:{_ADMIN})\b)?\s*(?:[,.;:()\]]|$|\s+(?:and|on|in|at|to|after|before|"
                      rf"during|where|when|with|which|that|who|while|as|over|for|near)\b)", re.I)


def containers(text: str, mentions: list[Mention]) -> None:
    """Link each place to the larger places the words put it in: "Novodonetske, Donetsk",
    "X (Y LGA, Z)", "Katerynivka in the Kharkiv region". A chain ("X, Y, Z" or "X (Y, Z)")
    links X to each; a list of peers ("Lima, Puno and Cusco") is no chain."""
    for y in mentions:
        if y.relation not in NOT_SITES and UNKNOWN_BEFORE.search(text, max(0, y.start - 80), y.start) \
                and FOLLOWED.match(text, y.end) and not A_LIST.match(text, y.end):
            y.container = True  # "near Verkhnia Tykhivka, Sumy": a village no list has, in the Sumy region
    for i, m in enumerate(mentions):
        j, last = i + 1, m
        while j < len(mentions) and j <= i + 3:
            y = mentions[j]
            gap = text[last.end:y.start]
            if y.relation in NOT_SITES or len(gap) > 60 or not (CONTAINED_IN.match(gap) or CHAIN_GAP.match(gap)) \
                    or (norm_name(y.text) == norm_name(m.text) and gap.strip() != ",") or A_LIST.match(text, y.end):
                break
            if last is not m and not CHAINED.match(gap):
                break  # "X (Y, Z)": past Y only by a comma
            if re.search(r"[,(\[]", gap) and not FOLLOWED.match(text, y.end) or re.match(r"['’]s\b", text[y.end:y.end + 2]):
                break  # "In Kyiv, Ukraine's envoy said": Ukraine begins a clause, it holds nothing
            m.inside.append(j)
            y.container = True
            last = y
            j += 1


def norm_name(name: str) -> str:
    return gazetteer.norm(name)


def relation_before(text: str, m: Mention) -> str:
    """"30 km east of X", "the outskirts of X", "near X", "X region"; else the mention's own."""
    if d := DISTANCE.search(text[max(0, m.start - 60):m.start]):
        return f"{d.group(1)} {d.group(2).lower()} {d.group(3).lower()} of"
    if OUTSKIRTS.search(text[max(0, m.start - 40):m.start]):
        return "outskirts"
    if NEAR.search(text[max(0, m.start - 40):m.start]):
        return "near"
    if m.region_word:
        return "region"
    return m.relation


def _hint_from_words(gaz: gazetteer.Gazetteer, m: Mention, after: str) -> None:
    """"Perth in Western Australia", "Santiago, the Chilean capital", "Herat, the capital
    of Herat province": the region or country the words put X in."""
    inside = IN_REGION.match(after)
    name = inside.group(1) if inside else None
    if name is None and (apposed := APPOSED.match(after)):
        name = apposed.group(1) or apposed.group(2)
        cc = vocab.demonyms().get(name)
        if cc:
            m.country_hint = cc
            return
    if name:
        m.country_hint, m.state_hint = area_hint(gaz, name, m.text)


def area_hint(gaz: gazetteer.Gazetteer, region: str, town: str) -> tuple[str | None, str | None]:
    """(country, state) a region's name puts a town in: "X, La.", "X, Texas", "X, Ukraine",
    "BRAZZAVILLE, Congo" (the Congo with a Brazzaville); nothing where the name is two
    countries' and the town does not tell them apart ("Lahore in Punjab")."""
    if region in gaz.state_abbr:
        return None, gaz.state_abbr[region]
    areas = [e for e in gaz.lookup(region) if e.feature_code in ("PCLI", "ADM1")]
    if len({e.country_code for e in areas}) > 1:
        towns = {e.country_code for e in gaz.lookup(town)}
        areas = [e for e in areas if e.country_code in towns]
    if len({e.country_code for e in areas}) != 1:
        return None, None
    if len(areas) == 1 and areas[0].feature_code == "ADM1":
        return None, areas[0].admin1_code
    return areas[0].country_code, None


_PREPS = {"in", "on", "at", "near", "outside", "into", "across", "around", "towards", "toward", "from", "over",
          "inside", "through", "of"}


def dateline_country(reading: Reading) -> str | None:
    """Last resort for an event with no place in its sentence: the dateline's country, at
    country precision (3), never the dateline town (where the reporter stood)."""
    dl = reading.article.dateline
    if dl is None:
        return None
    return next((p.id for p in reading.places if p.start < dl.body_start and p.feature_code.startswith("PCL")), None)


def event_place(reading: Reading, start: int, end: int) -> str | None:
    """The place of the event triggered at [start, end): a place governed by the trigger
    or its verb ("attacks on Kupiansk", "shelled X"), else the nearest in its sentence;
    never the dateline (where the reporter stood), never a country when a town is there."""
    doc = reading.doc
    dl = reading.article.dateline
    body = dl.body_start if dl is not None else 0
    # the dateline is where the reporter stood; "the Ohio Supreme Court" is no event's place
    places = [p for p in reading.places if p.start >= body and p.relation not in NOT_SITES]
    if doc is None:
        return None
    trig = doc.char_span(start, end, alignment_mode="expand")
    if trig is None or not len(trig):
        return None
    sent = trig.sent
    # "Russia's Redut company": a country inside an actor's name describes the actor
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char
               and not (p.precision == 3 and any(a.start <= p.start and p.end <= a.end and a.type != "government"
                                                 for a in reading.actors))]
    if not in_sent:
        return None
    anchors = {trig.root.i, trig.root.head.i}

    def governed(p) -> bool:
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        for _ in range(4):
            if tok.head.i in anchors and (tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "npadvmod", "compound")
                                          or tok.head.lower_ in _PREPS):
                return True
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i in anchors:
                return True
        return False

    tied = [p for p in in_sent if governed(p)]
    # "attacks on positions in X (Y LGA, Z)": the verb may govern the region,
    # but the place the words put inside it is where it happened
    inner = [p for p in in_sent for q in tied if p.end <= q.start and p.precision < q.precision
             and (CONTAINED_IN.match(gap := reading.article.text[p.end:q.start]) or CHAIN_GAP.match(gap))]
    pool = inner or tied or in_sent
    # the finest place wins: a town over its region over its country
    return min(pool, key=lambda p: (p.precision, abs(p.start - start))).id

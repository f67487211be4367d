"""Events stage: who did what to whom, typed in PLOVER and ACLED.

Compute (`match`) runs in four steps, each a function below:
1. `find_hits`: every cue of the event vocabulary (vocab/events.json) in every sentence,
   with the token it hangs on in the parse. Sentences about disasters and accidents
   ("floods killed 12", "a gas cylinder exploded") give no conflict cue unless
   something hostile is named there too.
2. `refine`: context decides what a cue alone cannot: an attack on civilians is
   Violence against civilians, on armed men a Battle; a protest met with tear gas is a
   Protest with intervention, one fired on is Excessive force, one that throws stones is
   a Riot; "captured" by government troops is Government regains territory; a drone
   that is shot down is Disrupted weapons use, not an air strike.
3. `group`: hits on the same incident become one event (same type, same place, or
   close by in the text); a cue governed in the parse by another event's cue
   ("accused Kyiv of launching drone strikes") is an embedded event that follows its
   governor in the ranking.
4. `rank`: the article's main event first: conflict and protest events before strategic
   developments before other PLOVER interactions; within a tier, confirmed before
   claimed, then by cue strength, position and mentions; background events last.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re

from .. import vocab
from ..article import Event, Reading, Span
from ..pipeline import Stage, register
from ..regexfilter import Screen, Starts
from . import claims, parse, places, times

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12, "dozens": 24, "scores": 40})
_NUM = r"(\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_DEAD = re.compile(
    rf"(?:killed|killing|left|leaving)\s+(?:at least |more than |some |about |nearly |around |up to )?{_NUM}\b"
    rf"|(?:at least |more than |some |about |nearly |around )?{_NUM}\s+(?:\w+\s+){{0,3}}?"
    rf"(?:(?:were|was|have been|had been|are)\s+)?(?:killed|dead|died|slain|shot dead|lost their lives)"
    rf"|death toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{_NUM}", re.I)


@functools.lru_cache(maxsize=1)
def _lexicon():
    v = vocab.load("events")
    # a pattern written in lower case also runs, without re.I, on the lower-cased text (the
    # same matches, faster); one with a case-sensitive part ("reached (?-i:[A-Z])") does not
    cues = [dict(c, rx=re.compile(c["pattern"], re.I),
                 low=None if "(?-i:" in c["pattern"]
                 or re.search(r"[A-Z]", re.sub(r"\(\?P[<=]|\\[A-Za-z]", "", c["pattern"]))
                 else re.compile(c["pattern"])) for c in v["cues"]]
    rx = {k: re.compile(v[k], re.I) for k in ("disaster", "hostile", "intervention", "excessive_force",
                                               "violent_protesters", "civilian_targets", "armed_parties",
                                               "government_side", "nonstate_side", "peaceful_transfer", "perpetrators",
                                               "conflict_context", "protest_context", "unorganised_groups",
                                               "frontline", "device", "beating", "dispute", "strike_context")}
    return cues, rx


@dataclasses.dataclass
class Hit:
    start: int
    end: int
    plover: str
    etype: str | None
    sub: str | None
    weight: float
    sent: int  # sentence index
    token: int  # index of the token the cue hangs on
    place: str | None = None
    defence: bool = False  # "putting up resistance": the subject is the side attacked
    direct: bool = False  # direct fire ("fired small arms at positions"): a clash, unless laid on villages
    quote: int | None = None  # index of the direct quote the cue stands in
    main: bool = False  # the cue is its sentence's main verb ("Rebels attacked a post")
    date: str | None = None  # the date its own clause gives, if any
    governor: "Hit | None" = dataclasses.field(default=None, repr=False)  # the hit whose cue governs this one


def _number(s: str) -> int | None:
    s = s.lower().replace(",", "")
    if s.isdigit():
        return int(s)
    return NUMBER_WORDS.get(s)


MAX_HITS_PER_SENTENCE = 12


def _fatalities_of(sents, i: int, memo: dict[int, int | None]) -> int | None:
    if i not in memo:
        memo[i] = fatalities(sents[i].text)
    return memo[i]


def fatalities(text: str) -> int | None:
    """The death count a sentence states ("killed 12", "at least three dead"), or None."""
    best = None
    for m in _DEAD.finditer(text):
        n = _number(next(g for g in m.groups() if g))
        if n is not None and n < 100_000:
            best = n if best is None else max(best, n)
    return best


@functools.lru_cache(maxsize=1)
def _ordered_cues() -> tuple[list[dict], Screen]:
    """The cues strongest first (the order `find_hits` takes them in), and the literal screen
    of their lower-case patterns: built once, not per article."""
    cues, _ = _lexicon()
    return sorted(cues, key=lambda c: -c["weight"]), Screen(c["low"] for c in cues if c["low"] is not None)


_CIRCUMSTANCE = frozenset({"during", "amid", "amidst", "under", "despite", "since", "throughout"})


def find_hits(reading: Reading) -> list[Hit]:
    doc, text = reading.doc, reading.article.text
    _, rx = _lexicon()
    cues, screen = _ordered_cues()
    body = reading.article.dateline.body_start if reading.article.dateline else 0
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    # lower-cased once, patterns compiled without re.I: the same matches, 40% faster
    low = text.lower()
    folded = len(low) == len(text)
    words = screen.literals(low) if folded else set()
    begins = Starts(text, low if folded else None)
    calamity: dict[int, bool] = {}
    context: dict[tuple[str, int], bool] = {}
    taken: list[tuple[int, int]] = []
    hits: list[Hit] = []
    for c in cues:
        fold = folded and c["low"] is not None
        if fold and not screen.may_match(c["low"], words):
            continue
        for m in (begins.finditer(c["low"], True) if fold else begins.finditer(c["rx"])):
            a, b = m.start(), m.end()
            if a < body or any(x < b and a < y for x, y in taken):
                continue
            si = bisect.bisect_right(starts, a) - 1
            if si < 0 or b > sents[si].end_char:
                continue  # a match across sentences is no cue
            if c.get("context"):  # "takeover battle", "prices fell to", "stocks rallied": no conflict here
                key = (c["context"], si)
                if key not in context:
                    lo, hi = sents[max(si - 1, 0)].start_char, sents[min(si + 1, len(sents) - 1)].end_char
                    context[key] = bool(rx[c["context"]].search(text, lo, hi))
                if not context[key]:
                    continue
            # flood victims who protest still protest; police who beat people during a lockdown
            # for an outbreak still beat them (the `hostile` words say deliberate harm)
            if c["type"] not in (None, "Protests", "Riots"):
                if si not in calamity:
                    st = sents[si].text
                    calamity[si] = bool(rx["disaster"].search(st) and not rx["hostile"].search(st))
                if calamity[si]:
                    continue
                if c["type"] == "Strategic developments" and si > 0 and c["sub"] != "Disrupted weapons use":
                    if si - 1 not in calamity:  # "fires are burning ... The government declared a state of emergency"
                        st = sents[si - 1].text
                        calamity[si - 1] = bool(rx["disaster"].search(st) and not rx["hostile"].search(st))
                    if calamity[si - 1]:
                        continue
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None:
                continue
            if text[a - 1:a] == "<" or text[b:b + 1] == ">":
                continue  # "Mobil Corp <MOB>": a ticker, not the word
            if span.root.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT") and (
                    c["weight"] < 3 or (text[a].isupper() and not span[0].is_sent_start)):
                continue  # "Storm Shadow", "Rally Party", "Merrill Lynch"
            if c["sub"] == "Change to group/activity" and span.root.dep_ == "pobj" \
                    and span.root.head.lower_ in _CIRCUMSTANCE:
                continue  # "demanding food during the lockdown": the setting, not the event
            taken.append((a, b))
            if _negated(span.root):
                continue
            if c["type"] is None and any(x.start <= a and b <= x.end for x in reading.actors):
                continue  # "a local aid group", "the Emergency Response Rooms": a name, not a deed
            hits.append(Hit(a, b, c["plover"], c["type"], c["sub"], c["weight"], si, span.root.i,
                            defence=bool(c.get("defence")), direct=bool(c.get("direct")),
                            main=span.root.dep_ == "ROOT" and span.root.pos_ == "VERB"))
    # a "sentence" with dozens of cues is a list, a table or text with no full stops, not
    # prose: its strongest cues are kept, so the cost per article stays linear in its length
    per_sent: dict[int, list[Hit]] = {}
    for h in hits:
        per_sent.setdefault(h.sent, []).append(h)
    if any(len(v) > MAX_HITS_PER_SENTENCE for v in per_sent.values()):
        hits = [h for v in per_sent.values()
                for h in sorted(v, key=lambda h: (-h.weight, h.start))[:MAX_HITS_PER_SENTENCE]]
    hits.sort(key=lambda h: h.start)
    return hits


def _negated(tok) -> bool:
    """'did not attack', 'Nobody plans to withdraw', 'no protests were held'."""
    for t in (tok, tok.head, tok.head.head):
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in ("nsubj", "det") and c.lower_ in ("nobody", "no", "none", "noone")):
                return True
        if t.pos_ == "VERB" and t.dep_ not in ("xcomp", "ccomp", "acomp"):
            break
    return False


def _subject_text(doc, tok) -> str:
    """The words of the subject (or passive agent) of the verb `tok` hangs on."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ == "nsubj":
            if c.lower_ in ("that", "who", "which") and verb.dep_ == "relcl":
                n = verb.head  # "a group of people that attacked": the group, up to "that"
                return doc[n.left_edge.i:max(c.i, n.i + 1)].text
            return doc[c.left_edge.i:c.right_edge.i + 1].text
        if c.dep_ == "agent":
            return doc[c.left_edge.i:c.right_edge.i + 1].text
    return ""


_FIRE = frozenset({"fire", "shots", "gunfire", "bullets", "rounds"})


def _object_text(doc, tok) -> str:
    """The words of what the verb `tok` hangs on acts upon: its object, its passive subject,
    or the target of "on"/"at"/"against" ("opened fire on two children at a checkpoint":
    the children, not the checkpoint)."""
    parts = _object_heads(doc, tok)
    # the object's own words, without its trailing place or time ("at a checkpoint in X")
    out = []
    for c in parts:
        end = c.i + 1
        for x in c.children:
            if x.i > c.i and not (x.dep_ == "prep" and x.lower_ in ("at", "in", "near", "on", "during", "after")):
                end = max(end, x.right_edge.i + 1)
        out.append(doc[c.left_edge.i:end].text)
    return " ".join(out)


def _object_heads(doc, tok) -> list:
    """The head words of what the verb `tok` hangs on acts upon (see `_object_text`)."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    parts = []
    heads = {tok, verb} | {c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"}
    # "opened fire on X", "fired shots at X": the fire is no target, what it is fired on is
    heads |= {c for t in list(heads) for c in t.children if c.dep_ == "dobj" and c.lower_ in _FIRE}
    for t in heads:
        for c in t.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                if c.lower_ not in _FIRE:
                    parts.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "upon") and c.i > t.i \
                    and not any(x.dep_ in ("dobj", "nsubjpass") and x.lower_ not in _FIRE for x in t.children) \
                    and not (c.lower_ == "at" and any(x.dep_ == "prep" and x.lower_ in ("on", "against", "upon")
                                                      for x in t.children)):  # "on two farmers at a checkpoint"
                parts.extend(x for x in c.children if x.dep_ == "pobj" and x.ent_type_ not in ("DATE", "TIME"))
            elif c.dep_ == "pobj" and t.i == tok.i:
                parts.append(c)
    return parts


_TERRAIN = re.compile(r"\b(?:towns?|city|cities|villages?|bases?|camps?|areas?|districts?|regions?|provinces?|hills?|"
                      r"mountains?|positions?|posts?|checkpoints?|airports?|ports?|bridges?|roads?|highways?|"
                      r"crossings?|territory|ground|outskirts|neighbou?rhoods?|capital|headquarters|barracks|"
                      r"compound|island|fields?|dam|front)\b", re.I)


def _captured_people(reading: Reading, h: Hit) -> bool:
    """"Two others were captured alive", "captured five fighters": people taken, no territory
    (the object names no place and is no place the gazetteer found)."""
    doc = reading.doc
    said = reading.article.text[h.start:h.end]
    if not re.match(r"(?i)captur|seiz|took|taken|overr", said) or re.search(r"(?i)control|over\b", said):
        return False  # "took control of", "took over": territory by the words themselves
    heads = _object_heads(doc, doc[h.token])
    if not heads:
        return bool(re.match(r"\s+alive\b", reading.article.text[h.end:h.end + 8]))
    for x in heads:
        a, b = doc[x.left_edge.i].idx, doc[x.right_edge.i].idx + len(doc[x.right_edge.i])
        if _TERRAIN.search(doc[x.left_edge.i:x.right_edge.i + 1].text) or x.ent_type_ in ("GPE", "LOC", "FAC") \
                or any(a <= p.start < b for p in reading.places):
            return False
    return any(t.pos_ in ("NOUN", "PROPN", "NUM", "PRON") for t in heads)


def _armed_victims(reading: Reading, h: Hit) -> bool:
    """Whether those the cue's verb acts upon are soldiers, police or armed men, judged by
    each victim's own head noun and its modifiers ("an SSPDF soldier": armed; "a young man
    who defected from the army": not)."""
    doc = reading.doc
    _, rx = _lexicon()
    heads = _object_heads(doc, doc[h.token])
    if not heads:
        return False
    for x in heads:
        words = " ".join(t.text for t in doc[x.left_edge.i:x.i + 1])
        if not rx["armed_parties"].search(words) or rx["civilian_targets"].search(x.text) \
                or re.search(r"off.duty|unarmed|retired", doc[x.left_edge.i:x.right_edge.i + 4].text, re.I):
            return False  # an off-duty soldier is a civilian to ACLED
    return True


def refine(reading: Reading, hits: list[Hit]) -> None:
    """Settle types that depend on context, in place."""
    doc = reading.doc
    _, rx = _lexicon()
    sents = list(doc.sents)
    text = reading.article.text
    protest_sents = {h.sent for h in hits if h.etype in ("Protests", "Riots")}
    any_protest = bool(protest_sents)
    for h in hits:
        sent = sents[h.sent]
        stext = sent.text
        tok = doc[h.token]
        if h.etype == "auto":
            if h.sent in protest_sents:
                h.plover, h.etype, h.sub = "PROTEST", "Protests", "Excessive force against protesters"
            else:
                # ACLED: armed men against the unarmed is violence against civilians
                subj = _subject_text(doc, tok)
                victims = _object_text(doc, tok) or (stext.replace(subj, " ", 1) if subj else stext)
                unarmed = (rx["civilian_targets"].search(victims) and not rx["armed_parties"].search(victims)) \
                    or "off-duty" in victims.lower()
                if unarmed or (rx["perpetrators"].search(subj or text[sent.start_char:h.start])
                               and not rx["armed_parties"].search(victims)):
                    h.etype, h.sub = "Violence against civilians", "Attack"
                else:
                    h.etype, h.sub = "Battles", "Armed clash"
        if h.sub in ("Non-state actor overtakes territory", "Government regains territory"):
            subj = _subject_text(doc, tok) or text[sent.start_char:h.start]
            gov = rx["government_side"].search(subj) and not rx["nonstate_side"].search(subj)
            if h.sub == "Non-state actor overtakes territory" and gov:
                h.sub = "Government regains territory"
            elif h.sub == "Government regains territory" and rx["nonstate_side"].search(subj):
                h.sub = "Non-state actor overtakes territory"
    _codebook_rules(reading, hits)
    if any_protest:
        # ACLED's order: demonstrators' own violence makes a riot; force against a
        # peaceful crowd is excessive force; tear gas and arrests are intervention
        def near(h, name):  # the protest's own sentence and its neighbours
            lo, hi = sents[max(h.sent - 1, 0)].start_char, sents[min(h.sent + 1, len(sents) - 1)].end_char
            return rx[name].search(text[lo:hi])
        for h in hits:
            if h.etype == "Battles" and h.sub == "Armed clash" and h.sent in protest_sents:
                h.etype, h.sub, h.plover = "Riots", "Violent demonstration", "PROTEST"  # protesters clashed
            if h.sub == "Arrests" and _arrested_at_protest(text, h, hits):
                # ACLED: arrests at a demonstration are the authorities' intervention in it
                h.etype, h.sub, h.plover = "Protests", "Protest with intervention", "PROTEST"
            if h.etype not in ("Protests", "Riots"):
                continue
            if h.sub == "Mob violence":
                continue
            if near(h, "violent_protesters"):
                h.etype, h.sub, h.plover = "Riots", "Violent demonstration", "PROTEST"
            elif near(h, "excessive_force") and h.etype == "Protests":
                h.sub = "Excessive force against protesters"
            elif near(h, "intervention") and h.etype == "Protests":
                h.sub = "Protest with intervention"
    # territory that changes hands after a withdrawal or without a fight
    if any(h.sub in ("Non-state actor overtakes territory", "Government regains territory") for h in hits) \
            and rx["peaceful_transfer"].search(text):
        for h in hits:
            if h.sub in ("Non-state actor overtakes territory", "Government regains territory"):
                h.etype, h.sub = "Strategic developments", "Non-violent transfer of territory"
    # a weapon that was stopped: the strike words in the same sentence are its object
    disrupted = {h.sent for h in hits if h.sub == "Disrupted weapons use"}
    for h in hits:
        if h.sent in disrupted and h.etype == "Explosions/Remote violence":
            h.plover, h.etype, h.sub = "ASSAULT", "Strategic developments", "Disrupted weapons use"


def _arrested_at_protest(text: str, h: Hit, hits: list[Hit]) -> bool:
    """"Activists were detained during protests", "police arrested 180 as supporters staged
    sit-ins", "a protest was dispersed ... and 12 arrested": arrests at the demonstration, not
    a campaign of arrests of those who organise them or before a rally."""
    for p in hits:
        if p.sent != h.sent or p.etype != "Protests":
            continue
        if p.start < h.start:
            return True
        between = text[h.end:p.start]
        if re.search(r"\b(?:during|at|as|amid|while|when)\b", between) \
                and not re.search(r"\b(?:who|which|that|before|ahead of|for)\b", between):
            return True
    return False


def _codebook_rules(reading: Reading, hits: list[Hit]) -> None:
    """ACLED's codebook rules that weigh one cue against the rest of its sentence, in place.

    - Explosions/Remote violence is coded by method: a shell, missile or air strike that
      kills civilians stays a strike; an explosion heard on a front line with no device
      named is the long-range fire of that front (Shelling/artillery/missile attack).
    - Direct fire (small arms, machine guns, grenade launchers, vehicle cannon) at positions
      is an Armed clash, and so is an exchange that mixes it with mortars or shells.
    - Mob violence: violence by a spontaneously organised group (villagers, supporters,
      a crowd) with no armed organisation behind it, whether they clash with each other,
      with the police, or beat someone.
    - Arrests: an arrest with a beating or torture is Violence against civilians/Attack.
    - Violence against civilians targets unarmed non-combatants: an attack on or abduction of
      soldiers, police or armed men is a Battle (Armed clash), as is capturing fighters
      (no territory changes hands).
    """
    _, rx = _lexicon()
    sents = list(reading.doc.sents)
    remote: dict[int, Hit] = {}
    for h in hits:
        st = sents[h.sent].text
        if h.etype == "Explosions/Remote violence" and h.sub == "Remote explosive/landmine/IED" \
                and h.weight <= 1.2 and rx["frontline"].search(st) and not rx["device"].search(st):
            h.sub = "Shelling/artillery/missile attack"
        if h.etype == "Explosions/Remote violence" and (h.weight >= 2.5 or h.sub.startswith("Shelling")):
            remote.setdefault(h.sent, h)
    at_areas = {id(h) for h in hits if h.direct and _fired_at_areas(reading, h)}
    direct = {h.sent for h in hits if h.direct and id(h) not in at_areas}
    for h in hits:
        r = remote.get(h.sent)
        if (h.etype, h.sub) in (("Violence against civilians", "Attack"),
                                ("Violence against civilians", "Abduction/forced disappearance"),
                                ("Battles", "Non-state actor overtakes territory"),
                                ("Battles", "Government regains territory")) \
                and h.sent not in remote and (_armed_victims(reading, h) or (
                    h.etype == "Battles" and _captured_people(reading, h))):
            # a crowd that attacks police is Mob violence, not a Battle
            mob = not h.direct and _unorganised(reading, h)
            h.etype, h.sub, h.plover = ("Riots", "Mob violence", "ASSAULT") if mob else ("Battles", "Armed clash", "ASSAULT")
        elif id(h) in at_areas:
            h.etype, h.sub, h.plover = "Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT"
        elif h.sub == "Shelling/artillery/missile attack" and h.sent in direct:
            h.etype, h.sub, h.plover = "Battles", "Armed clash", "ASSAULT"  # an exchange of direct and indirect fire
        elif r is not None and h.etype == "Violence against civilians" and h.sub == "Attack":
            h.etype, h.sub, h.plover = r.etype, r.sub, r.plover  # the victims of the strike
        elif h.sub == "Looting/property destruction" and _demonstrating(reading, h, own=True):
            # ACLED: demonstrators who vandalise or burn property make a Violent demonstration
            h.etype, h.sub, h.plover = "Riots", "Violent demonstration", "PROTEST"
        elif h.sub == "Violent demonstration" and not _demonstrating(reading, h):
            h.sub = "Mob violence"  # stones thrown at police by villagers who were not demonstrating
        elif h.sub == "Arrests" and rx["beating"].search(sents[h.sent].text):
            h.plover, h.etype, h.sub = "ASSAULT", "Violence against civilians", "Attack"
        elif (h.etype, h.sub) in (("Battles", "Armed clash"), ("Violence against civilians", "Attack")) \
                and not h.direct and _unorganised(reading, h):
            h.plover, h.etype, h.sub = "ASSAULT", "Riots", "Mob violence"


def _fired_at_areas(reading: Reading, h: Hit) -> bool:
    """Direct fire aimed at villages, farms or residential areas rather than at an armed
    side: no second side, so no Battle; ACLED codes fire laid on an area from a distance as
    remote violence."""
    doc = reading.doc
    _, rx = _lexicon()
    if not re.search(r"fired|guns?|launchers?|arms|sniper|bursts", reading.article.text[h.start:h.end], re.I):
        return False  # an exchange of fire, a shoot-out, an incursion: two sides by definition
    verb = parse.clause_head(doc[h.token])
    # "fired mortar shells, 14.5mm machine guns and sniper shots at residential villages": the
    # "at" may hang on any weapon in the list, so look at every such preposition whose nearest
    # verb is the firing one
    targets = [x for c in verb.subtree if c.dep_ == "prep" and c.lower_ in ("at", "on", "against")
               and parse.clause_head(c.head).i == verb.i for x in c.children if x.dep_ == "pobj"]
    words = " ".join(doc[x.left_edge.i:x.right_edge.i + 1].text for x in targets)
    return bool(words) and bool(re.search(r"\b(?:residential|populated|inhabited|civilian|villages?|farms?|houses?|"
                                          r"homes?|neighbou?rhoods?)\b", words, re.I)) \
        and not rx["armed_parties"].search(words)


_DEMONSTRATING = re.compile(r"\b(?:protest\w*|demonstrat\w*|march\w*|rall(?:y|ies|ied)|sit-ins?|strik(?:e|ers|ing)|"
                            r"picket\w*|chant\w*|slogans?|placards?|agitat\w*)\b", re.I)


# in the deed's own sentence only words that cannot be a month or a strike from the air
_DEMONSTRATING_HERE = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|sit-ins?|picket\w*|agitat\w*)\b",
                                 re.I)


def _demonstrating(reading: Reading, h: Hit, *, own: bool = False) -> bool:
    """ACLED's Violent demonstration needs a demonstration: words of one in the cue's sentence
    or a neighbour ("violent protest", "protesters threw stones"); otherwise a crowd's
    violence is Mob violence. `own`: in the cue's sentence, by stricter words."""
    sents = list(reading.doc.sents)
    if own:
        return bool(_DEMONSTRATING_HERE.search(sents[h.sent].text))
    lo, hi = sents[max(h.sent - 1, 0)].start_char, sents[min(h.sent + 1, len(sents) - 1)].end_char
    return bool(_DEMONSTRATING.search(reading.article.text, lo, hi))


def _unorganised(reading: Reading, h: Hit) -> bool:
    """Whether the side that acts in `h` is a crowd, villagers or supporters with no armed
    group named among them (for a clash: anyone in the sentence; for an attack: its doer)."""
    doc, text = reading.doc, reading.article.text
    _, rx = _lexicon()
    sent = doc[h.token].sent
    verb = parse.clause_head(doc[h.token])
    doer = _subject_text(doc, doc[h.token])
    if not doer and not any(c.dep_ == "nsubjpass" for c in verb.children):
        doer = text[sent.start_char:h.start]  # before a passive verb stand its victims, not its doer
    scope = sent.text if h.etype == "Battles" else doer
    perp = rx["perpetrators"].search(doer)
    if perp and perp.group(0).lower() == "group" and rx["unorganised_groups"].search(doer):
        perp = None  # "a group of villagers" is a crowd, not an armed group
    if rx["nonstate_side"].search(scope) or perp \
            or any(a.type in ("military", "rebel", "militia", "pmc") and sent.start_char <= a.start < sent.end_char
                   for a in reading.actors):
        return False
    if h.etype == "Battles" and rx["armed_parties"].search(doer):
        return False
    if h.etype == "Battles" and rx["dispute"].search(sent.text) and not rx["armed_parties"].search(sent.text):
        return True  # "two groups clashed over a land dispute"
    # a clash has two sides, often named after it ("a clash between two groups of villagers")
    crowd = rx["unorganised_groups"].search(doer) or (
        h.etype == "Battles" and not rx["armed_parties"].search(sent.text)
        and rx["unorganised_groups"].search(text, h.end, sent.end_char))
    # "unknown people attacked", "waves of men into battle": words too vague to say who acted
    return bool(crowd) and crowd.group(0).lower() not in ("people", "persons", "individuals", "men")


def _governors(reading: Reading, hits: list[Hit]) -> None:
    """Mark a hit governed by a different-typed hit of its sentence ("accused ... of strikes")."""
    doc = reading.doc
    for h in hits:
        tok = doc[h.token]
        anc = {a.i for a in tok.ancestors}
        best = None
        for g in hits:
            if g is h or g.sent != h.sent or g.token not in anc:
                continue
            if (g.etype, g.sub, g.plover) == (h.etype, h.sub, h.plover):
                continue
            if g.etype is None or (g.etype not in VIOLENT and h.etype in VIOLENT and g.weight >= h.weight):
                # the nearest governor: the one lowest in the tree
                if best is None or best.token in {a.i for a in doc[g.token].ancestors}:
                    best = g
        if best is None and h.etype not in ("Protests", "Riots"):
            best = _protest_topic(doc, h, hits)
        h.governor = best


# words that introduce what a demonstration is about ("families who say their sons were
# abducted held a sit-in", "a protest demanding a law against rape")
_TOPIC_LEMMAS = frozenset({"claim", "allege", "say", "demand", "accuse", "denounce", "condemn", "decry", "call",
                           "urge", "seek", "want", "ask", "penalize", "penalise", "punish", "against", "over"})


def _protest_topic(doc, h: Hit, hits: list[Hit]) -> Hit | None:
    """The demonstration of `h`'s sentence when `h` is only what the demonstrators speak of."""
    protest = next((g for g in hits if g.sent == h.sent and g.etype in ("Protests", "Riots")), None)
    if protest is None:
        return None
    root = doc[h.token].sent.root.i
    anc = [a for a in doc[h.token].ancestors if a.i != root]
    if protest.token in {a.i for a in anc}:
        return protest
    return protest if any(a.lemma_.lower() in _TOPIC_LEMMAS for a in anc) else None


def _place_key(reading: Reading, pid: str | None):
    p = next((x for x in reading.places if x.id == pid), None) if pid else None
    return (p.geonameid, p.name) if p else None


def _absorb(f: Hit, h: Hit) -> bool:
    """Two violent cues on one incident ("a gunfight ... explosions, shells flying"): Battles
    take the remote-weapon and generic cues (the ACLED rule for exchanges of fire)."""
    if f.sub == "Disrupted weapons use":  # "repelled a drone attack": the attack is what was stopped
        return h.etype == "Explosions/Remote violence" or h.weight <= 1.5
    if f.etype in ("Protests", "Riots") and h.etype in VIOLENT and h.weight <= 1.5:
        return True  # "12 people were killed" at the protest just reported
    if f.etype not in VIOLENT or h.etype not in VIOLENT or f.etype in ("Protests", "Riots") \
            or h.etype in ("Protests", "Riots"):
        return False
    weak = h.weight <= 1.5 or (f.etype == "Battles" and h.sub == "Shelling/artillery/missile attack")
    return weak


def group(reading: Reading, hits: list[Hit], *, window: int = 2) -> list[list[Hit]]:
    """Hits on one incident become one group; a group's first hit is its trigger."""
    quotes = [(q.start, q.end) for q in reading.quotes if q.type == "direct"]
    for h in hits:
        h.place = places.event_place(reading, h.start, h.end)
        d = times.event_date(reading, h.start, h.end)
        h.date = d.value if d.precision != "unknown" else None
        h.quote = next((i for i, (a, b) in enumerate(quotes) if a <= h.start < b), None)
    _governors(reading, hits)
    groups: list[list[Hit]] = []
    # strong cues first so weak ones ("explosions", "killed") can join them
    for h in sorted(hits, key=lambda h: (h.weight <= 1.5, h.start)):
        key = (h.etype, h.sub) if h.etype else (h.plover, h.sent)
        pk = _place_key(reading, h.place)
        explicit = h.place in _explicit(reading, h)
        home = None
        for g in groups:
            f = g[0]
            fkey = (f.etype, f.sub) if f.etype else (f.plover, f.sent)
            near = min(abs(h.sent - x.sent) for x in g) <= window
            same_region = h.quote == f.quote
            if fkey == key:
                if pk and explicit and pk == _place_key(reading, f.place):
                    home = g  # same incident type at the same named place
                    break
                if (h.governor is None) == (f.governor is None) and (not explicit or pk == _place_key(reading, f.place)) \
                        and near and same_region:
                    home = g
                    break
            elif _absorb(f, h) and (h.date is None or any(x.date in (None, h.date) for x in g)) and (any(abs(h.sent - x.sent) <= (h.weight <= 1.5) for x in g)
                                    or (h.quote is not None and same_region)) \
                    and (not explicit or pk == _place_key(reading, f.place)):
                home = g
                break
        if home is None and h.weight <= 1.5 and h.etype in VIOLENT and not explicit:
            # "constant gunfire rang out": a passing mention of the fighting already reported
            earlier = [g for g in groups if g[0].etype == h.etype and g[0].start < h.start and g[0].weight > 1.5]
            home = earlier[-1] if earlier else None
        if home is None:
            groups.append([h])
        else:
            home.append(h)
    for g in groups:
        strong = any(x.weight > 1.5 for x in g)
        g.sort(key=lambda h: (h.weight <= 1.5 and strong, h.start))
    groups.sort(key=lambda g: g[0].start)
    return groups


def _previous_place(reading: Reading, h: Hit) -> str | None:
    """An event with no place in its sentence happened where the sentence before put us
    ("... calmer in Bakhmut. 'There's a gunfight on the outskirts'"), else where the next
    one does ("Arsonists set fire to a car. The incident occurred in Thessaloniki."): a
    town, never a country."""
    doc = reading.doc
    sent = doc[h.token].sent
    dl = reading.article.dateline

    def towns(s, last: bool) -> str | None:
        found = [p for p in reading.places if s.start_char <= p.start < s.end_char and p.precision == 1
                 and not (dl is not None and p.id == dl.place)
                 and not any(a.start <= p.start and p.end <= a.end for a in reading.actors)]
        return (found[-1] if last else found[0]).id if found else None

    before = towns(doc[sent.start - 1].sent, True) if sent.start > 0 else None
    return before or (towns(doc[sent.end].sent, False) if sent.end < len(doc) else None)


def _explicit(reading: Reading, h: Hit) -> set[str]:
    sent = reading.doc[h.token].sent
    return {p.id for p in reading.places if sent.start_char <= p.start < sent.end_char}


def _actors(reading: Reading, h: Hit) -> tuple[str | None, str | None]:
    """actor1 acts, actor2 is acted on: from the parse, else by position in the sentence."""
    doc = reading.doc
    tok = doc[h.token]
    sent = tok.sent
    cands = [a for a in reading.actors if sent.start_char <= a.start < sent.end_char]
    if h.quote is not None:
        qa, qb = next((q.start, q.end) for i, q in enumerate(x for x in reading.quotes if x.type == "direct")
                      if i == h.quote)
        cands = [a for a in cands if qa <= a.start < qb]
    if not cands:
        return None, None

    def actor_at(t):
        return next((a for a in cands if a.start <= t.idx < a.end), None)

    verb = tok
    for _ in range(3):
        if verb.pos_ == "VERB" or verb.head.i == verb.i:
            break
        verb = verb.head
    a1 = a2 = None
    for c in verb.children:
        if c.dep_ == "nsubj" and a1 is None:
            a1 = actor_at(c) or next((actor_at(x) for x in c.subtree if actor_at(x)), None)
        elif c.dep_ == "agent":
            a1 = next((actor_at(x) for x in c.subtree if actor_at(x)), a1)
        elif c.dep_ in ("dobj", "nsubjpass") and a2 is None:
            a2 = next((actor_at(x) for x in c.subtree if actor_at(x)), None)
    for c in tok.children:  # "attacks on X", "clashes with X"
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "of") and a2 is None:
            a2 = next((actor_at(x) for x in c.subtree if actor_at(x)), None)
    cands = [a for a in cands if a.type != "media"]
    if a1 is None:
        before = [a for a in cands if a.end <= h.start]
        a1 = before[-1] if before else None
    if a2 is None:
        head = parse.clause_head(tok)
        after = [a for a in cands if a.start >= h.end and a is not a1 and (a1 is None or a.name != a1.name)
                 and (s := doc.char_span(a.start, a.end, alignment_mode="expand")) is not None
                 and parse.clause_head(s.root) == head]
        a2 = after[0] if after else None
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return (a1.id if a1 else None), (a2.id if a2 else None)


@register("events")
class EventsStage(Stage):
    """Writes `reading.events`, most salient first."""

    def __init__(self, *, background_days: int = 180, merge_window: int = 2):
        self.background_days = background_days
        self.merge_window = merge_window

    def match(self, reading: Reading) -> list[list[Hit]]:
        if reading.doc is None:
            return []
        hits = find_hits(reading)
        refine(reading, hits)
        return group(reading, hits, window=self.merge_window)

    def set_annotations(self, reading: Reading, result: list[list[Hit]]) -> None:
        text, doc = reading.article.text, reading.doc
        sents = list(doc.sents) if doc is not None else []
        made: list[tuple[Event, list[Hit]]] = []
        dead: dict[int, int | None] = {}  # death counts by sentence, read once
        for g in result:
            h = g[0]
            ev = Event(id="", plover=h.plover, acled_event_type=h.etype, acled_sub_event_type=h.sub,
                       trigger=Span(text=text[h.start:h.end], start=h.start, end=h.end))
            ev.place = h.place or next((x.place for x in g if x.place), None) or _previous_place(reading, h) \
                or places.dateline_country(reading)
            ev.date = times.event_date(reading, h.start, h.end)
            if ev.date.precision == "unknown":
                for x in g[1:]:
                    d = times.event_date(reading, x.start, x.end)
                    if d.precision != "unknown":
                        ev.date = d
                        break
            names = {a.id: a.name for a in reading.actors}
            for x in g:
                a1, a2 = _actors(reading, x)
                if x.defence and x is not h:  # the defender is the one attacked
                    a1, a2 = None, a1
                ev.actor1 = ev.actor1 or a1
                if a2 and names.get(a2) != names.get(ev.actor1):
                    ev.actor2 = ev.actor2 or a2
            if ev.actor2 and names.get(ev.actor2) == names.get(ev.actor1):
                ev.actor2 = None
            if ev.acled_event_type in VIOLENT:
                counts = [n for x in g if (n := _fatalities_of(sents, x.sent, dead)) is not None]
                ev.fatalities = max(counts) if counts else None
            if ev.acled_sub_event_type == "Government regains territory":
                # a foreign army's gains are not the government regaining its territory
                a = next((x for x in reading.actors if x.id == ev.actor1), None)
                p = next((x for x in reading.places if x.id == ev.place), None)
                if a and p and a.country_code and p.country_code and a.country_code != p.country_code:
                    ev.acled_sub_event_type = "Non-state actor overtakes territory"
            ev.background = self._is_background(reading, ev)
            strong = [x for x in g if x.weight > 1.5] or g  # passing words do not make a source
            claims.attribute(reading, ev, [(x.start, x.end) for x in strong])
            seen = set()
            for x in g:
                s = sents[x.sent]
                if (s.start_char, s.end_char) not in seen:
                    seen.add((s.start_char, s.end_char))
            ev.evidence = sorted({tuple(e) for e in ev.evidence} | seen)
            body = reading.article.dateline.body_start if reading.article.dateline else 0
            ev.evidence = [[max(a, body), b] for a, b in ev.evidence if b > body]  # not the dateline
            made.append((ev, g))
        reading.events.extend(_rank(made, len(sents)))
        for i, ev in enumerate(reading.events, 1):
            ev.id = f"e{i}"

    def _is_background(self, reading: Reading, ev: Event) -> bool:
        if ev.date is None or ev.date.precision == "unknown" or not ev.date.end:
            return False
        try:
            end = dt.date.fromisoformat(ev.date.end)
            art = dt.date.fromisoformat(reading.article.date)
        except ValueError:
            return False
        return (art - end).days > self.background_days


def _rank(made: list[tuple[Event, list[Hit]]], n_sents: int) -> list[Event]:
    """Order events by salience and set `Event.salience`; embedded events follow their governor."""
    owner_of = {}
    for k, (ev, g) in enumerate(made):
        for h in g:
            owner_of[id(h)] = k

    def tier(k: int) -> int:
        ev, g = made[k]
        if ev.acled_event_type in VIOLENT and any(h.weight > 1.5 or h.main for h in g):
            return 0
        return 1 if ev.acled_event_type else 2  # passing words of violence weigh like a development

    scores = []
    for ev, g in made:
        first = min(h.sent for h in g)
        s = max(h.weight for h in g) + 0.4 * (len(g) - 1) + (1.5 if first == 0 else 0) - 0.1 * first
        s += 1.0 if ev.verification in ("confirmed", "partly_confirmed") else 0
        s += 1.0 if any(h.main for h in g) else 0  # told as the sentence's main verb
        s += 0.5 if ev.fatalities else 0
        scores.append(s)
    parent: dict[int, int] = {}
    for k, (ev, g) in enumerate(made):
        if all(h.governor is not None for h in g):
            p = owner_of.get(id(g[0].governor))
            if p is not None and p != k:
                parent[k] = p
                scores[p] += 0.5 * max(h.weight for h in g)
    roots = [k for k in range(len(made)) if k not in parent]
    roots.sort(key=lambda k: (made[k][0].background, tier(k), -scores[k], made[k][1][0].start))
    out: list[Event] = []

    def emit(k):
        ev = made[k][0]
        ev.salience = round(scores[k], 2)
        out.append(ev)
        for c in sorted((c for c, p in parent.items() if p == k), key=lambda c: -scores[c]):
            emit(c)
    for k in roots:
        emit(k)
    return out

"""Actors stage: who acts, normalised to a name, an ISO country and a kind.

Sources of mentions, longest first: named groups from the vocabulary ("Wagner" -> pmc,
RU), noun phrases headed by a kind noun ("Russian forces", "the general staff of
Ukraine's armed forces", "protesters", "police in Lagos"), people (PERSON entities,
their title giving their side: "President Volodymyr Zelensky" -> person, Ukraine
government), other organisations, and governments by metonymy ("Moscow accused Kyiv").
Country comes from a demonym or possessive beside the mention ("Russian", "Ukraine's",
"of Nigeria"), the capital or country named by metonymy, or, for local kinds
(civilians, police, protesters), the country of the place in the same sentence.
"""
from __future__ import annotations

import functools
import re

from .. import gazetteer, vocab
from ..article import Actor, Reading
from ..nlp import token_ids
from ..pipeline import Stage, register
from ..regexfilter import Starts
from .places import NOT_SITES, is_metonymy

KIND_LABEL = {"military": "Military Forces of {c}", "police": "Police Forces of {c}", "government": "Government of {c}",
              "rebel": "Unidentified Armed Group ({c})", "militia": "Unidentified Militia ({c})",
              "civilians": "Civilians ({c})", "media": "Media ({c})", "pmc": "Private Military Contractors ({c})"}
CROWD = {"protesters": "Protesters ({c})", "protester": "Protesters ({c})", "demonstrators": "Protesters ({c})",
         "demonstrator": "Protesters ({c})", "rioters": "Rioters ({c})", "rioter": "Rioters ({c})", "mob": "Rioters ({c})"}
LOCAL_KINDS = {"civilians", "police"}
ROLES = {"leader", "head", "chief", "commander", "spokesman", "spokeswoman", "spokesperson", "founder", "boss"}


@functools.lru_cache(maxsize=1)
def _vocab():
    v = vocab.load("actors")
    kinds = {}
    for kind, words in v["kinds"].items():
        for w in words:
            kinds.setdefault(w.lower(), kind)
    named = {}
    for g in v["named"]:
        for n in g["names"]:
            named[n.lower()] = g
    titles = {}
    for kind, words in v["titles"].items():
        for w in words:
            titles[w.lower()] = kind
    named_re = re.compile(r"\b(" + "|".join(sorted((re.escape(n) for g in v["named"] for n in g["names"]),
                                                   key=len, reverse=True)) + r")\b")
    return kinds, named, titles, v["demonyms"], named_re


@functools.lru_cache(maxsize=1)
def _chunk_words() -> frozenset[str]:
    """Words that can end or head a noun chunk this stage reads: the last word of each kind
    ("defence ministry" -> "ministry") and the role nouns."""
    kinds = _vocab()[0]
    return frozenset({k.split()[-1] for k in kinds} | set(kinds) | ROLES)


@functools.lru_cache(maxsize=4096)
def kind_of_name(low: str) -> str:
    """The first kind (in vocabulary order) one of whose words is a whole word of `low`."""
    words = set(re.findall(r"\w+", low))
    for w, k, rx in _kind_tests():
        if (w in words) if rx is None else rx.search(low):
            return k
    return "other"


@functools.lru_cache(maxsize=1)
def _kind_tests():
    return [(w, k, None if re.fullmatch(r"\w+", w) else re.compile(rf"\b{re.escape(w)}\b"))
            for w, k in _vocab()[0].items()]


@functools.lru_cache(maxsize=1)
def _person_prefixes() -> frozenset[str]:
    return frozenset(vocab.load("actors")["person_prefixes"])


def country_name(cc: str | None) -> str | None:
    if not cc:
        return None
    return gazetteer.load().country_names.get(cc) or cc


def _country_of_words(tokens) -> str | None:
    """ISO code from a demonym or a country/capital name among `tokens`."""
    _, _, _, demonyms, _ = _vocab()
    gaz = gazetteer.load()
    for t in tokens:
        if t.i >= 2 and t.doc[t.i - 1].text == "-" and t.doc[t.i - 2].lower_ == "pro":
            continue  # "pro-Russian separatists" are not Russia's
        if t.text in demonyms:
            return demonyms[t.text]
    for t in tokens:
        if t.ent_type_ == "GPE" or t.pos_ == "PROPN":
            name = t.text[:-2] if t.text.endswith("'s") else t.text
            for e in gaz.lookup(name):
                if e.feature_code in ("PCLI", "PPLC"):
                    return e.country_code
    return None


@register("actors")
class ActorsStage(Stage):
    """Writes `reading.actors`: one Actor per mention, normalised."""

    def __init__(self, *, local_country_from_places: bool = True):
        self.local_country_from_places = local_country_from_places

    def match(self, reading: Reading) -> list[dict]:
        doc, text = reading.doc, reading.article.text
        kinds, named, titles, demonyms, named_re = _vocab()
        found: list[dict] = []
        # noun chunks cost more than the rest of this stage: built only when a named group or
        # a kind or role word is there to need them
        heads = _chunk_words()
        named_at = Starts(text)  # the named groups' patterns tried only where a name begins
        head_at = set(token_ids(doc, lowers=heads, lemmas=heads))
        wanted = bool(head_at) or next(named_at.finditer(named_re), None) is not None
        chunks = list(doc.noun_chunks) if wanted else []  # (a Span's noun_chunks walks the doc's anew)

        def free(s, e):
            return not any(f["start"] < e and s < f["end"] and not f.get("overlaps") for f in found)

        # 1. named groups and institutions
        for m in named_at.finditer(named_re):
            if m.start() < (reading.article.dateline.body_start if reading.article.dateline else 0):
                continue
            g = named[m.group(1).lower()]
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            start, end = m.start(), m.end()
            if span is not None:  # "Russia's Wagner mercenary group": take the whole phrase
                chunk = next((c for c in chunks if c.start <= span.start < c.end), None)
                if chunk is not None and chunk.root.lower_ in ("group", "company", "organization", "organisation", "movement"):
                    start, end = chunk.start_char, chunk.end_char
                    if chunk[0].lower_ in ("the", "a", "an"):
                        start = chunk[1].idx
            if free(start, end):
                cc = g.get("country_code")
                found.append({"start": start, "end": end, "name": g["name"], "type": g["type"], "country": cc})

        # 2. noun phrases headed by a kind noun, with "of X" attached
        body = reading.article.dateline.body_start if reading.article.dateline else 0
        for chunk in chunks:
            if head_at.isdisjoint(range(chunk.start, chunk.end)) or not (
                    chunk[-1].lower_ in heads or chunk.root.lower_ in heads or chunk.root.lemma_.lower() in heads):
                continue  # no kind or role word ends or heads it
            while len(chunk) > 1 and (chunk[0].is_space or chunk[0].is_punct):
                chunk = chunk[1:]
            root = chunk.root
            if chunk.start_char < body or chunk[0].is_space:
                continue
            if root.lower_ in ROLES and self._role_of(reading, doc, chunk, found):
                continue
            if (root.i + 1 < len(doc) and doc[root.i + 1].ent_type_ == "PERSON") or \
                    (root.i + 1 < len(doc) and doc[root.i + 1].lower_ == "and" and
                     any(d.ent_type_ == "PERSON" for d in doc[root.i + 2:root.i + 5])):
                continue  # "serviceman and vlogger Andrii Babychev": a title, the person follows
            kind = None
            for n in (3, 2):
                tail = " ".join(t.lower_ for t in chunk[-n:])
                if tail in kinds:
                    kind = kinds[tail]
                    break
            kind = kind or kinds.get(root.lower_) or kinds.get(root.lemma_.lower())
            if kind is None or root.pos_ not in ("NOUN", "PROPN"):
                continue
            if kind == "civilians" and root.lower_ in ("people", "family", "families", "women", "children", "workers") \
                    and not re.search(r"\b(killed|wounded|injured|died|dead|shot|abducted|kidnapped|displaced|fled)\b",
                                      chunk.sent.text):
                continue
            start = chunk[1].idx if chunk[0].lower_ in ("the", "a", "an", "its", "their", "his", "her") and len(chunk) > 1 \
                else chunk.start_char
            end = chunk.end_char
            toks = list(chunk)
            nxt = root.i + 1
            if nxt < len(doc) and doc[nxt].lower_ == "of" and root.lower_ not in ("people",):
                pobj = [c for c in doc[nxt].children if c.dep_ == "pobj"]
                if pobj:
                    sub = doc[pobj[0].left_edge.i:pobj[0].i + 1]
                    if kinds.get(pobj[0].lower_) or pobj[0].ent_type_ in ("GPE", "NORP", "ORG"):
                        end = sub.end_char
                        toks += list(sub)
                        kind = kinds.get(pobj[0].lower_, kind) if kind == "government" else kind
            elif nxt < len(doc) and doc[nxt].lower_ == "in" and kind in LOCAL_KINDS:
                pobj = [c for c in doc[nxt].children if c.dep_ == "pobj" and c.ent_type_ == "GPE"]
                if pobj:
                    toks.append(pobj[0])
            if not free(start, end):
                continue
            cc = _country_of_words(toks)
            if cc is None and chunk[0].lower_ in ("its", "their"):  # "Russia's defence ministry said its troops"
                sent = chunk.sent
                prev = [f for f in found if sent.start_char <= f["start"] < start and f.get("country")]
                cc = prev[-1]["country"] if prev else None
            if cc is None and self.local_country_from_places and kind in LOCAL_KINDS | {"rebel", "militia"}:
                sent = chunk.sent
                here = [p for p in reading.places if sent.start_char <= p.start < sent.end_char and p.country_code
                        and p.relation not in NOT_SITES]
                cc = here[0].country_code if here else None
            label = CROWD.get(root.lower_) or KIND_LABEL.get(kind, "{c}")
            cname = country_name(cc)
            name = label.format(c=cname) if cname else re.sub(r"\s*\(\{c\}\)| of \{c\}", "", label) \
                if kind in KIND_LABEL or root.lower_ in CROWD else text[start:end]
            if (name == "Unidentified Armed Group" and root.lower_ not in ("gunmen", "fighters")) or \
                    re.search(r"\bpro-", text[start:end], re.I):
                name = text[start:end]  # "pro-Russian separatists" keep their own name
            found.append({"start": start, "end": end, "name": name, "type": kind, "country": cc})

        # 3. people, organisations, governments by metonymy
        for ent in doc.ents:
            if not free(ent.start_char, ent.end_char):
                continue
            if any(p.start < ent.end_char and ent.start_char < p.end and p.relation not in NOT_SITES
                   for p in reading.places):
                continue  # a place the model called an organisation
            if ent.label_ == "PERSON":
                before = doc[max(ent.start - 5, 0):ent.start]
                side = None
                for n in (2, 1):
                    for k in range(len(before) - n + 1):
                        t = " ".join(x.text for x in before[k:k + n]).lower()
                        if t in titles:
                            side = titles[t]
                    if side:
                        break
                cc = _country_of_words(before)
                prefixes = _person_prefixes()
                first = ent.start
                while first < ent.end - 1 and doc[first].lower_.rstrip(".") in prefixes:
                    first += 1  # "Farmer Joseph Mwangi" is Joseph Mwangi
                ent = doc[first:ent.end]
                found.append({"start": ent.start_char, "end": ent.end_char, "name": ent.text, "type": "person",
                              "country": cc, "side": f"{country_name(cc)} {side}" if cc and side else side})
            elif ent.label_ == "ORG":
                cc = _country_of_words(doc[max(ent.start - 2, 0):ent.end])
                low = ent.text.lower()
                kind = kind_of_name(low)
                found.append({"start": ent.start_char, "end": ent.end_char, "name": ent.text, "type": kind, "country": cc})
            elif ent.label_ == "GPE" and is_metonymy(ent):
                cc = _country_of_words([ent[0]]) or _capital_country(ent.text)
                found.append({"start": ent.start_char, "end": ent.end_char, "type": "government", "country": cc,
                              "name": f"Government of {country_name(cc)}" if cc else ent.text})
            elif ent.label_ == "NORP" and ent.text in demonyms and ent.root.tag_ == "NNPS" or \
                    (ent.label_ == "NORP" and ent.root.dep_ in ("nsubj", "dobj", "pobj") and ent.text.endswith("s")):
                cc = demonyms.get(ent.text)
                found.append({"start": ent.start_char, "end": ent.end_char, "name": ent.text, "type": "other", "country": cc})
        # capitals and countries the model did not tag, standing for governments ("accused Kyiv")
        for i in token_ids(doc, pos="PROPN"):
            tok = doc[i]
            if not tok.ent_type_ and free(tok.idx, tok.idx + len(tok)) and is_metonymy(doc[tok.i:tok.i + 1]):
                cc = _capital_country(tok.text)
                if cc:
                    found.append({"start": tok.idx, "end": tok.idx + len(tok), "type": "government", "country": cc,
                                  "name": f"Government of {country_name(cc)}"})
        found.sort(key=lambda f: f["start"])
        return found

    def _role_of(self, reading: Reading, doc, chunk, found: list[dict]) -> bool:
        """"The leader of Russia's Wagner mercenary group": a person speaking for a known actor."""
        nxt = chunk.root.i + 1
        if nxt >= len(doc) or doc[nxt].lower_ != "of":
            return False
        pobj = [c for c in doc[nxt].children if c.dep_ == "pobj"]
        if not pobj:
            return False
        end = doc[pobj[0].i].right_edge.idx + len(doc[pobj[0].i].right_edge)
        org = next((f for f in found if chunk.end_char <= f["start"] < end), None)
        if org is None:
            return False
        start = chunk[1].idx if chunk[0].lower_ in ("the", "a", "an") and len(chunk) > 1 else chunk.start_char
        found.append({"start": start, "end": max(end, org["end"]), "type": org["type"], "country": org.get("country"),
                      "name": f"{chunk.root.text.capitalize()} of {org['name']}", "overlaps": True})
        return True

    def set_annotations(self, reading: Reading, result: list[dict]) -> None:
        text = reading.article.text
        for f in result:
            reading.actors.append(Actor(id=reading.next_id("a", reading.actors), text=text[f["start"]:f["end"]],
                                        start=f["start"], end=f["end"], name=f["name"], country_code=f.get("country"),
                                        type=f["type"], side=f.get("side")))


def _capital_country(name: str) -> str | None:
    for e in gazetteer.load().lookup(name):
        if e.feature_code in ("PPLC", "PCLI"):
            return e.country_code
    return None

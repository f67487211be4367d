"""Finding: where the text names a place.

Found: spaCy GPE/LOC/FAC entities, the dateline's place (also after a headline), capitalised
names the model missed that the gazetteer knows, when the words around them say place ("in
X", "X, Texas", "a Huntsville man", "R-Fairfax", names listed with a place, "Barrow and
Madison counties"), a name already read as a place wherever the article repeats it, places
at the head of a body's name ("Ohio Supreme Court": relation in_name) and demonyms
("Russian officials": relation demonym). Not places: governments by metonymy ("Moscow
accused Kyiv": left to the actors stage), streets, saints' days, persons' names, acronyms.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ... import gazetteer, vocab
from ...article import Reading
from ...gazetteer import Entry, norm
from ...nlp import token_ids
from ...pipeline import parse_text
from ...regexfilter import may_match
from .relations import IN_REGION, NOT_SITES, PART_OF, REGION_WORDS, STATE_AFTER, area_hint, containers, hints

# verbs whose subject is an agent: a government speaking or acting, not a place
AGENT_VERBS = {
    "say", "accuse", "claim", "deny", "announce", "warn", "threaten", "urge", "demand", "insist", "reject",
    "condemn", "call", "vow", "pledge", "agree", "refuse", "sanction", "launch", "send", "deploy", "order",
    "respond", "retaliate", "tell", "ask", "hope", "want", "seek", "plan", "decide", "sign", "offer",
    "propose", "expel", "recall", "summon", "blame", "criticize", "criticise", "welcome", "support",
    "dismiss", "report", "confirm", "declare", "invade", "annex", "recognize", "recognise", "negotiate",
    "believe", "fear", "argue", "suggest", "admit", "acknowledge", "promise", "approve", "veto", "impose",
}
# verbs whose object is an agent ("accused Kyiv of ...")
AGENT_OBJECT_VERBS = {"accuse", "blame", "urge", "warn", "criticize", "criticise", "condemn", "thank",
                      "sanction", "ask", "tell", "pressure", "invite", "persuade", "back", "call", "support",
                      "arm", "fund", "help", "supply", "join", "defeat"}
LABELS = {"GPE", "LOC", "FAC"}
# a legislator's party and home town: "Rep. Torrey Westrom, R-Elbow Lake", "(D-Pleasanton)"
PARTY = r"(?:R|D|I|DFL)-"
HOMETOWN = re.compile(rf"(?<=[,(] ){PARTY}((?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?)\b")
# "Anderson County Sheriff Greg Taylor", "Huntsville Fire Chief Tom Grisham": an office of a place
TITLED = re.compile(r"^(?:[A-Z][a-z]+ ){1,3}(?:Sheriff|Police|Fire|Mayor|Clerk|Commissioner|Judge|Coroner|Parks|"
                    r"Superintendent|Manager|Attorney|Chief|Council|Councilman|Councilwoman|Alderman|Treasurer)\b")
# laws, treaties, competitions and unions: a demonym at their head is part of a title, not a
# place ("the European Union" is not Europe)
NAMED_THING = re.compile(r"\b(?:Act|Law|Bill|Treaty|Accords?|Cup|League|Championships?|Games|Open|Idol|Union)$")
STATE_OR_COUNTRY_AFTER = re.compile(r",\s+[A-Z]")
ROUTE_NUMBER = re.compile(r"\.?\s+\d{1,3}(?![\d,.\-/%]|\s+(?:percent|million|billion|years?)\b)")  # "W.Va. 61", "U.S. 287"
# a town's own bodies: "the Berea Police Department", "Paris City Council" (not "Punjab police":
# states and provinces have police forces too)
MUNICIPAL = re.compile(r"\s+(?:Police Department|Police Dept|City Council|city council|City Hall|city hall|"
                       r"Mayor\b|mayor\b|City Manager|city manager|Fire Department|fire department)")
# "Barrow, Jackson and Madison counties", "Otter Tail and Wilkin counties"
COUNTY_LIST = re.compile(r"\b((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?,\s+)*[A-Z][a-z]+(?: [A-Z][a-z]+)?,?\s+(?:and|or)\s+"
                         r"[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(counties|parishes)\b")
# "St. Mary's High School", "St Patrick's Day": a church, school or feast named for a saint
SAINTS_DAY = re.compile(r"(?:St\.?|Saint)\s")
# "a Huntsville man", "Gainesville residents", "Roselle police", "Northbrook-based": a town's people or bodies
LOCAL_NOUNS = re.compile(r"(?:\s+|-)(?:man|woman|men|women|boy|girl|teen|teenager|couple|family|families|resident|"
                         r"residents|native|natives|police|officers?|firefighters|officials|voters|developer|"
                         r"homeowners|businesses|schools|area|based)\b")
# "the village of X", "X village", "X (Y, Z)" with places Y and Z: a settlement by the words
# around it, whatever the model called the name
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
SETTLEMENT_NAMED = re.compile(rf"\b(?:village|town|settlement|hamlet|locality)\s+of\s+({_NAME})|"
                              rf"\b({_NAME})\s+(?:village|town|hamlet|settlement|locality)\b|"
                              rf"\b({_NAME})\s*\((?=[A-Z][^()]{{1,80}}\))")
LOCATIVE = re.compile(r"\b(?:in|near|outside)\s+$")
# "around Vicente Lopez (Buenos Aires)": an unknown name after a locative word, its holders in brackets
NAME_BRACKETED = re.compile(r"\b(?:in|near|at|around|outside|of)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
                            r"(?=\s*\([^()]{1,80}\))|"
                            r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})(?=\s+(?:area|village|town|sector|district|"
                            r"neighbou?rhood|locality|camp)\s*\([^()]{1,80}\))")
KIND_BRACKETS = re.compile(r"\s+(?:area|village|town|sector|district|neighbou?rhood|locality|camp)\s*\(([^()]{1,80})\)")
BRACKETS = re.compile(r"\s*\(([^()]{1,80})\)")
BACKED = re.compile(r"-(?:led|backed|based|born|allied|aligned|funded|sponsored|made|supported)\b")
TOWN_WORD = re.compile(r"\s+(?:city|town|village)\b", re.I)
# "Black Sea junction", "Africa Square": a landmark named after a sea or a continent
LANDMARK = re.compile(r"\s+(?:junction|roundabout|square|market|bridge|hotel|school|hospital|prison|mosque|church|"
                      r"stadium|restaurant|cafe|mall|building|tower)\b", re.I)
# "Taylor Street", "Decatur Boulevard", "Lakeview and Harrison streets": a street's name, not the town's
# "the US dollar", "Hong Kong dollars": a currency named for its country, not a place
CURRENCY = re.compile(r"\s+(?:dollars?|euros?|yuan|rupees?|rupiahs?|francs?|pesos?|r[ou]bles?|shillings?|"
                      r"dinars?|dirhams?|riyals?|rials?|liras?|reais|yen|cedis?|nairas?|hryvnias?)\b",
                      re.I)
STREET = re.compile(r"(?:\s+and\s+[A-Z][a-z]+)?\s+(?:streets?|st\.|avenues?|ave\.|roads?|rd\.|drive|dr\.|lanes?|ln\.|"
                    r"boulevard|blvd\.?|court|ct\.|way|place|pl\.|terrace|circle|parkway|pkwy\.?|pike|alley)\b", re.I)
# a town's own bodies ("Dublin City Council", "DeKalb Police"); not schools, hospitals or
# libraries, which are as often named after people ("Ripley High School", "Smith Hospital")
ORG_NOUNS = re.compile(r"^\s+(County|Parish|Township|Police|Sheriff|Department|City Council|City Hall|Fire|"
                       r"Public Schools|City Schools|Regional|Municipal|Airport|Mayor|Council|Commission|Board|Area|"
                       r"Chamber|Courthouse)\b")
# "Tennessee Colony", "Meadow Grove", "Avondale Estates": a settlement named after another
# place; when the gazetteer lacks the whole, its first word is not where it lies
SETTLEMENT_HEADS = {"Colony", "Grove", "Woods", "Estates", "Heights", "Hills", "Hill", "Park", "Village",
                    "Springs", "Falls", "Beach", "Junction", "Center", "Centre", "Mills", "Orchard", "Plains",
                    "Plaine", "Ridge", "Point", "Landing", "Crossing", "Gardens", "Acres", "Shores", "Lakes",
                    "Meadows", "Manor"}
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# words that may stand before a place's name without being part of it ("Greater Atlanta")
NAME_PREFIXES = {"greater", "downtown", "metro", "suburban", "rural", "upstate", "downstate", "old", "coastal",
                 "inner", "outer", "occupied", "liberated", "historic", "neighboring", "neighbouring", "nearby"}
STOP_NAMES = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central",
              "western", "eastern", "northern", "southern", "mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov",
              "gen", "col", "capt", "sgt", "lt", "st", "mt", "act", "man", "day", "earth", "titan", "gulf", "metro",
              "white house", "bo", "god", "city", "county", "state", "street", "park", "lake", "river",
              "university", "college", "church", "news", "police", "court", "house", "senate", "congress", "union",
              "republic", "kingdom", "president", "minister", "army", "forces", "people", "world", "national"}


def _mention(text: str, start: int, end: int) -> Mention:
    """A mention, widened over a following region word ("Donetsk region", "Kharkiv oblast"),
    without a possessive the model left on it ("Boone County’s rate")."""
    if text[end - 2:end] in ("'s", "’s") and end - start > 3:
        end -= 2
    elif text[end - 1:end] in ("'", "’") and end - start > 3:
        end -= 1  # "the United States' health care"
    m = REGION_WORDS.match(text[end:end + 20])
    region_word = bool(m) or bool(re.search(r"\b(region|oblast|province|governorate)$", text[start:end], re.I))
    if m:
        end += m.end()
    return Mention(start, end, text[start:end], region_word=region_word)


TAKE_VERBS = {"shell", "attack", "strike", "hit", "bomb", "capture", "seize", "storm", "take", "recapture",
              "liberate", "encircle", "surround", "enter", "reach", "visit", "evacuate", "raid", "besiege",
              "defend", "flee", "leave", "target", "pound", "overrun", "retake", "occupy", "bombard"}


def _capitalised(tok) -> bool:
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 2)) or tok.text in ("U.S.", "D.C.") \
        or bool(re.fullmatch(r"(?:[A-Z]\.){2,3}|[A-Z][a-z]{1,4}\.", tok.text))


def _surname(person) -> str:
    """The last word of a person's name ("Martha Rose May Martin’s": Martin), not the
    possessive the model may keep in it."""
    return next((t.text for t in reversed(person) if t.is_alpha), person[-1].text)


def _an_era(text: str, start: int, end: int) -> bool:
    """"250 B.C." is a date, not British Columbia."""
    return text[start:end] == "B.C." and re.search(r"\d\s*$", text[max(0, start - 6):start]) is not None


def _a_road(text: str, start: int, end: int) -> bool:
    """"W.Va. 61", "U.S. 287": a road named after its state (the state is in its name)."""
    return "." in text[start:end] and ROUTE_NUMBER.match(text, end) is not None


def _settlement_follows(doc, j: int) -> bool:
    """The word after token j-1 makes the name another settlement's ("Tennessee Colony")."""
    return j < len(doc) and doc[j].text in SETTLEMENT_HEADS and bool(doc[j - 1].whitespace_)


def _word_of_longer_name(doc, i: int, j: int, taken) -> bool:
    """Tokens i..j-1 are a word of a longer name the gazetteer does not know: a proper noun
    joined before them ("Meadow Grove", "New Concord") or a settlement's head word after them
    ("Tennessee Colony"), unless that word is a place already found ("Columbus Ohio") or a
    word that qualifies a place ("Greater Atlanta", "Northeast Georgia")."""
    if _settlement_follows(doc, j):
        return True
    if i == 0:
        return False
    p = doc[i - 1]
    if not (p.whitespace_ and p.pos_ == "PROPN" and _capitalised(p)) or p.is_stop or p.text.endswith("."):
        return False
    if p.ent_type_ in NUMERIC_LABELS:
        return False
    low = p.lower_
    if low in NAME_PREFIXES or low in STOP_NAMES or PART_OF.match(low + " x"):
        return False
    return not any(s <= p.idx < e for s, e in taken)


class _Page:
    """What every finder reads, computed once per article: entities, the capitalised tokens
    (by index) and the people's names of more than one word."""

    def __init__(self, doc, text: str, doc_text: str):
        self.doc, self.text = doc, text
        self.ents = tuple(doc.ents)
        self.doc_text = doc_text  # the text spaCy read: the dateline blanked, offsets the same
        self.caps = token_ids(doc, upper_first=True, text=self.doc_text)
        self.ent_at = {k: e for e in self.ents for k in range(e.start, e.end)}
        self.people = [e for e in self.ents if e.label_ == "PERSON" and len(e) > 1]


@functools.lru_cache(maxsize=1)
def _demonym_words() -> frozenset[str]:
    """Every demonym we know, of countries and of regions ("Russian", "Abkhaz", "Sri Lankan")."""
    return frozenset(vocab.demonyms()) | frozenset(gazetteer.place_demonyms())


@functools.lru_cache(maxsize=1)
def _demonym_first_words() -> frozenset[str]:
    return frozenset(w.split()[0] for w in _demonym_words())


PLACE_KIND_WORDS = frozenset({"city", "town", "village", "district", "sub-district", "subdistrict", "province",
                              "regency", "governorate", "municipality", "region", "oblast", "prefecture",
                              "department"})


@dataclass
class Mention:
    start: int
    end: int
    text: str
    relation: str = "in"
    from_dateline: bool = False
    region_word: bool = False
    town_word: bool = False  # "Huancavelica city", "Badah town": the settlement, not the region named like it
    sure: bool = False  # the model called it a place, or the dateline gave it
    cued: bool = False  # the words around it say place ("in X", "shelled X", "X, Texas")
    municipal: bool = False  # the article gives the name a town's bodies ("X City Council", "X Mayor")
    peers: list[int] = field(default_factory=list)  # places listed with it ("Missouri, New York and Virginia")
    shadowed: set[int] = field(default_factory=set)  # regions named like a big town of theirs
    fixed: list[Entry] | None = None  # the candidates when the words name them ("Russian": Russia)
    state_hint: str | None = None  # GeoNames admin1 code from "X, Texas" / "X, La."
    country_hint: str | None = None  # ISO code from "X, Ukraine"
    inside: list[int] = field(default_factory=list)  # mentions the words put it in ("X, Donetsk", "X (Y, Z)")
    container: bool = False  # the words put another place inside it: read as a region where it can be one
    via_container: bool = False  # no reading inside its container: put at the container instead
    sounded: bool = False  # read by its consonants alone ("Saraqeb" for Saraqib): only inside a named region
    candidates: list[Entry] = field(default_factory=list)
    best: Entry | None = None
    score: float = 0.0


def _settlements_named(text: str, mentions: list[Mention]) -> list[Mention]:
    """Add the settlements the words name that no other finder took ("the village of
    Kelentogo", "Kelentogo (Bankass, Mopti)"): the resolver reads them, or puts them at the
    smallest place the text holds them in. "X (...)" counts only when the brackets hold
    places the finders found, and nothing else."""
    if not may_match(SETTLEMENT_NAMED, text.lower()):
        return mentions  # most articles name no village, town or brackets at all
    spans = [(m.start, m.end) for m in mentions]
    starts = {m.start: m for m in mentions}
    more = []
    for hit in SETTLEMENT_NAMED.finditer(text):
        g = next(k for k in (1, 2, 3) if hit.group(k))
        a, b = hit.start(g), hit.end(g)
        if text[a:b].split()[0].lower() in STOP_NAMES or any(s < b and a < e for s, e in spans):
            continue
        if g == 3:
            close = text.find(")", hit.end())
            inner = [m for m in mentions if hit.end() <= m.start and m.end <= close]
            rest = text[hit.end():close]
            for m in inner:
                rest = rest.replace(m.text, "", 1)
            if not inner or hit.end() not in starts or rest.strip(" ,;") != "":
                continue
        more.append(Mention(a, b, text[a:b], cued=True))
        spans.append((a, b))
    return sorted(mentions + more, key=lambda m: m.start) if more else mentions


def _link_lists(doc, mentions: list[Mention]) -> None:
    """Mentions conjoined in the parse are peers: a list holds one kind of place."""
    at: dict[int, int] = {}
    roots = []
    for k, m in enumerate(mentions):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        roots.append(span.root if span is not None and len(span) else None)
        if span is not None:
            for t in span:
                at[t.i] = k
    for k, root in enumerate(roots):
        if root is None or mentions[k].relation == "demonym":
            continue
        mentions[k].peers = sorted({at[c.i] for c in root.conjuncts if c.i in at and at[c.i] != k
                                    and mentions[at[c.i]].relation != "demonym"})


def is_metonymy(ent) -> bool:
    """A GPE standing for its government: subject of an agent verb, object of an accusing one."""
    root = ent.root
    if getattr(ent, "label_", "GPE") not in ("GPE", "ORG", ""):
        return False
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in AGENT_VERBS and root.dep_ != "nsubjpass":
        return True
    if root.dep_ == "dobj" and head.lemma_ in AGENT_OBJECT_VERBS:
        return True
    if root.dep_ == "conj" and root.head.dep_ in ("nsubj",) and root.head.head.lemma_ in AGENT_VERBS:
        return True
    return False


LANGUAGE_VERBS = {"speak", "learn", "teach", "study", "translate", "understand", "read", "write", "know"}


def _a_language(span) -> bool:
    """"spoke only French", "classes in Spanish", "French and Farsi": a language, not a country."""
    root = span.root
    if root.dep_ in ("dobj", "conj") and (root.head.lemma_ in LANGUAGE_VERBS or root.head.head.lemma_ in LANGUAGE_VERBS):
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "in" and not (root.i + 1 < len(root.doc) and
                                                                     root.doc[root.i + 1].pos_ in ("NOUN", "PROPN"))


def _a_persons_name(doc, text: str, m: Mention, surnames: set[str]) -> bool:
    """'Nelson said', 'Jones' past', 'Sgt. Tom Ripley ... Ripley told': a name that is a
    person's in this article is not a place, unless a locative word stands before it."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    before = text[max(0, m.start - 12):m.start].lower()
    if re.search(r"\b(in|at|near|from|to|outside|of)\s+(the\s+)?$", before):
        return False
    tok = span[0]
    if tok.dep_ == "nsubj" and tok.head.lemma_ in vocab.reporting_verbs():
        return True
    return tok.text in surnames


class Finder:
    """Finds the place mentions of an article, with the places stage's options."""

    def __init__(self, gaz: gazetteer.Gazetteer, *, labels: set[str], min_matcher_population: int,
                 min_in_name_population: int, drop_metonymy: bool, demonyms: bool, propagate: bool):
        self.gaz = gaz
        self.labels = labels
        self.min_matcher_population = min_matcher_population
        self.min_in_name_population = min_in_name_population
        self.drop_metonymy = drop_metonymy
        self.demonyms = demonyms
        self.propagate = propagate

    def mentions(self, reading: Reading) -> list[Mention]:
        text, doc = reading.article.text, reading.doc
        page = _Page(doc, text, parse_text(reading.article))  # == doc.text, without spaCy joining tokens
        out: list[Mention] = []
        dl = reading.article.dateline
        if dl is not None and dl.location_text:
            parts = dl.location_text.split(",")
            city = parts[0].strip()
            hint_cc = hint_state = None
            if len(parts) > 1:
                hint_cc, hint_state = area_hint(self.gaz, parts[1].strip(), city)
            s = dl.location_start
            out.append(Mention(s, s + len(city), text[s:s + len(city)], relation=dl.relation, from_dateline=True,
                               country_hint=hint_cc, state_hint=hint_state))
            if len(parts) > 1 and (hint_cc or hint_state):
                rs = dl.location_start + dl.location_text.index(parts[1].strip(), len(city))
                out.append(Mention(rs, rs + len(parts[1].strip()), parts[1].strip()))
        taken = [(m.start, m.end) for m in out]
        demonyms = _demonym_words()
        for ent in page.ents:
            name = ent.text  # (a Span joins its tokens' text at each call)
            cut = min((name.find(c, 1) for c in ("(", ", ") if name.find(c, 1) > 0), default=None)
            if cut is not None and ent.label_ in ("GPE", "LOC", "ORG", "PERSON") \
                    and (ent.label_ != "PERSON" or "(" in name):
                # "Titao (Titao, Loroum", "Zacatecas, Zacatecas": the model ran past the name into
                # its brackets or the region after it; the brackets and the rest are read by
                # `_bracketed` and the chain rules
                ent = doc.char_span(ent.start_char, ent.start_char + cut, label=ent.label_, alignment_mode="contract")
                if ent is None or not ent.text.strip():
                    continue
                name = ent.text
            if ent.label_ == "ORG" and LOCATIVE.search(text, max(0, ent.start_char - 12), ent.start_char) \
                    and " " not in name and any(e.feature_code.startswith("PPL") and e.population >= 50_000
                                                    for e in self.gaz.lookup(name)):
                # "in Petion-Ville" tagged ORG: one word that names a sizeable town, after "in"
                ent = doc.char_span(ent.start_char, ent.end_char, label="GPE")
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            if ent.label_ in self.labels and (part := self._part_of(text, ent)) is not None:
                out.append(part)  # "Northeast Georgia", "East Texas": a part of the named place
                taken.append((part.start, part.end))
                continue
            if (ent.label_ == "ORG" or ent.label_ in self.labels and not self.gaz.lookup(re.sub(r"['’]s$", "", name))
                or ent.label_ == "PERSON" and TITLED.search(name)) and \
                    (inner := self._in_name(text, ent)) is not None:
                out.append(inner)  # "the Georgia Bureau of Investigation", "University of Texas"
                taken.append((ent.start_char, ent.end_char))
                continue
            if ent.label_ not in self.labels and not (
                    ent.label_ in ("ORG", "NORP", "PERSON") and any(
                        e.feature_code in ("PCLI", "ADM1", "RGN", "SEA", "STM", "OCN") for e in self.gaz.lookup(name))):
                continue  # the model sometimes calls a region an ORG ("attack on Crimea")
            if self.drop_metonymy and is_metonymy(ent):
                continue
            if self.demonyms and name in demonyms and not self.gaz.lookup(name):
                continue  # "the Sri Lankan establishment", tagged GPE: the demonym finder reads it
            if ent.label_ in self.labels and (ent := self._whole_name(page, ent)) is None:
                continue
            name = ent.text
            start = ent.start_char + (4 if name.lower().startswith("the ") else 0)
            if party := re.match(PARTY + "(?=[A-Z])", name):
                start += party.end()  # "D-Iowa City"
            out.append(_mention(text, start, ent.end_char))
            if out[-1].end < ent.end_char and name[-2:] in ("'s", "’s") and any(norm(e.name) == norm(name) for e in self.gaz.lookup(name)):
                out[-1] = Mention(start, ent.end_char, text[start:ent.end_char])  # "St. John's" is its name
            out[-1].sure = ent.label_ in ("GPE", "LOC")
            taken.append((start, out[-1].end))
        if self.demonyms:
            out.extend(self._demonyms(page, taken))
        out.extend(self._matcher(page, taken))
        surnames = {_surname(e) for e in page.people}
        out = [m for m in out if m.from_dateline or not self._not_a_place(page, m, surnames)]
        self._parts_of_named(text, out)
        out = self._counties_listed(text, out)
        if self.propagate:
            out.extend(self._again(page, out))
        out.sort(key=lambda m: m.start)
        hints(self.gaz, text, out)
        extra = self._states_named_after(text, out) + self._lists_and_hometowns(page, out)
        if extra:
            out = sorted(out + extra, key=lambda m: m.start)
        out = _settlements_named(text, self._bracketed(text, out))
        _link_lists(doc, out)
        containers(text, out)
        towns = {norm(m.text) for m in out if MUNICIPAL.match(text, m.end)}
        for m in out:
            m.municipal = norm(m.text) in towns
            m.town_word = not m.region_word and TOWN_WORD.match(text, m.end) is not None
            if _a_road(text, m.start, m.end):
                m.relation = "in_name"  # "U.S. 287" names a road, never where something happened
            elif m.relation == "in" and BACKED.match(text, m.end):
                m.relation = "demonym"  # "Saudi-led", "Iran-backed": whose side, not where
        return out

    def _states_named_after(self, text: str, found: list[Mention]) -> list[Mention]:
        """"Ridge Farm, Ill.", "Thackerville, Okla.": the state is a place mention too."""
        taken = [(m.start, m.end) for m in found]
        more = []
        for m in found:
            abbr = STATE_AFTER.match(text, m.end, m.end + 12)
            if not abbr or abbr.group(1) not in self.gaz.state_abbr:
                continue
            a, b = abbr.start(1), abbr.end(1)
            states = [e for e in self.gaz.lookup(abbr.group(1)) if e.feature_code == "ADM1"]
            if states and not any(s < b and a < e for s, e in taken):
                more.append(Mention(a, b, text[a:b], fixed=states[:1]))
                taken.append((a, b))
        return more

    def _lists_and_hometowns(self, page: _Page, found: list[Mention]) -> list[Mention]:
        """Names listed with a place ("Leavenworth and Shawnee", "Dodge City, Great Bend,
        Hutchinson") and a legislator's home town ("Sen. Ken Cuccinelli, R-Fairfax") are
        places when the gazetteer knows them."""
        doc, text = page.doc, page.text
        taken = [(m.start, m.end) for m in found]
        people = {k for e in page.people for k in range(e.start, e.end)}
        more: list[Mention] = []

        def add(a: int, b: int) -> None:
            name = text[a:b]
            if any(s < b and a < e for s, e in taken) or norm(name) in STOP_NAMES:
                return
            key = norm(name)  # by its own name: "Israel and Hamas" is not Hamm, called "Hamas" in some language
            if any(e.feature_code.startswith("PPL") and norm(e.name) == key
                   or e.feature_code in ("ADM1", "ADM2") and norm(e.name).startswith(key)  # "Sarpy County"
                   for e in self.gaz.lookup(name)):
                more.append(Mention(a, b, name))
                taken.append((a, b))

        for m in found:
            if m.relation in NOT_SITES:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span.root.conjuncts:
                if tok.i in people or not _capitalised(tok) or tok.pos_ != "PROPN":
                    continue
                first = tok.i
                while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i == tok.i \
                        and _capitalised(doc[first - 1]):
                    first -= 1
                if doc[first].ent_type_ in NUMERIC_LABELS or _word_of_longer_name(doc, first, tok.i + 1, taken):
                    continue  # "Seven Mile", "Meadow Grove"
                add(doc[first].idx, tok.idx + len(tok))
        for hm in HOMETOWN.finditer(text):
            add(hm.start(1), hm.end(1))
        return more

    def _not_a_place(self, page: _Page, m: Mention, surnames: set[str]) -> bool:
        """A person's name, a street's, a word too common to be a town's, a saint's day or
        church ("St. Mary's"), an acronym, an era ("250 B.C.")."""
        text = page.text
        return _a_persons_name(page.doc, text, m, surnames) or STREET.match(text, m.end) is not None \
            or (m.fixed is None and CURRENCY.match(text, m.end) is not None) \
            or (m.fixed is None and LANDMARK.match(text, m.end) is not None
                and all(e.feature_code in ("SEA", "OCN", "CONT", "RGN") for e in self.gaz.lookup(m.text))) \
            or _an_era(text, m.start, m.end) or norm(m.text) in STOP_NAMES or self._an_acronym(m) \
            or SAINTS_DAY.match(m.text) is not None and self._a_saints_building(text, m)

    def _a_saints_building(self, text: str, m: Mention) -> bool:
        """"St. Mary's High School", "St. John's Lutheran": a church or school; "St. John's,
        N.L." with its province after it is the town, "St. Petersburg's" the city's."""
        end = m.end + (2 if text[m.end:m.end + 2] in ("'s", "’s") else 0)
        if not (end > m.end or m.text[-2:] in ("'s", "’s")) or re.match(r",\s+[A-Z]", text[end:end + 4]):
            return False
        bare = norm(m.text[:-2] if end == m.end else m.text)
        return not any(norm(e.name) == bare and e.population >= 100_000 for e in self.gaz.lookup(bare))

    def _an_acronym(self, m: Mention) -> bool:
        """"TIF districts", "GBI Director": a short all-capital word is an acronym unless it
        names a country or state ("US", "UK", "UAE")."""
        word = m.text.replace(".", "")
        if "." not in m.text and word.isalpha() and 2 < len(word) <= 4 and any(c.isupper() for c in word[1:]) \
                and not word.isupper():
            return True  # "JaS", "HoA": a capital inside a short word is an abbreviation, never a town
        return m.fixed is None and word.isalpha() and word.isupper() and len(word) <= 4 and not any(
            e.feature_code in ("PCLI", "ADM1", "CONT") for e in self.gaz.lookup(m.text))

    def _counties_listed(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"Barrow, Jackson and Madison counties": each name is a county ("Madison County"),
        found or not by the model, and not the town of that name."""
        if not may_match(COUNTY_LIST, text.lower()):
            return mentions  # no "counties" or "parishes" in the text
        more: list[Mention] = []
        drop: set[int] = set()
        for lm in COUNTY_LIST.finditer(text):
            word = "County" if lm.group(2).lower() == "counties" else "Parish"
            for nm in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", lm.group(1)):
                name = nm.group(0)
                a = lm.start(1) + nm.start()
                b = a + len(name)
                counties = [e for e in self.gaz.lookup(f"{name} {word}") if e.feature_code == "ADM2"]
                if not counties:
                    continue
                drop |= {id(m) for m in mentions if m.start < b and a < m.end}
                more.append(Mention(a, b, name, fixed=counties, region_word=True))
        if not more:
            return mentions
        return sorted([m for m in mentions if id(m) not in drop] + more, key=lambda m: m.start)

    def _parts_of_named(self, text: str, mentions: list[Mention]) -> None:
        """"the North Richmond neighborhood ... Richmond police": a compass word before a
        name the article also uses alone is a part of that place, when all the gazetteer
        knows by the longer name is a few small towns (North Richmond, California) - not
        "South Sudan", "North Carolina" or the city of South St. Paul."""
        alone = {norm(m.text) for m in mentions}
        for m in mentions:
            part = PART_OF.match(m.text)
            if part and m.relation == "in" and not m.from_dateline and norm(part.group(2)) in alone and all(
                    e.feature_code.startswith("PPL") and e.population < 10_000 for e in self.gaz.lookup(m.text)):
                m.start += part.start(2)
                m.text = text[m.start:m.end]
                m.relation = "part"

    def _again(self, page: _Page, found: list[Mention]) -> list[Mention]:
        """A name read as a place once is a place wherever else the article writes it
        ("Gainesville" in the dateline, then "55 Gainesville residents" the model took for a
        person): one sense per article, unless a longer person's name holds it ("James
        Madison") or it names a street. Inside an organisation's name it is "in_name"."""
        doc, text, ents = page.doc, page.text, page.ent_at
        people = {t.lower_ for e in page.people for t in e}
        sources = [m for m in found if m.relation != "demonym" and (
            m.sure or m.from_dateline or m.state_hint or m.country_hint or len(m.text.split()) > 1)]
        names = {norm(m.text) for m in sources}
        names = {n for n in names if n and n not in STOP_NAMES and n not in people}
        if not names:
            return []
        firsts = {m.text.split()[0].lower() for m in sources if m.text.split()}
        longest = 2 * max(len(n.split()) for n in names)  # tokens: "Jisr al-Shughur" is four
        taken = [(m.start, m.end) for m in found]
        more: list[Mention] = []
        for i in page.caps:
            if doc[i].lower_ not in firsts:
                continue
            for n in range(min(longest, len(doc) - i), 0, -1):
                span = doc[i:i + n]
                if span[-1].is_punct or norm(span.text) not in names:
                    continue  # not "Goma ." at a sentence's end
                a, b = span.start_char, span.end_char
                if any(s < b and a < e for s, e in taken) or STREET.match(text, b) or _an_era(text, a, b) \
                        or SAINTS_DAY.match(span.text) \
                        and span.text[-2:] in ("'s", "’s") and self._a_saints_building(text, Mention(a, b, span.text)):
                    break  # "St. John's, N.L." found, "St. John's Lutheran Church" is not the town
                ent = ents.get(i)
                inside = ent is not None and (ent.start < i or ent.end > i + n)
                if inside and ent.label_ in ("PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"):
                    break
                if self.drop_metonymy and is_metonymy(ent if ent is not None and not inside else span):
                    break
                relation = "in_name" if inside and ent.label_ in ("ORG", "FAC") else "in"
                more.append(Mention(a, b, span.text, relation=relation, cued=True))  # read as a place before
                taken.append((a, b))
                break
        return more

    def _bracketed(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"Burunga (Arraijan)", "Titao (Titao, Loroum)": the names in brackets after a place
        are the places that hold it, found by the gazetteer whatever their size or the model's
        label for them."""
        if "(" not in text:
            return mentions  # every pattern here reads a bracket
        spans = [(m.start, m.end) for m in mentions]
        more = []
        named = []
        for x in NAME_BRACKETED.finditer(text):
            g = 1 if x.group(1) else 2
            if not any(s < x.end(g) and x.start(g) < e for s, e in spans) and x.group(g).split()[0].lower() not in STOP_NAMES:
                named.append(Mention(x.start(g), x.end(g), x.group(g), cued=True))
        for m in mentions + named:
            br = BRACKETS.match(text, m.end)
            if br is None and any(m is n for n in named):
                br = KIND_BRACKETS.match(text, m.end)  # "Al Arqoub area (Khwlan, Sanaa)"
            if br is None or m.relation in ("demonym", "in_name"):
                continue
            at = br.start(1)
            for part in br.group(1).split(","):
                a = at + len(part) - len(part.lstrip())
                b = at + len(part.rstrip())
                at += len(part) + 1
                name = text[a:b]
                known = any(x.start == a and x.end == b for x in mentions + more)  # found already: still a holder
                if not known:
                    if not name[:1].isupper() or any(s < b and a < e for s, e in spans) or not self.gaz.lookup(name):
                        continue
                    more.append(Mention(a, b, name, cued=True))
                    spans.append((a, b))
                if any(m is n for n in named) and not any(m is x for x in more):
                    more.append(m)  # the unknown name held by known places: a settlement
                    spans.append((m.start, m.end))
        return sorted(mentions + more, key=lambda m: m.start) if more else mentions

    def _whole_name(self, page: _Page, ent):
        """The model's place widened to the name the gazetteer knows ("Mount" + "Washington",
        "Avondale" + "Estates"), or None when it is a word of a settlement's name the
        gazetteer lacks ("Tennessee" of "Tennessee Colony")."""
        doc = page.doc
        if ent.start > 0 and _capitalised(doc[ent.start - 1]) and doc[ent.start - 1].pos_ == "PROPN" \
                and page.ent_at.get(ent.start - 1) is None and self.gaz.lookup(doc[ent.start - 1:ent.end].text):
            ent = doc[ent.start - 1:ent.end]
        if ent.end + 1 < len(doc) and doc[ent.end].text == "." and not doc[ent.end - 1].whitespace_ \
                and _capitalised(doc[ent.end + 1]) and self.gaz.lookup(doc[ent.start:ent.end + 2].text):
            ent = doc[ent.start:ent.end + 2]  # "Sault Ste" + ". Marie"
            if ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s") and self.gaz.lookup(doc[ent.start:ent.end + 1].text):
                ent = doc[ent.start:ent.end + 1]  # "St. John's"
        # "Ivano" + "-Frankivsk", "Sud" + "-Kivu": the tokenizer splits a hyphenated name
        while ent.end + 1 < len(doc) and doc[ent.end].text in ("-", "‐") and not doc[ent.end - 1].whitespace_ \
                and not doc[ent.end].whitespace_ and _capitalised(doc[ent.end + 1]) \
                and self.gaz.lookup(doc[ent.start:ent.end + 2].text):
            ent = doc[ent.start:ent.end + 2]
        for n in (2, 1):  # "Newfoundland" + "and Labrador", "Trinidad" + "and Tobago"
            if ent.end + n < len(doc) and doc[ent.end].lower_ == "and" \
                    and all(_capitalised(t) for t in doc[ent.end + 1:ent.end + 1 + n]) \
                    and any(e.feature_code in ("PCLI", "ADM1") for e in self.gaz.lookup(doc[ent.start:ent.end + 1 + n].text)):
                ent = doc[ent.start:ent.end + 1 + n]
                break
        if _settlement_follows(doc, ent.end):
            if not self.gaz.lookup(doc[ent.start:ent.end + 1].text):
                return None
            ent = doc[ent.start:ent.end + 1]
        return ent

    def _part_of(self, text: str, ent) -> Mention | None:
        """A compass word before a place the gazetteer knows, the whole unknown to it."""
        m = PART_OF.match(ent.text)
        if m is None or self.gaz.lookup(ent.text) or not self.gaz.lookup(m.group(2)):
            return None
        start = ent.start_char + m.start(2)
        return Mention(start, ent.end_char, text[start:ent.end_char], relation="part")

    def _in_name(self, text: str, ent) -> Mention | None:
        """A place named at the head ("Ohio Supreme Court", "DeKalb Police") or at the
        "of"/"in" tail ("University of Georgia", "Lutheran School in Lombard") of an
        organisation's name: kept with relation "in_name", which says where the body is,
        never where an event happened."""
        words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        if len(words) < 2:
            return None
        kind = next((k for k in range(1, len(words)) if words[k].lower_ in PLACE_KIND_WORDS), None)
        if kind is not None and all(t.lower_ in PLACE_KIND_WORDS for t in words[kind:]) \
                and all(_capitalised(t) for t in words[:kind]):
            # "Jayapura city", "Papua province", "Hays District": the place itself, not a body's name
            a, b = words[0].idx, words[kind - 1].idx + len(words[kind - 1])
            if self.gaz.lookup(text[a:b]):
                region = words[kind].lower_ not in ("city", "town", "village")
                end = words[-1].idx + len(words[-1]) if region else b
                return Mention(a, end, text[a:end], region_word=region, sure=ent.label_ in ("GPE", "LOC"))
        tries = [words[:n] for n in (3, 2, 1) if n < len(words)]
        if words[-2].lower_ in ("of", "in"):
            tries.append(words[-1:])
        where = words[-2].lower_ == "in"
        for toks in tries:
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
            name = text[a:b]
            hits = self.gaz.lookup(name)
            # a country or state by any of its names ("U.S. House", "S.C. Highway Patrol", "West
            # Virginia Lottery"); else the name itself (not "Stevens" for Stevens County), a
            # town big enough that a one-word name is not just a surname or a word
            states = [e for e in hits if e.feature_code in ("PCLI", "ADM1") and (
                norm(e.name) == norm(name) or "." in name or name.isupper() and len(name) <= 4)]
            state = bool(states)
            big_state = any(e.feature_code == "PCLI" or self.gaz.admin1_population.get(e.admin1_code, 0) >= 300_000
                            for e in states)
            if not all(_capitalised(t) for t in toks) or norm(name) in STOP_NAMES or toks[-1].is_stop \
                    or text[b:b + 1] == "-" or PART_OF.match(name + " x") and not (big_state and len(toks) > 1) \
                    or _settlement_follows(ent.doc, toks[-1].i + 1):
                continue  # "Wal-Mart", "Northeast ...", "Tennessee Colony"
            floor = self.min_in_name_population * (1 if len(toks) > 1 else 5)
            if MUNICIPAL.match(text, b) or where and toks[0] is words[-1]:
                floor = 1000  # "the DeKalb City Council", "Lutheran School in Lombard": a town
            county = re.search(r"\b(County|Parish|Borough)$", name) is not None
            if state or any(norm(e.name) == norm(name) and (e.population >= floor or county and e.feature_code == "ADM2")
                            for e in hits):
                return Mention(a, b, name, relation="in_name")
        return None

    def _demonyms(self, page: _Page, taken) -> list[Mention]:
        """"Russian officials", "Sri Lankan politics", "the Abkhaz side": the adjective names
        a country or region, kept with relation "demonym" (the words stay an actor where
        they are one; the place is never an event's). Not a language ("speaks Russian") nor
        half of an ethnic compound ("Mexican-American")."""
        doc = page.doc
        found: list[Mention] = []
        countries, regional = vocab.demonyms(), gazetteer.place_demonyms()
        firsts = _demonym_first_words()
        for i in page.caps:
            if doc[i].text not in firsts:
                continue
            for n in (2, 1):
                span = doc[i:i + n]
                if len(span) < n or span.text not in countries and span.text not in regional:
                    continue
                ent = page.ent_at.get(i)
                if any(s < span.end_char and span.start_char < e for s, e in taken) or ent is not None and (
                        ent.label_ in ("LANGUAGE", "WORK_OF_ART", "LAW")
                        or ent.label_ == "PERSON" and (ent.start, ent.end) != (span.start, span.end)):
                    break  # the model may call "Sri Lankan" a person, but not "Frank American"
                if ent is not None and ent.end > span.end and NAMED_THING.search(ent.text):
                    break  # "the American Recovery and Reinvestment Act", "the Egyptian Premier League"
                nxt = doc[span.end:span.end + 2]
                if _settlement_follows(doc, span.end):
                    break  # "Indian Orchard", "American Falls": a town's name
                if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "pro":
                    break  # "pro-Russian": a stance
                if len(nxt) and (nxt[0].text == "American" or (nxt[0].text == "-" and nxt[-1].text in ("American", "speaking"))):
                    break  # "Mexican-American", "Russian-speaking"
                if _a_language(span) or (span.start > 0 and doc[span.start - 1].lower_ == "native"):
                    break
                cc = countries.get(span.text)
                if cc:
                    fixed = [e for e in [self.gaz.country(cc)] if e is not None]
                else:
                    fixed = [e for e in self.gaz.lookup(regional.get(span.text, ""))
                             if e.feature_code in ("PCLI", "ADM1", "RGN", "CONT")][:1]
                if fixed:
                    found.append(Mention(span.start_char, span.end_char, span.text, relation="demonym", fixed=fixed))
                    taken.append((span.start_char, span.end_char))
                break
        return found

    def _matcher(self, page: _Page, taken) -> list[Mention]:
        """Gazetteer names the model missed or mislabelled (ORG, PERSON, FAC ...), taken when the
        words around them say place: "in X", "X, Texas", "X Police Department", "X County";
        countries, regions and large towns are taken anywhere but inside a person's name."""
        doc, text = page.doc, page.text
        found: list[Mention] = []
        skip_labels = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "LAW", "LANGUAGE", "NORP"}
        toks: dict[int, object] = {i: doc[i] for i in page.caps}  # none else is capitalised
        caps = [False] * len(doc)
        for k, t in toks.items():
            caps[k] = _capitalised(t)
        dtext = page.doc_text
        demonyms = _demonym_first_words()
        size = len(doc)
        nxt = 0  # where the next name may begin: after the last one taken
        for i in [k for k in page.caps if caps[k]]:  # a name begins with a capitalised word
            if i < nxt:
                continue
            if toks[i].ent_type_ in skip_labels and not (toks[i].ent_type_ == "NORP" and toks[i].text not in demonyms):
                continue  # the model may call a town a people ("Greer, South Carolina")
            for n in (4, 3, 2, 1):
                if i + n > size or not caps[i + n - 1] or not all(caps[i + k] or 0 < k < n - 1 and (
                        doc[i + k].lower_ in ("of", "de") or doc[i + k].text in (".", "-") and not doc[i + k - 1].whitespace_)
                        for k in range(n)):
                    continue  # "Bay of Islands", "Sault Ste. Marie", "Sud-Kivu"
                a, b = toks[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1])
                if any(s < b and a < e for s, e in taken) or norm(dtext[a:b]) in STOP_NAMES \
                        or _word_of_longer_name(doc, i, i + n, taken):
                    continue
                if toks[i].is_stop or doc[i + n - 1].is_stop or (n == 1 and toks[i].pos_ != "PROPN" and toks[i].is_sent_start):
                    continue
                span = doc[i:i + n]
                ent = page.ent_at.get(i)
                if ent is not None and ent.label_ not in LABELS and (ent.start < i or ent.end > i + n) \
                        and page.ent_at.get(i + n - 1) is ent:
                    continue  # a word of a longer name ("the White House"): _in_name reads those
                hits = self.gaz.lookup(dtext[a:b])
                if not hits or not self._looks_like_place(span, hits, page):
                    continue
                if toks[i].ent_type_ == "NORP" and toks[i].pos_ == "ADJ" and not STATE_OR_COUNTRY_AFTER.match(text, b):
                    continue  # a people's adjective ("the Arab world"), not a name ("in Pewaukee")
                if self.drop_metonymy and is_metonymy(span):
                    break
                found.append(_mention(text, span.start_char, span.end_char))
                found[-1].cued = True  # big names are taken anywhere only by their own names
                taken.append((span.start_char, found[-1].end))
                nxt = i + n
                break
        return found

    def _looks_like_place(self, span, hits: list[Entry], page: _Page) -> bool:
        text = page.text
        person = span[0].ent_type_ == "PERSON"
        ent = page.ent_at.get(span.start)
        person_words = person and ent is not None and ent.label_ == "PERSON" and len(ent) > len(span)
        before = text[max(0, span.start_char - 12):span.start_char].lower()
        after = text[span.end_char:span.end_char + 30]
        # big enough to be taken anywhere: by its own name, not as an alternate of a big place
        # ("Soul" for Seoul, "Julia" for Plovdiv, "Hamas" for Hamm)
        key = norm(span.text)
        big = any(e.feature_code in ("PCLI", "ADM1", "SEA", "RGN", "STM", "OCN")
                  or e.population >= self.min_matcher_population and norm(e.name) == key for e in hits)
        other_entity = span[0].ent_type_ in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC")
        if person_words:
            return False  # "according to Linda Daily"
        if re.search(r"\b\d{1,3},\s+of\s+$", before) and not person_words:
            return True  # "Rebecca Sears, 41, of Grovetown": a person's home town
        if re.search(r"\b(in|on|at|from|near|to|outside|across|into|toward|towards|around|through|off)\s+(the\s+)?$", before):
            return not person or big or any(e.population >= 5000 for e in hits)
        wide = text[max(0, span.start_char - 30):span.start_char].lower()
        if re.search(r"\b(?:areas?|outskirts|cent(?:re|er)|city|town|village|mayor|residents|governor|province|district|"
                     r"region|suburbs?|streets|parts|shelling|bombing|attacks?|siege|capture|fall|liberation|north|"
                     r"south|east|west|heart|edge)\s+of\s+$", wide):
            return not person  # "the outskirts of X", "the mayor of X", "shelling of X"
        nxt = re.match(r",\s+((?:[A-Z][a-z]{1,4}\.)|(?:[A-Z]\.){2}(?:[A-Z][a-z]\.)?|[A-Z][a-z]+(?: [A-Z][a-z]+)?)", after)
        if nxt and (nxt.group(1) in self.gaz.state_abbr or any(
                e.feature_code in ("ADM1", "PCLI") for e in self.gaz.lookup(nxt.group(1)))):
            return True  # "X, Texas", "X, Ind.", "X, Ukraine"
        inside = IN_REGION.match(after)
        if inside and not person_words and (not person or any(e.population >= 100_000 for e in hits)) and any(e.feature_code in ("ADM1", "PCLI") for e in self.gaz.lookup(inside.group(1))):
            return True  # "Perth in Western Australia", "Hyderabad in Pakistan"
        if ORG_NOUNS.match(after):
            return True
        if LOCAL_NOUNS.match(after) and not person_words and any(
                e.feature_code.startswith("PPL") and e.population >= 1000 or e.feature_code in ("ADM1", "ADM2")
                for e in hits):
            return True  # "a Huntsville man", "Roselle police", "Northbrook-based"
        if span.root.dep_ in ("dobj", "advmod", "npadvmod") and span.root.head.lemma_ in TAKE_VERBS:
            return True  # "shelled Avdiivka": what is shelled or captured is a place
        if other_entity or (span[0].is_sent_start and len(span) == 1 and not big):
            return False
        return big

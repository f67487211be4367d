"""Resolving: each name put on the gazetteer entry the evidence favours.

The evidence a reader uses, summed per candidate: the kind and size of the place, the
article's countries and states (dateline, "X, Texas", other names, never a name's own
repetitions), towns named together lying together, lists holding one kind of place, and
closeness to the other places; three passes so that places settle each other.
"""
from __future__ import annotations

import math
import re
from difflib import SequenceMatcher

from ... import gazetteer
from ...gazetteer import Entry, norm
from .finding import Mention
from .relations import NOT_SITES, REGION_WORDS

_AREAS = ("PCLI", "ADM1", "SEA", "OCN", "RGN", "CONT")  # too large for a point distance to mean anything
MUNICIPAL_WEIGHT = 1.5  # a name with a town's council or police department is no state or country
POINTLESS = frozenset({"PCLI", "SEA", "OCN", "RGN", "CONT"})  # no use as a neighbour's point either
# Evidence weights, in the units of the kind-and-size prior (a country 2.2, a town of 1M 1.2):
# set by hand, one per kind of evidence, and checked on the LGL dev set (README), not fitted
COLOCATED_WEIGHT, COLOCATED_KM = 1.0, 30.0  # a candidate within ~30 km of another name's
STATE_WEIGHT = 1.5  # times the share of the article's other names in the candidate's state
DEMONYM_WEIGHT = 0.15  # the country of a people named ("Russian"): weak
LIST_WEIGHT = 1.5  # the kind of place every other member of its list is
NAMED_STATE_WEIGHT = 0.8  # a state or province the article names elsewhere
SHADOW = 1.0  # a region named like a big town of its country ("New York"), a town named like its state
PARTNER_SHARE = 20  # a co-located partner town has at least 1/20 the population of its name's biggest
NAMESAKE_SHARE = 20  # a town under 1/20 of its name's biggest (a city of 500,000 or more) is its namesake


_DISTRICT_WORD = re.compile(r"\b(?:district|county|parish|borough|raion|rayon)\b", re.I)


def _prior(e: Entry, m: Mention, region_people: int | None = None) -> float:
    fc = e.feature_code
    if fc == "PCLI":
        p = 2.2 + 0.001 * math.log10(e.population + 1)  # "Congo", said alone: the bigger, other things equal
    elif fc == "ADM1":
        # "Texas", "Georgia": the state's own name; "Kherson", "Idlib": the name of its city,
        # which the region is called after ("Kherson Oblast"). A region whose towns hold few
        # people is seldom the one meant ("Charlotte", a parish of Saint Vincent; "Patrick", a
        # parish of the Isle of Man): less for each tenfold under a million
        # "X region" is the first-level region; "X district", "X county", "X raion" a second-level one
        p = (2.5 if _DISTRICT_WORD.search(m.text) else 3.5) if m.region_word \
            else 1.8 if norm(e.name) == norm(m.text) else 0.9
        if region_people is not None and not m.region_word:
            p -= 0.5 * max(0.0, 6 - math.log10(region_people + 10))
    elif fc == "ADM2":
        p = 0.4 + (2.5 if _DISTRICT_WORD.search(m.text) else 0)
    elif fc.startswith("PPL"):
        p = max(0.0, math.log10(e.population + 10) - 3) / 2.5 + (0.6 if fc == "PPLC" else 0)
        if m.region_word:
            p -= 1.0
    elif fc in ("CONT", "RGN", "SEA", "OCN"):
        p = 3.5  # the few regions, seas and continents we record are famous ones
    else:
        p = 2.0
    if norm(e.name) == norm(m.text):
        p += 0.2
    return p


def _km(a: Entry, b: Entry) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _namesake(e: Entry, biggest: int) -> bool:
    """A small town named after a big city ("London", Kentucky; "Frankfort", Kentucky)."""
    return e.feature_code.startswith("PPL") and biggest >= 500_000 and e.population * NAMESAKE_SHARE < biggest


CONTAINER_WEIGHT = 2.5  # "X, Donetsk", "X (Y, Puno)": the name after a place is the region holding it
AREAS_THAT_HOLD = frozenset({"PCLI", "ADM1", "ADM2"})


def _holds(area: Entry, e: Entry) -> bool:
    """Whether entry `e` lies in `area` (a country, first- or second-level region) as far as
    the gazetteer's codes tell; a second-level region by its parent and a 150 km reach."""
    if area.feature_code == "PCLI":
        return e.country_code == area.country_code
    if area.feature_code == "ADM1":
        return e.admin1_code == area.admin1_code or (e.feature_code == "ADM1" and e.id == area.id)
    return e.country_code == area.country_code and (e.admin1_code == area.admin1_code or e.admin1_code is None) \
        and _km(area, e) <= 150


def _kind(e: Entry) -> str:
    return "PPL" if e.feature_code.startswith("PPL") else e.feature_code

def _related(a: str, b: str) -> bool:
    """The same name, or one inside the other ("Richmond", "North Richmond"): no
    independent evidence of where either is. A county is evidence for its seat's name
    ("Charleston County" puts Charleston in South Carolina)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_ in (f"{short} county", f"{short} parish"):
        return False
    return f" {short} " in f" {long_} "


class Resolver:
    """Scores candidates for all mentions of one article together."""

    def __init__(self, gaz: gazetteer.Gazetteer, *, max_candidates: int = 40):
        self.gaz = gaz
        self.max_candidates = max_candidates

    def _prior(self, e: Entry, m: Mention) -> float:
        return _prior(e, m, self.gaz.admin1_population.get(e.admin1_code) if e.feature_code == "ADM1" else None)

    def candidates(self, m: Mention) -> list[Entry]:
        if m.fixed is not None:
            return m.fixed
        cands = self.gaz.lookup(m.text)
        if not cands and m.text.lower().startswith("the "):
            cands = self.gaz.lookup(m.text[4:])
        if m.region_word:
            base = REGION_WORDS.sub("", " " + m.text.rsplit(" ", 1)[0]).strip()
            cands = [e for e in self.gaz.lookup(m.text) + self.gaz.lookup(base)
                     if e.feature_code in ("ADM1", "ADM2", "RGN")] or cands
        key = norm(m.text)
        if not cands and (m.sure or m.from_dateline) and len(key) >= 6:
            # a region or city the model found that no list spells this way: a transliteration
            # whose vowels differ ("Jawzjan" for Jowzjān), if close enough to the name
            cands = [e for e in self.gaz.sounds_like(m.text) if SequenceMatcher(None, key, norm(e.name)).ratio() >= 0.85]
        if not cands and m.inside and len(key) >= 5:
            # "Saraqeb in Idlib": a town's transliteration, looked for among all towns; `_contain`
            # keeps only those inside the region the words name
            cands = [e for e in self.gaz.sounds_like(m.text, small=True) if e.feature_code.startswith("PPL")
                     and SequenceMatcher(None, key, norm(e.name)).ratio() >= 0.7]
            m.sounded = bool(cands)
        exact = [e.population for e in cands if self.gaz.named(e, key)]
        if not exact and not (m.sure or m.from_dateline) and " " not in key and "." not in m.text:
            # a word the model did not call a place, known only as some place's alternate name
            # ("Passover" for Mountain City, "Hamas" for Hamm): only a spelling of the place's
            # own name ("Avdiivka" for Avdiyivka) where the words around it say place
            cands = [e for e in cands if not e.feature_code.startswith("PPL")
                     or (m.cued or m.town_word) and SequenceMatcher(None, key, norm(e.name)).ratio() >= 0.8]
        if exact:
            # "Richmond" is not North Richmond, "Paris" not Saint Paris, "Cancun" not Changchun:
            # a place known by this name only as an alternate must be far bigger than the places
            # of that very name for the alternate to be its usual name
            floor = max(100_000, 10 * max(exact))
            cands = [e for e in cands if self.gaz.named(e, key) or not e.feature_code.startswith("PPL")
                     or e.population >= floor]
        if m.town_word:
            cands = [e for e in cands if e.feature_code.startswith("PPL")] or cands
        towns = {e.country_code for e in cands if e.feature_code.startswith("PPL") and e.population >= 100_000}
        seats = {e.admin1_code for e in cands if e.feature_code.startswith("PPL")}
        if not m.region_word and not m.container:
            # "Kyiv", "New York", "Saada": the city, not the region named after it ("Saada
            # Governorate" around the town of Saada), unless the region word or a list of
            # regions says otherwise
            m.shadowed = {id(e) for e in cands if e.feature_code in ("ADM1", "ADM2") and (
                e.country_code in towns or e.admin1_code in seats and norm(e.name) != key)}
        regions = {e.country_code for e in cands if e.feature_code == "ADM1" and norm(e.name) == key}
        if regions and not m.state_hint and not m.municipal:
            # "Kansas", "Texas": the state, not a small town or a county of the same country named
            # after it ("Texas County", reached by its bare name)
            m.shadowed |= {id(e) for e in cands if e.country_code in regions and (
                e.feature_code.startswith("PPL") and e.population < 100_000
                or e.feature_code == "ADM2" and norm(e.name) != key)}
        if m.from_dateline and not (m.state_hint or m.country_hint) and cands:
            # a dateline without its state or country is a city that stands alone ("BELGRADE",
            # "LONDON"), not a village named after it
            top = max(e.population for e in cands)
            m.shadowed |= {id(e) for e in cands if _namesake(e, top)}
        countries = {e.country_code for e in cands if e.feature_code == "PCLI" and norm(e.name) == key}
        if countries and not (m.state_hint or m.country_hint):
            # "home from Jamaica": the country, not a town named after it, unless the words say so
            m.shadowed |= {id(e) for e in cands if e.feature_code.startswith("PPL")}
        if countries and not m.region_word:
            # "Mexico", "Guatemala": the country, not its region of the same name
            m.shadowed |= {id(e) for e in cands if e.feature_code in ("ADM1", "ADM2") and e.country_code in countries}
        if len(cands) > self.max_candidates:
            cands = sorted(cands, key=lambda e: -self._prior(e, m))[: self.max_candidates]
        return cands

    @staticmethod
    def _nearest(mentions: list[Mention], namesakes: set[int]):
        """For each mention, the distance (km) from each of its candidates to the nearest
        candidate of a differently named mention: towns and counties named together are
        usually next to each other ("Walker County ... Huntsville" is Texas, not Alabama)."""
        import numpy as np

        names = [norm(m.text) for m in mentions]
        pts = [(i, e) for i, m in enumerate(mentions) for e in m.candidates if e.feature_code not in _AREAS]
        distinct = sorted({names[i] for i, _ in pts})
        if len(distinct) < 2:
            return [(m, {}) for m in mentions]
        group = {n: k for k, n in enumerate(distinct)}
        owner = np.array([group[names[i]] for i, _ in pts])
        lat = np.radians([e.lat for _, e in pts])
        lon = np.radians([e.lon for _, e in pts])
        h = np.sin((lat[:, None] - lat[None, :]) / 2) ** 2 + \
            np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
        d = 2 * 6371 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
        related = np.array([[_related(a, b) for b in distinct] for a in distinct])
        d[related[owner[:, None], owner[None, :]]] = np.inf
        # a partner must be a plausible reading of its own name in its country, not one of a
        # dozen hamlets that happen to share it ("Fairfax, Ohio" beside "Lynchburg, Ohio")
        biggest: dict[tuple[int, str | None], int] = {}
        for i, e in pts:
            biggest[i, e.country_code] = max(biggest.get((i, e.country_code), 0), e.population)
        plausible = np.array([not e.feature_code.startswith("PPL")
                              or e.population * PARTNER_SHARE >= biggest[i, e.country_code] for i, e in pts])
        d[:, ~plausible] = np.inf
        # small namesakes of far bigger places do not vouch for each other: "London", "Geneva"
        # and "Frankfurt" are not the Ohio towns because Ohio has towns of all three names
        namesake = np.array([id(e) in namesakes for _, e in pts])
        d[namesake[:, None] & namesake[None, :]] = np.inf
        best = d.min(axis=1)
        near: list[dict] = [{} for _ in mentions]
        for k, (i, e) in enumerate(pts):
            near[i][id(e)] = float(best[k])
        return list(zip(mentions, near))

    def resolve(self, mentions: list[Mention]) -> None:
        for m in mentions:
            m.candidates = self.candidates(m)
        hinted_cc = {m.country_hint for m in mentions if m.country_hint}
        # "Russian cities": a people named is weak evidence of the country (weaker than its name)
        weak_cc = {e.country_code for m in mentions if m.relation == "demonym" for e in m.candidates}
        hinted_states = {m.state_hint for m in mentions if m.state_hint}
        # countries and regions named outright (one candidate of that kind) set the scene for
        # the other names; a name is never its own evidence ("Gaza" said seven times)
        named_cc: dict[str, str] = {}
        named_times: dict[str, int] = {}
        named_state: dict[str, str] = {}
        for m in mentions:
            if m.relation == "demonym":
                continue
            kinds = [e for e in m.candidates if e.feature_code in ("PCLI", "ADM1")]
            # "the U.S. Treasury" names a body, not the scene; "the Ohio Supreme Court" does
            if len(kinds) == 1 and kinds[0].feature_code == "PCLI" and m.relation != "in_name":
                named_cc[norm(m.text)] = kinds[0].country_code
                named_times[norm(m.text)] = named_times.get(norm(m.text), 0) + 1
            if len(kinds) == 1 and kinds[0].feature_code == "ADM1" and kinds[0].admin1_code:
                named_state[norm(m.text)] = kinds[0].admin1_code
        namesakes: set[int] = set()
        for m in mentions:
            top = max((c.population for c in m.candidates), default=0)
            namesakes |= {id(e) for e in m.candidates if _namesake(e, top)}
        not_a_town = POINTLESS | {"ADM1"}
        prior = {(id(m), id(e)): self._prior(e, m) - SHADOW * (id(e) in m.shadowed)
                 - MUNICIPAL_WEIGHT * (m.municipal and e.feature_code in not_a_town)
                 + CONTAINER_WEIGHT * (m.container and e.feature_code in AREAS_THAT_HOLD)
                 + COLOCATED_WEIGHT * math.exp(-near.get(id(e), math.inf) / COLOCATED_KM)
                 for m, near in self._nearest(mentions, namesakes) for e in m.candidates}
        km: dict[tuple[int, int], float] = {}

        def dist(a: Entry, b: Entry) -> float:
            key = (id(a), id(b))
            if key not in km:
                km[key] = _km(a, b)
            return km[key]

        scores: dict[int, dict[int, float]] = {}
        for _ in range(3):
            # "Russian forces" in a story from Ukraine: a demonym says who, not where
            # a reading by consonants alone is evidence for itself only, never for its neighbours
            cc_by_name = {norm(m.text): m.best.country_code for m in mentions
                          if m.best is not None and m.relation != "demonym" and not m.sounded}
            # one article, mostly one state: each differently named place votes for its admin1
            by_name = {norm(mm.text): mm.best.admin1_code for mm in mentions
                       if mm.best is not None and mm.best.admin1_code and mm.relation not in NOT_SITES
                       and not mm.sounded}
            region_votes: dict[str, int] = {}
            for code in by_name.values():
                region_votes[code] = region_votes.get(code, 0) + 1
            for m in mentions:
                name = norm(m.text)
                own = by_name.get(name)
                n_others = len(by_name) - (own is not None)
                votes: dict[str, int] = {}
                for other, cc in cc_by_name.items():
                    if other != name:
                        votes[cc] = votes.get(cc, 0) + 1
                top_cc = max(votes, key=votes.get) if votes else None
                # the countries named, by how often: a story from Zurich that names Switzerland
                # ten times and the United States once is not set in the United States
                times: dict[str, int] = {}
                for other, cc in named_cc.items():
                    if other != name:
                        times[cc] = times.get(cc, 0) + named_times[other]
                most = max(times.values(), default=0)
                strong_cc = {cc: 1.0 for cc in hinted_cc} | {cc: 0.5 + 0.5 * n / most for cc, n in times.items()
                                                            if cc not in hinted_cc}
                states = hinted_states | {st for other, st in named_state.items() if other != name}
                best, best_s = None, -1e9
                # "London, Frankfurt and Amsterdam": world cities, not namesakes of them
                peer_kinds = {(_kind(mentions[k].best), id(mentions[k].best) in namesakes)
                              for k in m.peers if mentions[k].best is not None}
                # closeness to the other places named; a country's or sea's point is a centre
                # drawn on a map, near nothing in particular (the United States' is in Kansas)
                others = list({id(mm.best): mm.best for mm in mentions if mm.best is not None
                               and mm.best.feature_code not in POINTLESS
                               and mm.relation != "demonym" and not mm.sounded and not _related(norm(mm.text), name)}.values())
                plain = [o for o in others if id(o) not in namesakes]
                for e in m.candidates:
                    s = prior[id(m), id(e)]
                    if m.state_hint and e.admin1_code == m.state_hint:
                        s += 3.0
                    elif e.admin1_code and e.admin1_code in states:
                        s += NAMED_STATE_WEIGHT
                    if n_others and e.admin1_code:
                        s += STATE_WEIGHT * (region_votes.get(e.admin1_code, 0) - (own == e.admin1_code)) / n_others
                    if m.country_hint and e.country_code == m.country_hint:
                        s += 2.5
                    elif e.country_code in strong_cc:
                        s += 1.2 * strong_cc[e.country_code]
                    elif top_cc and e.country_code == top_cc:
                        s += 1.0
                    elif e.country_code in weak_cc:
                        s += DEMONYM_WEIGHT
                    if e.feature_code == "PCLI" and e.country_code in weak_cc:
                        s += 1.0  # "Egypt" beside "Egyptians" is the country, not Egypt, Pennsylvania
                    near = plain if id(e) in namesakes else others
                    if near and e.feature_code not in ("PCLI", "SEA", "OCN"):
                        d = min(dist(e, o) for o in near)
                        s += 1.5 * math.exp(-d / 250.0)
                    if peer_kinds and len(peer_kinds) == 1 and (_kind(e), id(e) in namesakes) in peer_kinds:
                        s += LIST_WEIGHT  # "Missouri, New York and Virginia": New York the state
                    scores.setdefault(id(m), {})[id(e)] = s
                    if s > best_s:
                        best, best_s = e, s
                m.best, m.score = best, best_s
        self._one_sense(mentions, scores)
        self._contain(mentions, scores)

    def _contain(self, mentions: list[Mention], scores: dict[int, dict[int, float]]) -> None:
        """A place the words put inside a region ("Novodonetske, Donetsk", "X (Y district, Z)")
        is read inside it: its best reading there, else, where the gazetteer has no such place
        there, the smallest containing place the text names (ACLED's precision 2 or 3), never
        a namesake hundreds of kilometres away."""
        for m in mentions:
            outer = [mentions[k].best for k in m.inside
                     if mentions[k].best is not None and mentions[k].best.feature_code in AREAS_THAT_HOLD]
            if m.sounded and not outer:
                m.best = None  # a likeness of consonants with no region to vouch for it
            if not outer or m.fixed is not None:
                continue
            if m.best is None and not (m.sure or m.cued):
                continue  # a word no list knows and nothing calls a place
            same = m.best is not None and any(m.best.id == o.id for o in outer)
            if m.best is not None and all(_holds(o, m.best) for o in outer) and not same:
                continue
            # admin1 codes move when provinces split: a town of that name in the same country
            # close to the region's centre is still read there
            # "Zacatecas, Zacatecas": a place inside the region of its own name is its town
            there = [e for e in m.candidates if all(_holds(o, e) for o in outer)
                     and not (same and not e.feature_code.startswith("PPL"))] or \
                [e for e in m.candidates if e.feature_code.startswith("PPL") and norm(e.name) == norm(m.text)
                 and all(e.country_code == o.country_code and _km(o, e) <= 300 for o in outer)] or \
                [e for e in self.gaz.lookup(m.text) if all(_holds(o, e) for o in outer)]  # a short name of a town there, filtered out above as an alternate
            if there:
                own = scores.get(id(m), {})
                m.best = max(there, key=lambda e: own.get(id(e), 0.0))
                m.score = own.get(id(m.best), m.score)
            else:
                # "Tieba (Bankass, Mopti)": a district named for its town holds the village,
                # so the town it is named for is nearer than the region's centre
                towns = [mentions[k].best for k in m.inside if mentions[k].best is not None
                         and mentions[k].best.feature_code.startswith("PPL") and all(_holds(o, mentions[k].best) for o in outer)]
                m.best = towns[0] if towns else \
                    min(outer, key=lambda o: (o.level, o.feature_code == "PCLI"))  # the smallest: district, region, country
                m.via_container = True

    @staticmethod
    def _one_sense(mentions: list[Mention], scores: dict[int, dict[int, float]]) -> None:
        """A name means one place per article ("Texas ... North Texas"): where its mentions
        disagree, all take the reading with the most evidence summed over them. Names with
        their own hint ("X, Texas") or fixed readings keep theirs."""
        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.best is not None and m.fixed is None and not m.state_hint and not m.country_hint \
                    and m.relation != "demonym":
                groups.setdefault(norm(m.text), []).append(m)
        for group in groups.values():
            if len({id(m.best) for m in group}) < 2:
                continue
            total: dict[int, float] = {}
            for m in group:
                for k, s in scores[id(m)].items():
                    total[k] = total.get(k, 0.0) + s
            entries = {id(e): e for m in group for e in m.candidates}
            choice = max((k for k in total if all(k in scores[id(m)] for m in group)), key=total.get, default=None)
            if choice is None:
                continue
            for m in group:
                m.best, m.score = entries[choice], scores[id(m)][choice]

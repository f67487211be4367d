"""Vocabularies as data: PLOVER and ACLED types with their cue lexicon (events.json),
actor kinds, demonyms and titles (actors.json). Loaded once per process."""
from __future__ import annotations

import functools
import json
from pathlib import Path

HERE = Path(__file__).parent


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads((HERE / f"{name}.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Lemmas of the verbs that report speech ("say", "tell", "deny" ...): one list for the
    stages that need to know a statement when they see one."""
    return frozenset(load("quotes")["reporting_verbs"])


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str | None]:
    """Demonym -> ISO country code ("Russian" -> "RU"): ours (vocab/actors.json), then
    countryinfo's for the countries ours lacks, with the plural forms ("Russians") that
    take an s ("Chinese", "French", "Swiss" take none)."""
    from ..gazetteer import countryinfo

    base = dict(load("actors")["demonyms"])
    # countries our list lacks ("Bhutanese", "Jamaican"); where territories share one
    # ("French" for France and Réunion) the most populous country has it
    people = {}
    names = {str(rec.get("name")) for rec in countryinfo().values()}
    for cc, rec in countryinfo().items():
        for word in str(rec.get("demonym") or "").split(","):
            word = word.strip()
            if word and word not in base and word not in names and not word.endswith("Island") and (rec.get("population") or 0) > people.get(word, (None, -1))[1]:
                people[word] = (cc, rec.get("population") or 0)
    base.update({w: cc for w, (cc, _) in people.items()})
    out = dict(base)
    for word, cc in base.items():
        if not word.endswith(("ese", "ch", "sh", "s", "z")):
            out.setdefault(word + "s", cc)
    return out

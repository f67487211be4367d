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
    """Demonym -> ISO country code ("Russian" -> "RU"), with the plural forms ("Russians")
    that take an s ("Chinese", "French", "Swiss" take none)."""
    base = load("actors")["demonyms"]
    out = dict(base)
    for word, cc in base.items():
        if not word.endswith(("ese", "ch", "sh", "s", "z")):
            out.setdefault(word + "s", cc)
    return out

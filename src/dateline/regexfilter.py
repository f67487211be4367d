"""Skip a regex on a text it cannot match, from literal strings every match contains.

The times and events stages scan each article with some 80 vocabulary regexes, most of
which match nothing in a given article, yet each costs a full scan: Python's `re` has no
literal pre-screen for an alternation of words. `required(rx)` reads the compiled
pattern's parse (stdlib `re._parser`) and returns strings one of which every match
contains (lower-cased), or None when it cannot tell; `may_match` then tests them with
`in`, which is a fast substring search. No library does this for Python's `re`.
"""
from __future__ import annotations

import functools
import re

try:  # Python 3.11+: the parser behind re.compile
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - other Pythons: never filter
    _sre = None

_MAX_PREFIXES = 200
# characters `re.IGNORECASE` equates with an ASCII letter but str.lower() does not map to it
_FOLD_ODDITIES = ("\u0131", "\u017f", "\u0130", "\u212a")


def _required(items: list) -> set[str] | None:
    """A set of strings one of which occurs in every match of the sequence `items`: of
    all such sets the sequence's parts give, the one whose shortest string is longest."""
    best: set[str] | None = None

    def offer(cand: set[str] | None) -> None:
        nonlocal best
        if cand and len(cand) <= _MAX_PREFIXES and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand

    run = ""
    for op, av in items:
        if op is _c.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        offer({run} if run else None)
        run = ""
        if op is _c.SUBPATTERN:
            offer(_required(list(av[-1])))
        elif op is _c.BRANCH:
            parts = [_required(list(b)) for b in av[1]]
            offer(None if any(p is None for p in parts) else set().union(*parts))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            offer(_required(list(av[2])))
        # anything else (classes, optional parts, assertions) requires nothing we can name
    offer({run} if run else None)
    return best


@functools.lru_cache(maxsize=1024)
def required(rx: re.Pattern) -> frozenset[str] | None:
    """Lower-cased strings one of which occurs in every match of `rx`; None if unknown."""
    if _sre is None:
        return None
    try:
        req = _required(list(_sre.parse(rx.pattern, rx.flags)))
    except (RecursionError, re.error, TypeError, ValueError):
        return None
    return frozenset(req) if req else None


def folds_safely(text: str) -> bool:
    """Whether `text.lower()` holds every case-insensitive match of an ASCII literal."""
    return not any(ch in text for ch in _FOLD_ODDITIES)


def may_match(rx: re.Pattern, low: str) -> bool:
    """False only if `rx` cannot match the text whose `str.lower()` is `low` (for a
    case-insensitive `rx`, check `folds_safely(text)` first)."""
    pre = required(rx)
    return pre is None or any(p in low for p in pre)

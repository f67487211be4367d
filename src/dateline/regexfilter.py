"""Skip a regex on a text it cannot match, from literal strings every match contains.

The times and events stages scan each article with some 80 vocabulary regexes, most of
which match nothing in a given article, yet each costs a full scan: Python's `re` has no
literal pre-screen for an alternation of words. `required(rx)` reads the compiled
pattern's parse (stdlib `re._parser`) and returns strings one of which every match
contains (lower-cased), or None when it cannot tell; `may_match` then tests them with
`in`, which is a fast substring search. No library does this for Python's `re`.

`Screen` does `may_match` for a fixed set of patterns with one pass over the text for all
their literals. `Starts` runs a pattern only at the places its matches can begin (strings
every match starts with, from the same parse), with the same matches as `finditer`.
"""
from __future__ import annotations

import functools
import itertools
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


def _trie(literals: set[str]) -> str:
    """A regex that matches, at a position, the longest of `literals` starting there: an
    alternation nested as a trie, so `re` rejects a position on its first character."""
    root: dict = {}
    for lit in literals:
        node = root
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


class Screen:
    """`may_match` for a fixed set of patterns, with every literal they require looked for in
    one pass over the text instead of one `in` per literal per pattern (a hundred patterns
    times dozens of literals cost more than the scans they save). No library finds many
    literals at once for Python's `re` (Aho-Corasick packages are extra dependencies)."""

    def __init__(self, patterns):
        self._patterns = list(patterns)  # held, so that their ids stay theirs
        # by id: hashing a compiled pattern hashes its whole code each time
        self._req: dict[int, frozenset[str] | None] = {}
        for rx in self._patterns:
            pre = required(rx)
            self._req[id(rx)] = None if pre is None or "" in pre else pre
        lits = set().union(*(p for p in self._req.values() if p))
        # a lookahead, so that literals starting inside another one's occurrence are seen too
        self._find = re.compile(f"(?=({_trie(lits)}))") if lits else None
        # the literals that occur where a longer one does: those it begins with
        self._prefixes = {lit: frozenset(p for p in lits if lit.startswith(p)) for lit in lits}

    def literals(self, low: str) -> set[str]:
        """The patterns' required literals that occur in `low` (a lower-cased text)."""
        found: set[str] = set()
        if self._find is not None:
            for lit in set(self._find.findall(low)):
                found |= self._prefixes[lit]
        return found

    def may_match(self, rx: re.Pattern, found: set[str]) -> bool:
        """`may_match(rx, low)` given `literals(low)`; True for a pattern not of the screen."""
        pre = self._req.get(id(rx))
        return pre is None or not pre.isdisjoint(found)


_MAX_FIRSTS = 64  # strings a pattern may begin with, at most, once a prefix is followed on
_BUDGET = [0]  # steps left to `_firsts` on the pattern being read (branches after branches multiply)


def _firsts(items: list, icase: bool) -> set[tuple[str, bool]] | None:
    """(string, matched ignoring case) pairs one of which begins every match of the sequence
    `items`, read past zero-width assertions; None when it cannot tell (a class, a part
    that may match nothing)."""
    _BUDGET[0] -= 1
    if _BUDGET[0] < 0:
        raise RecursionError("pattern too branchy to read")  # first_strings gives up: None
    for k, (op, av) in enumerate(items):
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue
        if op is _c.LITERAL:
            j = k
            while j < len(items) and items[j][0] is _c.LITERAL and not (icase and items[j][1] >= 128):
                j += 1  # past ASCII, ignoring case is more than str.lower()
            return _joined({"".join(chr(v) for _, v in items[k:j])}, items[j:], icase) if j > k else None
        if op is _c.IN and 0 < len(av) <= 4 and all(o is _c.LITERAL and not (icase and v >= 128) for o, v in av):
            return _joined({chr(v) for _, v in av}, items[k + 1:], icase)  # "[Ss]pring"
        if op is _c.SUBPATTERN:
            _, add, drop, sub = av
            return _firsts(list(sub), (icase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE)
        if op is _c.BRANCH:
            out: set[tuple[str, bool]] = set()
            for alt in av[1]:
                got = _firsts(list(alt) + items[k + 1:], icase)
                if got is None:
                    return None
                out |= got
            return out
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[1] > 0:
            got = _firsts(list(av[2]), icase)
            if got is not None and av[0] == 0:
                rest = _firsts(items[k + 1:], icase)
                got = None if rest is None else got | rest
            return got
        return None
    return None  # the match may end here: it may be empty



def _joined(heads: set[str], rest: list, icase: bool) -> set[tuple[str, bool]]:
    """`heads` (which begin every match), each followed by what begins the rest when the
    rest says, in the same case mode: "the (?:next|following) day" begins "the next"..."""
    tails = _firsts(rest, icase) if rest else None
    if tails and len(heads) * len(tails) <= _MAX_FIRSTS and all(ic == icase for _, ic in tails):
        return {(h + t, icase) for h in heads for t, _ in tails}
    return {(h, icase) for h in heads}


@functools.lru_cache(maxsize=1024)
def first_strings(rx: re.Pattern) -> tuple[frozenset[str], frozenset[str]] | None:
    """(strings matched as written, lower-cased strings matched ignoring case): every match
    of `rx` begins with one of them. None if unknown."""
    if _sre is None:
        return None
    _BUDGET[0] = 20_000
    try:
        got = _firsts(list(_sre.parse(rx.pattern, rx.flags)), bool(rx.flags & re.IGNORECASE))
    except (RecursionError, re.error, TypeError, ValueError):
        return None
    if not got:
        return None
    return (frozenset(s for s, ic in got if not ic), frozenset(s.lower() for s, ic in got if ic))


_MAX_STARTS = 32  # past this many places to try, one scan by `re` itself costs less


@functools.lru_cache(maxsize=1024)
def _finder(strings: frozenset[str]) -> tuple[re.Pattern, bool]:
    """An alternation of plain strings (`re` skips to the characters they begin with), and
    whether none of them can begin inside an occurrence of another: none begins with what
    one of them ends with, nor lies inside one."""
    rx = re.compile("|".join(re.escape(s) for s in sorted(strings, key=lambda s: (-len(s), s))))
    apart = not any(tail.startswith(b) or b.startswith(tail) for a in strings for k in range(1, len(a))
                    for tail in (a[k:],) for b in strings)
    return rx, apart


def _positions(strings: frozenset[str], text: str) -> list[int] | None:
    """Every position where one of `strings` begins in `text`, or None past _MAX_STARTS."""
    if not strings:
        return []
    rx, apart = _finder(strings)
    if apart:  # the matches of the alternation, one after another, are all the occurrences
        out = [m.start() for m in itertools.islice(rx.finditer(text), _MAX_STARTS + 1)]
        return out if len(out) <= _MAX_STARTS else None
    find = rx.search
    out = []
    m = find(text)
    while m is not None:
        if len(out) == _MAX_STARTS:
            return None
        out.append(m.start())
        m = find(text, m.start() + 1)  # also the strings beginning inside this one
    return out


_PLANS: dict[int, tuple[re.Pattern, tuple | None]] = {}  # by id, the pattern held (see Screen)


def _plan(rx: re.Pattern) -> tuple[frozenset[str], frozenset[str]] | None:
    """`first_strings(rx)`, None too when one of them is a word of one or two letters ("a",
    "in", "at"): found every few words, they leave `re` less to skip than it skips itself."""
    got = _PLANS.get(id(rx))
    if got is None or got[0] is not rx:
        fs = first_strings(rx)
        if fs is not None and any(len(s) <= 2 and s.isalpha() for part in fs for s in part):
            fs = None
        if len(_PLANS) > 1024:
            _PLANS.clear()
        got = _PLANS[id(rx)] = (rx, fs)
    return got[1]


class Starts:
    """`rx.finditer` on one text, trying `rx` only where its matches can begin (`first_strings`)
    instead of at every character: the grammar's patterns mostly open with `\\b` or a
    look-behind, which keeps `re` from skipping ahead itself. The matches are the same: the
    earliest of those places where `rx` matches, then the earliest at or after its end.
    No library gives Python's `re` such start positions."""

    def __init__(self, text: str, low: str | None = None):
        """`low` is `text.lower()` when that keeps every offset, else None."""
        self.text, self.low = text, low
        self._folds = low is not None and folds_safely(text)  # ignoring case is then str.lower()
        self._memo: dict[tuple, list[int] | None] = {}

    def _starts(self, rx: re.Pattern, on_low: bool) -> list[int] | None:
        """The places, in order, where a match of `rx` may begin; None to scan every one.
        Patterns that begin alike share them."""
        plan = _plan(rx)
        if plan is None:
            return None
        exact, folded = plan
        if folded and not self._folds:
            return None
        key = (exact, folded, on_low)
        if key not in self._memo:
            a = _positions(exact, self.low if on_low else self.text)
            b = _positions(folded, self.low) if folded else []
            self._memo[key] = None if a is None or b is None else sorted(set(a) | set(b)) if a and b else a or b
        return self._memo[key]

    def finditer(self, rx: re.Pattern, on_low: bool = False):
        """The matches of `rx.finditer(self.low if on_low else self.text)`."""
        text = self.low if on_low else self.text
        starts = self._starts(rx, on_low)
        return rx.finditer(text) if starts is None else self._at(rx, text, starts)

    @staticmethod
    def _at(rx: re.Pattern, text: str, starts: list[int]):
        """`rx.match` at each of `starts` not inside the match before."""
        end = 0
        for p in starts:
            if p >= end and (m := rx.match(text, p)) is not None:
                end = m.end()
                yield m

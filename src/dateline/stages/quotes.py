"""Quotes stage: who says what, through which channel.

Three sources of attributions, merged so that each stretch of reported content is one quote:
1. Quotation marks (straight and curly, across sentences and paragraphs) give direct
   quotes; a quoted fragment inside the author's sentence is a partial quote.
2. Reporting verbs from the parse give indirect speech: the clause a speech verb governs
   ("X said that ...", "..., sources said"), "according to X", and accusations
   ("X accused Y of ..."). When that clause holds quoted words it is a partial quote;
   when it is a direct quote, the verb's subject is that quote's speaker.
3. Transcript turns ("PENCE: Well, ..."), and quote lists signed after a dash ('"..." ― Name').
Speakers are linked to actors: the actor the mention overlaps, a pronoun or a description
("he", "the soldier") to the nearest fitting earlier speaker or person, else a new actor.
People described by role and not named ("a resident who asked not to be named told Reuters
by telephone", "a villager said") are speakers in their own right: civilians or a person,
never merged into a named speaker nearby unless that name comes with the same description;
"a commander of the group" speaks for the armed group named before.
A quote with no verb of its own continues the speaker of the quote before it.

Hand-written because no maintained library does attribution with speakers linked to the
rest of the reading: textacy's `direct_quotations` (our measured peer) finds only
direct quotes with a speaker token.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re

from .. import vocab
from ..article import Actor, Quote, Reading
from ..nlp import token_ids
from ..pipeline import Stage, register
from ..regexfilter import Screen, folds_safely
from .actors import kind_of_name
from .parse import doc_text

OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
PRONOUNS = {"he": "person", "she": "person", "they": None, "it": None, "we": None, "i": "person"}
_TURN = re.compile(r"^([A-Z][A-Z.' -]{1,40}):\s", re.M)
MAX_QUOTE = 4000
# the characters `quote_marks` stops at (an opening mark, or a closing one that may open a
# line), and inside a quote its closing mark or a line break: it steps over the rest
_MARKS = re.compile("[" + "".join(OPEN_CLOSE) + "”]")
_STOPS = {close: re.compile("[" + re.escape(close) + "\n]") for close in OPEN_CLOSE.values()}
CHANNEL_NOUNS = {"video", "post", "statement", "interview", "message", "tweet", "letter", "address", "speech", "clip"}


@functools.lru_cache(maxsize=1)
def _vocab():
    v = vocab.load("quotes")
    channels = [(re.compile(p, re.I), label) for p, label in v["channels"]]
    return v["cues"], set(v["content_verbs_need_clause"]), channels


@functools.lru_cache(maxsize=1)
def _cue_lemmas() -> frozenset[str]:
    """The reporting verbs' lemmas, as one set kept for the run (token_ids remembers by it)."""
    return frozenset(_vocab()[0])


@functools.lru_cache(maxsize=1)
def _channel_screen() -> Screen:
    """The literal screen of the channel patterns: most sentences name no channel at all."""
    return Screen(rx for rx, _ in _vocab()[2])


@functools.lru_cache(maxsize=1)
def _not_turns() -> frozenset[str]:
    return frozenset(vocab.load("quotes")["not_turns"])


@functools.lru_cache(maxsize=1)
def _anonymity():
    """'who asked not to be named', 'declined to be identified': the reporter saying why a
    speaker goes unnamed (AP and Reuters style), never something the speaker said."""
    v = vocab.load("quotes")["anonymity"]
    return set(v["verbs"]), re.compile(v["after_verb"], re.I), re.compile(v["phrase"], re.I)


def is_anonymity(tok) -> bool:
    verbs, after, _ = _anonymity()
    return tok.lemma_.lower() in verbs and bool(after.match(doc_text(tok.doc), tok.idx + len(tok)))


def unnamed_by_choice(text: str, end: int) -> bool:
    """Whether the mention ending at `end` is followed by an anonymity formula."""
    _, _, phrase = _anonymity()
    return bool(phrase.match(text, end))


@functools.lru_cache(maxsize=1)
def _complements():
    v = vocab.load("quotes")
    return set(v["np_object"]), set(v["to_clause"])


@dataclasses.dataclass
class Found:
    start: int
    end: int
    type: str
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: tuple[int, int] | None = None  # the speaker mention's offsets
    stance: str = "claim"


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text including the marks. A paragraph that ends inside a quote
    continues it when the next paragraph opens with a mark (the news convention)."""
    out: list[tuple[int, int]] = []
    # ''newspaper style'' double apostrophes and ``TeX`` quotes become one mark each, same length
    text = text.replace("''", '"\x00').replace("``", '"\x00')
    i, n = 0, len(text)
    while i < n:
        if (mark := _MARKS.search(text, i)) is None:
            break  # no mark left: every other character is passed over below
        i = mark.start()
        ch = text[i]
        if ch == "”" and (i == 0 or text[i - 1] == "\n") and text[i + 1:i + 2].isalnum():
            ch = "“"  # a closing mark typed at the start of a line opens the quote there
        if ch not in OPEN_CLOSE or (ch == '"' and i > 0 and text[i - 1].isalnum()):
            i += 1
            continue
        close = OPEN_CLOSE[ch]
        j = i + 1
        start = i
        while j < n and j - start < MAX_QUOTE:
            if (stop := _STOPS[close].search(text, j, min(n, start + MAX_QUOTE))) is None:
                j = min(n, start + MAX_QUOTE)  # neither the closing mark nor a line break before the limit
                break
            j = stop.start()
            c = text[j]
            if c == close and (close != '"' or j + 1 >= n or not text[j + 1].isalnum() or text[j - 1] in ".,!?"):
                break
            if c == "\n" and text.startswith("\n\n", j) or (c == "\n" and j + 1 < n and text[j + 1] in OPEN_CLOSE):
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] == ch:  # the quote goes on in the next paragraph
                    j = k + 1
                    continue
                break
            j += 1
        if j < n and text[j] == close and j - i > 1:
            out.append((start, j + 1))
            i = j + 1
        else:
            i = max(j, i + 1)
    return out


def _np_span(doc, head) -> tuple[int, int]:
    """The speaker mention headed by `head`: its left modifiers and an "of X" tail, no
    relative clauses or appositions ("a senior official who ...", "X, a protester")."""
    left = head
    for t in head.lefts:
        if t.dep_ not in ("punct", "cc") and t.i < left.i:
            left = t.left_edge if t.left_edge.i < t.i + 3 else t
            break
    end = head
    for t in head.rights:
        if t.dep_ == "prep" and t.lower_ == "of":
            end = t.right_edge
            break
        if t.dep_ in ("compound", "flat", "appos") and t.ent_type_ == "PERSON":
            end = t
    if head.ent_type_:  # the whole name: the entity's B token to its last I token
        a, b = head.i, head.i + 1
        while a > 0 and doc[a].ent_iob_ == "I":
            a -= 1
        while b < len(doc) and doc[b].ent_iob_ == "I":
            b += 1
        first, last = doc[a], doc[b - 1]
        return min(doc[left.i].idx, first.idx), max(last.idx + len(last), end.idx + len(end))
    return doc[left.i].idx, end.idx + len(end)


def _subject(verb, deps):
    """The verb's subject: a time of day or date is never one ('5:45 p.m.' heading an AP
    'The Latest' entry), nor a word across a paragraph break from the verb."""
    subs = [c for c in verb.children if c.dep_ in deps]
    if len(subs) > 1:
        text = doc_text(verb.doc)
        ok = [c for c in subs if c.ent_type_ not in ("TIME", "DATE")
              and "\n" not in text[min(c.idx, verb.idx):max(c.idx, verb.idx)]]
        subs = ok or subs
    return subs[0] if subs else None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
        b -= 1
    return a, b


def _through_conj(t, top) -> bool:
    """Whether the path from `t` up to `top` passes a coordinated verb: "denied X and said
    that Y" — Y is what was said, not what was denied."""
    while t.i != top.i and t.head.i != t.i:  # spaCy makes a new Token object on each access
        if t.dep_ == "conj":
            return True
        t = t.head
    return False


def _in_marks(marks: list[tuple[int, int]], i: int) -> bool:
    """Whether offset i is inside one of `marks` (sorted, not overlapping): a bisection."""
    k = bisect.bisect_right(marks, (i, float("inf"))) - 1
    return k >= 0 and marks[k][0] <= i < marks[k][1]


def _cue_text(tok) -> str:
    parts = [tok.text]
    prt = [c for c in tok.children if c.dep_ == "prt"]
    if prt:
        parts.append(prt[0].text)
    return " ".join(parts)


def speech(doc, text: str) -> list[Found]:
    """Indirect speech from reporting verbs, and 'according to'."""
    cues, need_clause, _ = _vocab()
    out: list[Found] = []
    for i in token_ids(doc, lemmas=_cue_lemmas(), lowers={"according"}):  # the rest cannot start speech
        tok = doc[i]
        lem = tok.lemma_.lower()
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            sent = tok.sent
            phrase = (tok.idx, pobj.right_edge.idx + len(pobj.right_edge))
            if tok.idx - sent.start_char > phrase[1] - sent.end_char + (sent.end_char - phrase[1]):
                a, b = sent.start_char, tok.idx  # "..., according to X."
            else:
                a, b = phrase[1], sent.end_char  # "According to X, ..."
            a, b = _trim(text, a, b)
            b = b - 1 if b > a and text[b - 1] == "." else b
            if b - a > 10:
                out.append(Found(a, b, "indirect", "according to", tok.idx, to.idx + 2, _np_span(doc, pobj)))
            continue
        if lem not in cues or tok.pos_ not in ("VERB", "AUX") or is_anonymity(tok):
            continue
        if tok.dep_ in ("relcl", "acl") and tok.head.lower_ in CHANNEL_NOUNS:
            continue  # "a video he posted": the channel, not a second statement
        subj = _subject(tok, ("nsubj",))
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if subj is None and agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if subj is None and tok.dep_ in ("conj", "xcomp") and tok.head.pos_ == "VERB":
            subj = _subject(tok.head, ("nsubj",))  # "X said ... and added ..."
        if subj is None:
            continue
        if subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
            subj = tok.head  # "a 27-year-old protester who said ..."
            if subj.dep_ == "appos":
                subj = subj.head  # "Tunde Bakare, a 27-year-old protester who said"
        stance = cues[lem]
        content = None
        comp = [c for c in tok.children if c.dep_ in ("ccomp",) and c.i > tok.i]
        if not comp:  # "said in a video he posted ... that it was calmer": the clause hangs lower
            comp = [t for t in tok.subtree if t.i > tok.i and (t.dep_ == "ccomp" or (
                        t.dep_ in ("acl", "relcl") and t.head.lower_ in CHANNEL_NOUNS))
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
                    and not _through_conj(t, tok)][:1]
        if comp:
            c = comp[0]
            mark = next((x for x in tok.children if x.dep_ == "mark" and x.i < c.i), None)
            a = doc[min(c.left_edge.i, mark.i if mark is not None else c.left_edge.i)].idx
            b = c.right_edge.idx + len(c.right_edge)
            content = (a, b)
        elif (x := [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]) and lem in _complements()[1]:
            c = x[0]  # "urged her to bring it back", "pledged to cut taxes"
            to = next(a for a in c.children if a.dep_ == "aux" and a.lower_ == "to")
            content = (to.idx, c.right_edge.idx + len(c.right_edge))
        elif (o := [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]) and lem in _complements()[0] \
                and o[0].right_edge.i - o[0].left_edge.i >= 2:
            c = o[0]  # "condemned North Korea's latest missile launch"
            content = (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
        elif stance == "deny" and (x := [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "dobj") and c.i > tok.i
                                          and (c.tag_ == "VBG" or c.dep_ != "dobj")]):
            c = x[0]  # "denied targeting civilians"
            content = (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
        elif stance == "accuse" and lem not in need_clause:  # "accused Kyiv of launching strikes"
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
            if of is not None:
                content = (of.idx, of.right_edge.idx + len(of.right_edge))
        elif tok.dep_ in ("parataxis", "ccomp", "advcl", "ROOT") and lem not in need_clause \
                and not (tok.dep_ == "ccomp" and tok.head.lemma_.lower() in cues):
            # (a verb inside what someone else said — "the army said it would respond" — frames nothing)
            # "The army will withdraw, the minister said." — the reported clause comes first
            head = tok.head if tok.dep_ != "ROOT" else None
            sent = tok.sent
            if head is not None and head.i < tok.i:
                # "Acts of protest, Mr. Obama said, are acts of patriotism": the whole sentence
                a = sent.start_char
                b = sent.end_char if subj.left_edge.i > sent.start + 2 and tok.i < sent.end - 3 \
                    else min(tok.left_edge.idx, subj.left_edge.idx)
                content = (a, b)
            elif tok.dep_ == "ROOT":
                first = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis") and c.i < tok.i]
                if first:
                    c = first[0]
                    content = (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                    rest = [t for t in tok.rights if t.dep_ in ("conj", "ccomp", "parataxis") and t.i > tok.i + 1]
                    if rest:  # "X paid 8.9 percent, the agency said, and Y paid 0.8 percent"
                        content = (c.left_edge.idx, sent.end_char)
            if content is None and subj.i < tok.i and tok.i >= sent.end - 4 and subj.left_edge.i > sent.start \
                    and doc[subj.left_edge.i - 1].text == ",":
                content = (sent.start_char, doc[subj.left_edge.i - 1].idx)  # "..., another source said."
        if content is None:
            continue
        a, b = _trim(text, *content)
        if b - a < 8:
            continue
        out.append(Found(a, b, "indirect", _cue_text(tok), tok.idx, tok.idx + len(tok), _np_span(doc, subj),
                         stance=stance))
    best: dict[tuple[int, int], Found] = {}
    for f in out:  # one speaker per stretch of content: the verb nearest to it
        k = (f.start, f.end)
        if k not in best or _gap(f) < _gap(best[k]):
            best[k] = f
    out = list(best.values())
    best = {}
    for f in out:
        best[(f.start, f.end)] = f
    return sorted(best.values(), key=lambda f: f.start)


# '“...” ― Sonya Herridge' / '"..." - Maria Lopez, a nurse': the name after a dash closing
# the line (the convention of quote lists, captions and epigraphs)
_DASH_NAME = re.compile(r"[^\S\n]*[―—–-]{1,2}[^\S\n]*((?:[A-Z][\w’'.-]*)(?:[^\S\n]+(?:[A-Z][\w’'.-]*|de|da|del|van|von|bin|al-?\w*)){0,5})"
                        r"(?=[^\S\n]*(?:[.,;(]|$))", re.M)


def _dash_attribution(text: str, q: Found) -> bool:
    m = _DASH_NAME.match(text, q.end)
    if m is None or not m.group(1)[:1].isupper() or len(m.group(1)) < 3:
        return False
    a, b = m.start(1), m.end(1)
    while b > a and text[b - 1] == ".":
        b -= 1
    q.speaker, q.cue, q.cue_start, q.cue_end = (a, b), text[q.end:m.start(1)].strip(), None, None
    return True


def _gap(f: Found) -> int:
    c = f.cue_start if f.cue_start is not None else f.start
    return min(abs(c - f.start), abs(c - f.end))


@register("quotes")
class QuotesStage(Stage):
    """Writes `reading.quotes` and adds an actor for each speaker the actors stage did not have."""

    def __init__(self, *, min_direct_words: int = 4, continue_paragraphs: int = 2):
        self.min_direct_words = min_direct_words
        self.continue_paragraphs = continue_paragraphs

    def match(self, reading: Reading) -> list[Found]:
        doc, text = reading.doc, reading.article.text
        if doc is None:
            return []
        marks = quote_marks(text)
        said = speech(doc, text)
        out: list[Found] = []
        used: set[int] = set()
        for f in said:
            inside = [k for k, (a, b) in enumerate(marks) if f.start <= a and b <= f.end + 1]
            overlap = [k for k, (a, b) in enumerate(marks) if a < f.end and f.start < b]
            if overlap and not (f.cue_start is not None and any(marks[k][0] <= f.cue_start < marks[k][1] for k in overlap)):
                # the verb's clause starts or ends inside a quote: the verb introduces that quote
                covering = [k for k in overlap
                            if min(marks[k][1], f.end) - max(marks[k][0], f.start) >= 0.6 * (f.end - f.start)
                            or marks[k][0] < f.start < marks[k][1]]
                if covering:  # the verb's clause is the quote itself: this is its speaker
                    for k in covering:
                        if k not in used:
                            used.add(k)
                            a, b = marks[k]
                            out.append(dataclasses.replace(f, start=a, end=b, type="direct"))
                    continue
                used.update(inside)
                f.type = "partial"
            if f.cue_start is not None and any(a <= f.cue_start < b for a, b in marks):
                continue  # a speech verb inside someone's quote
            out.append(f)
        # direct quotes whose verb the parse did not tie to them: the verb beside the quote
        verbs: dict[int, list] = {}  # sentence start -> its reporting verbs outside quotes
        for k, (a, b) in enumerate(marks):
            if k in used:
                continue
            words = len(text[a:b].split())
            q = Found(a, b, "direct" if words >= self.min_direct_words else "partial")
            if not _dash_attribution(text, q):
                self._attach(doc, text, q, marks, said, verbs)
            if q.type == "partial" and q.speaker is None:
                continue  # a title or scare quotes, nobody's words
            out.append(q)
        # transcript turns
        notes = _not_turns()
        for m in _TURN.finditer(text):
            if m.group(1).strip().upper().replace("’", "'") in notes:
                continue  # "CLARIFICATION: ...", "EDITOR'S NOTE: ...": the newsroom, not a speaker
            a = m.end()
            b = text.find("\n", a)
            b = len(text) if b < 0 else b
            if b - a > 10 and not any(x.start < b and a < x.end for x in out):
                out.append(Found(a, b, "partial", ":", m.start(1), m.end(1), (m.start(1), m.end(1))))
        out.sort(key=lambda f: f.start)
        out = self._join_interrupted(text, out)
        self._continue_speakers(text, out)
        return out

    def _join_interrupted(self, text: str, found: list[Found]) -> list[Found]:
        """'“This is in their heads,” said Caddell, speaking of X. “It is one ...”': one quote."""
        out: list[Found] = []
        for f in found:
            prev = out[-1] if out else None
            if prev is not None and prev.type == f.type == "direct" and f.start - prev.end < 160 \
                    and "\n" not in text[prev.end:f.start] and prev.speaker is not None \
                    and (f.speaker is None or f.speaker == prev.speaker) \
                    and prev.cue_start is not None and prev.end <= prev.cue_start < f.start:
                prev.end = f.end
                continue
            out.append(f)
        return out

    def _attach(self, doc, text: str, q: Found, marks, said: list[Found], verbs: dict | None = None) -> None:
        """Speaker of a quote from the reporting verb next to it, outside any quote."""
        cues, _, _ = _vocab()
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return
        sents = {span[0].sent.start, span[-1].sent.start}
        if span.end < len(doc) and doc[span.end].idx - q.end <= 3 and "\n" not in text[q.end:doc[span.end].idx]:
            sents.add(doc[span.end].sent.start)  # '!” he said.' split off as its own sentence
        cands = []
        verbs = {} if verbs is None else verbs  # per sentence, once: no walk per quote
        for si in sents:
            if si not in verbs:
                verbs[si] = [t for t in doc[si].sent if t.lemma_.lower() in cues and t.pos_ in ("VERB", "AUX")
                             and not is_anonymity(t) and not _in_marks(marks, t.idx)]
            for t in verbs[si]:
                if "\n" not in text[min(t.idx, q.end):max(t.idx, q.start)]:  # same paragraph
                    cands.append(t)
        # a verb inside a clause describing someone ("a man who said he saw it", "a video
        # he posted") frames the quote only when no main verb does
        main = [t for t in cands if t.dep_ not in ("relcl", "acl")]
        cands = main or cands
        # the colon form: 'X said:' closing the sentence before the quote
        before = text[max(0, q.start - 3):q.start]
        if not cands and ":" in before and span[0].i > 0:
            prev = doc[span[0].i - 1].sent
            cands = [t for t in prev if t.lemma_.lower() in cues and t.pos_ == "VERB"]
        if not cands:
            return
        tok = min(cands, key=lambda t: min(abs(t.idx - q.end), abs(t.idx - q.start)))
        subj = _subject(tok, ("nsubj", "nsubjpass"))
        if subj is not None and subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
            subj = tok.head  # "..., said a resident who told Reuters ..."
        if subj is None:
            # "said X", inverted: the subject follows the verb
            subj = next((c for c in tok.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if subj is None or any(a <= subj.idx < b for a, b in marks):
            return
        q.cue, q.cue_start, q.cue_end = _cue_text(tok), tok.idx, tok.idx + len(tok)
        q.speaker = _np_span(doc, subj)
        q.stance = cues.get(tok.lemma_.lower(), "claim")

    def _continue_speakers(self, text: str, found: list[Found]) -> None:
        """A quote with no verb continues the last speaker within a couple of paragraphs."""
        last = None
        for f in found:
            if f.speaker is not None:
                last = f
                continue
            if last is not None and text.count("\n\n", last.end, f.start) <= self.continue_paragraphs \
                    and f.start - last.end < 1500:
                f.speaker, f.cue, f.stance = last.speaker, last.cue, last.stance

    def set_annotations(self, reading: Reading, result: list[Found]) -> None:
        text = reading.article.text
        body = reading.article.dateline.body_start if reading.article.dateline else 0
        for f in result:
            if f.start < body < f.end:
                f.start = _trim(text, body, f.end)[0]  # the dateline is nobody's words
        _, _, channels = _vocab()
        doc = reading.doc
        speakers: list[tuple[int, int, Actor]] = []
        mentions: dict[str, tuple[int, int]] = {}
        for f in result:
            actor = None
            spk_text = ""
            if f.speaker is not None:
                a, b = f.speaker
                spk_text = text[a:b]
                actor = self._link(reading, a, b, speakers)
                speakers.append((a, b, actor))
                mentions[reading.next_id("q", reading.quotes)] = (a, b)
            reading.quotes.append(Quote(
                id=reading.next_id("q", reading.quotes), speaker=actor.id if actor else None,
                speaker_text=spk_text, cue=f.cue, start=f.start, end=f.end, type=f.type,
                channel=_channel(doc, text, f, channels), text=text[f.start:f.end],
                cue_start=f.cue_start, cue_end=f.cue_end, stance=f.stance))
        self._introduced_then_named(reading, mentions)

    @staticmethod
    def _introduced_then_named(reading: Reading, mentions: dict[str, tuple[int, int]]) -> None:
        """'A Ukrainian soldier said ... "..." serviceman Taras Melnyk said': a speaker
        introduced by description and named at the next quote is that person, when the
        words around the name describe them the same way (soldier ~ serviceman, nurse ~
        nurse). Someone 'who asked not to be named' is never the next named speaker."""
        text = reading.article.text
        acts = {a.id: a for a in reading.actors}
        qs = reading.quotes
        for i, q in enumerate(qs[:-1]):
            a = acts.get(q.speaker)
            if not q.speaker_text.lower().startswith(("a ", "an ")) or a is None or a.type == "person":
                continue
            if q.id in mentions and unnamed_by_choice(text, mentions[q.id][1]):
                continue
            nxt = qs[i + 1]
            b = acts.get(nxt.speaker)
            if b is not None and b.type == "person" and nxt.start - q.end < 600 \
                    and _same_description(reading, q.speaker_text, b):
                q.speaker = b.id
                if b.country_code is None:
                    b.country_code = a.country_code

    @staticmethod
    def _member_of_earlier_group(reading: Reading, a: int, b: int, speakers) -> Actor | None:
        """'a commander of the group', 'a spokesman for the movement': someone speaking for the
        armed group named before, on its side (as 'the leader of Russia's Wagner group' is)."""
        text = reading.article.text
        m = _GROUP_REF.match(text[a:b])
        if m is None:
            return None
        armed = ("rebel", "militia", "pmc")
        groups = [x for x in reading.actors if x.end <= a and x.type != "person"
                  and (x.type in armed or description_kind(x.text.lower()) in armed or m.group(2).lower() in x.text.lower())]
        said = {s[2].id: text[s[0]:s[1]].lower() for s in speakers if s[2] is not None and s[1] <= a}
        groups += [x for x in reading.actors if x.id in said and x not in groups and description_kind(said[x.id]) in armed]
        if not groups:
            return None
        g = max(groups, key=lambda x: (x.id in said, x.start))  # the group that has been speaking
        kind = g.type if g.type in armed else description_kind(said.get(g.id, g.text.lower()))
        kind = kind if kind in armed else g.type
        role = m.group(1).split()[-1]
        actor = Actor(id=reading.next_id("a", reading.actors), text=text[a:b], start=a, end=b,
                      name=f"{role.capitalize()} of {g.name}", country_code=g.country_code, type=kind)
        reading.actors.append(actor)
        return actor

    def _link(self, reading: Reading, a: int, b: int, speakers) -> Actor | None:
        text = reading.article.text
        mention = text[a:b]
        low = mention.lower()
        if (member := self._member_of_earlier_group(reading, a, b, speakers)) is not None:
            return member
        inside = [x for x in reading.actors if x.start < b and a < x.end]
        if inside:
            return max(inside, key=lambda x: (x.type == "person", x.end - x.start))
        if low in PRONOUNS:
            want = PRONOUNS[low]
            earlier = [s for s in speakers if s[2] is not None and s[1] <= a]
            people = [x for x in reading.actors if x.end <= a and (want is None or x.type == "person")]
            if want == "person":  # "he", "she": the last one person who spoke, named or not
                pool = [s[2] for s in earlier if _individual(text, s[0], s[1], s[2])]
            else:
                pool = [s[2] for s in earlier]
            pool = pool or people
            if pool:
                return max(pool, key=lambda x: x.start) if pool is people else pool[-1]
            return None
        head = low.split()[-1] if low.split() else ""
        if low.startswith(("the ", "this ", "that ")) and head:
            # "the soldier", "the minister": the nearest earlier mention with that head noun
            for x in sorted(reading.actors, key=lambda x: -x.start):
                if x.end <= a and head in x.text.lower():
                    return x
        doc = reading.doc
        span = doc.char_span(a, b, alignment_mode="expand") if doc is not None else None
        kind = "other"
        if span is not None and any(t.ent_type_ == "PERSON" for t in span):
            kind = "person"
        elif re.search(r"\b(?:news|times|post|journal|reuters|press|agency|tv|television|radio|newspaper|magazine)\b", low):
            kind = "media"
        else:  # "a resident", "a villager", "a senior military official": a speaker by role
            kind = description_kind(low)
        cc = None
        if kind in ("civilians", "person") and span is not None:  # an eyewitness is from where they stand
            sent = span.sent
            here = [p for p in reading.places if sent.start_char <= p.start < sent.end_char and p.country_code]
            cc = here[0].country_code if here else None
        actor = Actor(id=reading.next_id("a", reading.actors), text=mention, start=a, end=b,
                      name=re.sub(r"^(?:the|a|an)\s+", "", mention, flags=re.I), country_code=cc, type=kind)
        reading.actors.append(actor)
        return actor


_GROUP_REF = re.compile(r"^(?:an?|the|one|another|senior|local|\s)*([\w-]+(?: [\w-]+)?) (?:of|for|from|in|with|close to) (?:the|that|this) "
                        r"(group|movement|militia|organi[sz]ation|rebels|insurgents|faction|militants|fighters)$", re.I)


@functools.lru_cache(maxsize=1)
def _individuals() -> dict[str, str]:
    """Singular nouns for one unnamed person ('a resident', 'a man') and the actor kind each gives."""
    out = {}
    for kind, words in vocab.load("actors")["individuals"].items():
        for w in words:
            out[w] = kind
    return out


def description_kind(low: str) -> str:
    """Actor kind of a speaker described by role: the actor vocabulary's kind nouns first
    ('a senior military official' -> military), then one person ('a resident' -> civilians)."""
    kind = kind_of_name(low)
    if kind != "other":
        return kind
    words = re.findall(r"[\w-]+", low)
    for w in reversed(words):
        # "witnesses", "residents": several people described by the same role
        for one in (w, w[:-2] if w.endswith("sses") else None, w[:-1] if w.endswith("s") else None):
            if one in _individuals():
                return _individuals()[one]
    return "other"


def _individual(text: str, a: int, b: int, actor: Actor) -> bool:
    """Whether a speaker mention is one person: a named person or one described by role."""
    if actor.type == "person":
        return True
    words = re.findall(r"[\w-]+", re.split(r"\s+(?:of|from|in|at|with|for)\s+", text[a:b].lower())[0])
    if not words or words[0] not in ("a", "an", "one", "another"):
        return False  # "the president" names someone the text has named before
    return words[-1] in _individuals() or words[-1] in _ROLE_NOUNS  # "a mother of three": mother


_ROLE_NOUNS = {"official", "spokesman", "spokeswoman", "spokesperson", "commander", "leader", "officer", "soldier",
               "minister", "governor", "mayor", "director", "chief", "head", "source", "president", "diplomat",
               "analyst", "lawyer", "member", "aide", "adviser", "advisor", "fighter", "militant", "gunman"}


def _same_description(reading: Reading, desc: str, person: Actor) -> bool:
    """Whether the words around a named speaker ('serviceman and vlogger Andrii Babychev',
    'Babagana Umar, a district official,') describe them as `desc` does."""
    text = reading.article.text
    left = text[max(0, person.start - 60):person.start]
    left = re.split(r"[.;:!?\n“”\"]", left)[-1]
    right = re.match(r"[^\S\n]*,[^\S\n]*((?:a|an|the)\b[^,.;\n]{0,80})", text[person.end:])
    around = " ".join([left, right.group(1) if right else ""]).lower()
    words = set(re.findall(r"[\w-]+", around))
    dwords = re.findall(r"[\w-]+", re.split(r"\s+(?:of|from|in|at|with|for)\s+", desc.lower())[0])
    if not dwords or not words:
        return False
    head = dwords[-1]
    if head in words or head.rstrip("s") in words or head + "s" in words:
        return True
    kind = description_kind(desc.lower())
    return kind not in ("other", "person") and description_kind(around) == kind


def _channel(doc, text: str, f: Found, channels) -> str | None:
    """'in a Facebook post', 'in a video posted on Telegram', 'told Reuters', 'on state television'."""
    if doc is None:
        return None
    anchor = f.cue_start if f.cue_start is not None else f.start
    span = doc.char_span(anchor, anchor + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    a, b = sent.start_char, sent.end_char
    window = text[a:b]
    screen = _channel_screen()
    words = screen.literals(window.lower()) if folds_safely(window) else None
    # what the quote itself says is not its channel
    for rx, label in channels:
        if words is not None and not screen.may_match(rx, words):
            continue
        for m in rx.finditer(window):
            s = a + m.start()
            if f.start <= s < f.end:
                continue
            groups = [g for g in m.groups() if g]
            return label.format(*groups) if groups else label
    return None

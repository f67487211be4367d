"""Bounded cost per article (issue 19): the parse in bounded pieces, and a time budget per stage.

Parse. spaCy's parse of a text with no sentence ends is the big cost of a hostile article
(one word repeated, a table flattened to one line): its memory grows with the "sentence"
and the stages that walk a sentence per token turn quadratic. `pieces` cuts the text the
parser sees at newlines, sentence ends and, inside a run longer than `max_sentence`
characters, at whitespace; each piece is parsed on its own and the docs are joined with
`Doc.from_docs`, which keeps the text (so every offset) exactly. An ordinary article (up
to `whole_chars`, no run longer than `max_sentence`) is parsed whole, as before.

Stages. A stage that overruns `stage_seconds` on one article is stopped and recorded as a
StageError E016 on that article; the batch goes on. Python offers no safe way to kill a
thread, so the stop is an exception (`StageTimeout`, a BaseException that no stage's
`except Exception` swallows) raised asynchronously in the running thread at its next
bytecode by one watchdog thread per process (`PyThreadState_SetAsyncExc`). What it
interrupts is per-article work only: the stages' shared tables (model, gazetteer,
vocabularies, all behind lru_cache) are loaded by `Pipeline.warm()` before any budget is
armed, and a stop that lands after the stage returned is cleared, never leaked.
"""
from __future__ import annotations

import ctypes
import itertools
import os
import re
import threading
import time

_ENDS = re.compile(r"\n+|[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s")


class StageTimeout(BaseException):
    """Raised in a stage that overran its budget (BaseException: `except Exception` lets it pass)."""


def _cut_run(text: str, a: int, b: int, limit: int) -> list[int]:
    """Cut points inside text[a:b] so no piece is longer than `limit`, at whitespace when there is one."""
    cuts = []
    while b - a > limit:
        end = a + limit
        ws = text.rfind(" ", a + limit // 2, end)
        if ws < 0:
            m = _SPACE.search(text, a + limit // 2, end)
            ws = m.start() if m else -1
        cut = ws + 1 if ws >= 0 else end
        cuts.append(cut)
        a = cut
    return cuts


def pieces(text: str, *, max_sentence: int = 2000, whole_chars: int = 20000) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text` exactly, to parse one by one (see module doc)."""
    n = len(text)
    bounds = [0]
    long_run = False
    prev = 0
    for m in itertools.chain(_ENDS.finditer(text), [None]):
        end = m.end() if m else n
        if end - prev > max_sentence:
            long_run = True
            bounds.extend(_cut_run(text, prev, end, max_sentence))
        if end > prev:
            bounds.append(end)
        prev = end
    if not long_run and n <= whole_chars:
        return [(0, n)]
    # group whole sentences into pieces of up to max_sentence characters
    out: list[tuple[int, int]] = []
    start = last = 0
    for b in bounds[1:]:
        if b - start > max_sentence and last > start:
            out.append((start, last))
            start = last
        last = b
    if last > start:
        out.append((start, last))
    return out


def parse(nlp, texts: list[str], *, batch_size: int, max_sentence: int, whole_chars: int,
          seconds: float | None = None) -> list:
    """Docs for `texts`, each long one parsed in bounded pieces and joined (text and offsets
    kept). A long article whose parse runs past `seconds` (a text of punctuation is a token
    per character) gets None: its reading records E016 for the parse and skips the stages."""
    from spacy.tokens import Doc

    plans = [pieces(t, max_sentence=max_sentence, whole_chars=whole_chars) for t in texts]
    out: list = [None] * len(texts)
    whole = [i for i, plan in enumerate(plans) if len(plan) == 1]
    for i, doc in zip(whole, nlp.pipe((texts[i] for i in whole), batch_size=batch_size)):
        out[i] = doc
    for i, plan in enumerate(plans):
        if len(plan) == 1:
            continue
        t0 = time.monotonic()
        parts = []
        for doc in nlp.pipe((texts[i][a:b] for a, b in plan), batch_size=4):
            parts.append(doc)
            if seconds and time.monotonic() - t0 > seconds and len(parts) < len(plan):
                break
        if len(parts) < len(plan):
            continue  # over budget: None
        doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # no stage reads vectors
        assert doc.text == texts[i], "pieces must join to the article's text"
        out[i] = doc
    return out


class Watchdog:
    """One thread per process that raises StageTimeout in a thread whose armed deadline passed."""

    def __init__(self):
        self.cv = threading.Condition()
        self.jobs: dict[int, tuple[int, float]] = {}
        self.fired: set[int] = set()
        self.ids = itertools.count()
        self.pid = os.getpid()
        threading.Thread(target=self._run, name="dateline-budget", daemon=True).start()

    def arm(self, seconds: float) -> int:
        with self.cv:
            token = next(self.ids)
            self.jobs[token] = (threading.get_ident(), time.monotonic() + seconds)
            self.cv.notify()
            return token

    def disarm(self, token: int) -> bool:
        """True if the stop was sent; a stop still pending in this thread is cleared.

        Takes no lock: a stop delivered while this thread held the watchdog's lock (just
        acquired, inside `Condition.__enter__`, before the `with` could release it) left the
        lock held for good and every later stage of the process waiting on it. Whoever pops
        the job owns it: popped here, no stop was or will be sent; popped by the watchdog, its
        stop is sent before the token shows in `fired`, and what is pending is cleared then."""
        if self.jobs.pop(token, None) is not None:
            return False
        while token not in self.fired:
            time.sleep(0.0005)
        self.fired.discard(token)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)
        return True

    def _run(self) -> None:
        with self.cv:
            while True:
                if not self.jobs:
                    self.cv.wait()
                    continue
                token, (tid, deadline) = min(list(self.jobs.items()), key=lambda kv: kv[1][1])
                now = time.monotonic()
                if now < deadline:
                    self.cv.wait(deadline - now)
                    continue
                if self.jobs.pop(token, None) is None:
                    continue  # disarmed meanwhile (disarm takes no lock)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(StageTimeout))
                self.fired.add(token)


_DOG: Watchdog | None = None
_DOG_LOCK = threading.Lock()


def watchdog() -> Watchdog:
    """This process's watchdog (a forked worker starts its own: threads do not survive fork)."""
    global _DOG
    with _DOG_LOCK:
        if _DOG is None or _DOG.pid != os.getpid():
            _DOG = Watchdog()
        return _DOG

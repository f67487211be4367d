"""Bounded cost per article (issue 19): hostile texts get a reading or a named error, fast."""
from __future__ import annotations

import time

import pytest

from dateline.article import Article
from dateline.budget import pieces
from dateline.pipeline import Pipeline, Stage, load_config, register
from dateline.read import read_string

HOSTILE = {
    "word": "shelling " * 2_000,
    "line": "troops shelled the village near Kharkiv killing two civilians, " * 300,
    "quotes": '"We will rebuild," he said, " ' * 600,
    "numbers": "12 34,500 7.5 1987 " * 900,
    "nospace": "x" * 9_000,
}


@pytest.mark.parametrize("text", ["", "abc", "One. Two! Three?\n\nFour " * 50, "word " * 5_000, "x" * 9_000,
                                  "a\r\nb\u2028c. " * 3_000])
def test_pieces_cover_the_text_and_stay_bounded(text):
    p = pieces(text, max_sentence=2_000, whole_chars=20_000)
    assert "".join(text[a:b] for a, b in p) == text
    assert len(p) == 1 or all(b - a <= 2_000 for a, b in p)


def test_ordinary_article_is_parsed_whole():
    text = "KYIV (Reuters) - Russian forces shelled Izium on Monday. Two civilians died, officials said.\n\n" * 20
    assert pieces(text) == [(0, len(text))]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_article_is_read_in_bounded_time(read, kind):
    t0 = time.perf_counter()
    r = read(HOSTILE[kind])
    assert time.perf_counter() - t0 < 15
    assert r.doc.text == HOSTILE[kind]  # offsets hold across the pieces
    assert not [e for e in r.errors if e.code == "E010"], r.errors
    assert max(len(s.text) for s in r.doc.sents) <= 2_000


def test_too_long_article_is_refused_naming_the_limit():
    (err,) = list(read_string("date 2024-05-11 " + "word " * 50_000, name="big.txt"))
    assert "limit is 200,000" in err.problem and "--max-chars" in err.problem and "E006" in err.problem


@register("test_sleepy")
class Sleepy(Stage):
    needs_doc = False

    def __init__(self, *, seconds: float = 5.0):
        self.seconds = seconds

    def match(self, reading):
        if reading.article.id == "slow":
            end = time.monotonic() + self.seconds
            try:
                while time.monotonic() < end:  # pure Python: stoppable at any bytecode
                    pass
            except Exception:  # a stage's own handler must not swallow the stop
                pass
        return reading.article.id

    def set_annotations(self, reading, result):
        reading.article.title = f"seen {result}"


def test_stage_over_budget_is_stopped_and_named_and_batch_goes_on():
    cfg = load_config(overrides={"pipeline": ["test_sleepy"], "limits": {"stage_seconds": 0.3}})
    pipe = Pipeline(cfg)
    arts = [Article(id=i, date="2024-05-11", text="Troops shelled Izium.") for i in ("a", "slow", "b")]
    t0 = time.perf_counter()
    a, slow, b = pipe.run_batch(arts)
    assert time.perf_counter() - t0 < 3
    assert a.article.title == "seen a" and b.article.title == "seen b" and not a.errors and not b.errors
    (e,) = slow.errors
    assert e.code == "E016" and e.stage == "test_sleepy"
    assert "0.3 s" in e.message and "stage_seconds" in e.message
    time.sleep(0.4)  # no stop left over: later work in this thread runs undisturbed
    assert pipe.run_batch([arts[0]])[0].errors == []


def test_parse_over_budget_is_named_and_stages_skipped(pipeline):
    cfg = load_config(overrides={"limits": {"stage_seconds": 1e-6}})
    pipe = Pipeline(cfg)
    pipe._nlp, pipe._warm = pipeline.nlp, True  # the session's model, already warm
    long, short = ('"' * 5_000), "Police detained 40 protesters in Tbilisi on Saturday."
    r_long, r_short = pipe.run_batch([Article(id="q", date="2024-05-11", text=long),
                                      Article(id="s", date="2024-05-11", text=short)])
    (e,) = r_long.errors
    assert e.stage == "nlp" and e.code == "E016" and "stage_seconds" in e.message and r_long.doc is None
    assert r_short.doc is not None


def test_article_budget_bounds_all_stages_together():
    cfg = load_config(overrides={"pipeline": ["dateline", "test_sleepy", "test_sleepy2"],
                                 "stages": {"test_sleepy2": {"factory": "test_sleepy"}},
                                 "limits": {"stage_seconds": 5, "article_seconds": 0.5}})
    pipe = Pipeline(cfg)
    for _, st in pipe.stages[1:]:
        st.needs_doc = True
    pipe._warm = True
    pipe._nlp = __import__("dateline.nlp", fromlist=["load_nlp"]).load_nlp()
    t0 = time.perf_counter()
    (r,) = pipe.run_batch([Article(id="slow", date="2024-05-11", text="Troops shelled Izium.")])
    assert time.perf_counter() - t0 < 2.5
    assert [(e.stage, e.code) for e in r.errors] == [("test_sleepy", "E016"), ("test_sleepy2", "E016")]
    assert "article_seconds" in r.errors[0].message


def test_stops_that_land_as_a_stage_ends_never_wedge_the_watchdog():
    """Budgets that run out just as the work ends, many times over: each ends with a stop or
    without one, and afterwards a budget still arms and disarms at once (a stop delivered while
    the watchdog's lock was held used to leave it held, and every later stage waiting)."""
    import threading

    from dateline.budget import StageTimeout, watchdog

    dog = watchdog()
    stopped = 0
    for i in range(200):
        try:
            token = dog.arm(0.003)
            try:
                end = time.perf_counter() + 0.0005 * (i % 12)  # ends before, at or after the budget
                while time.perf_counter() < end:
                    pass
            finally:
                if dog.disarm(token):
                    raise StageTimeout()
        except StageTimeout:
            stopped += 1
    done = threading.Event()

    def again():
        dog.disarm(dog.arm(5.0))
        done.set()

    threading.Thread(target=again, daemon=True).start()
    assert done.wait(2.0) and 0 < stopped < 200

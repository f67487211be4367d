"""The stage registry and the per-article run."""
from __future__ import annotations

import pytest

from dateline.article import Article
from dateline.errors import DatelineError
from dateline.pipeline import REGISTRY, Pipeline, Stage, load_config, parse_text, register


def test_every_stage_registered_with_default_config():
    Pipeline.__init__  # noqa: B018 - importing the module registers nothing by itself
    cfg = load_config()
    assert cfg["pipeline"] == ["dateline", "places", "times", "numbers", "actors", "quotes", "events"]
    Pipeline(cfg)
    assert set(cfg["pipeline"]) <= set(REGISTRY)


def test_unknown_stage_is_a_coded_error():
    cfg = load_config(overrides={"stages": {"places": {"factory": "no-such-geocoder"}}})
    with pytest.raises(DatelineError) as e:
        Pipeline(cfg)
    assert "E005" in str(e.value) and "no-such-geocoder" in str(e.value)


@register("test.failing")
class _Failing(Stage):
    needs_doc = False

    def __init__(self, *, when: str = "boom"):
        self.when = when

    def match(self, reading):
        if self.when in reading.article.text:
            raise ValueError("cannot cope")

    def set_annotations(self, reading, result):
        pass


def test_stage_swapped_by_config_and_failure_recorded_per_article(pipeline):
    cfg = load_config(overrides={"pipeline": ["dateline", "crash"],
                                 "stages": {"crash": {"factory": "test.failing", "when": "boom"}}})
    p = Pipeline(cfg)
    out = list(p.run([Article(id="1", date="2023-03-02", text="a boom here"),
                      Article(id="2", date="2023-03-02", text="all quiet")]))
    assert [r.article.id for r in out] == ["1", "2"]
    assert out[0].errors[0].stage == "crash" and "cannot cope" in out[0].errors[0].message
    assert out[1].errors == []
    assert "errors" in out[0].to_dict() and "errors" not in out[1].to_dict()


def test_config_file_toml(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('pipeline = ["dateline", "times"]\n[stages.times]\nfactory = "times"\n', encoding="utf-8")
    assert load_config(f)["pipeline"] == ["dateline", "times"]


def test_dateline_blanked_for_the_parse_offsets_kept():
    from dateline.stages.dateline import find_dateline

    a = Article(id="x", date="2023-03-02", text="MOSCOW (Reuters) - The Kremlin said.")
    a.dateline = find_dateline(a.text, a.date)
    t = parse_text(a)
    assert len(t) == len(a.text) and t.strip() == "The Kremlin said." and "MOSCOW" not in t


def test_every_offset_points_at_its_text(read):
    r = read("KHARKIV, Ukraine (Reuters) - Russian missiles hit Kharkiv on Tuesday, killing "
             "three people, governor Oleh Syniehubov said. \"We will rebuild,\" he said.")
    text = r.article.text
    assert r.places and r.times and r.actors and r.quotes and r.events
    for layer in (r.places, r.times, r.actors):
        for x in layer:
            assert text[x.start:x.end] == x.text
    for q in r.quotes:
        assert text[q.start:q.end] == q.text
    for e in r.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
    ids = [x.id for layer in (r.places, r.times, r.actors, r.quotes, r.events) for x in layer]
    assert len(ids) == len(set(ids))


def _gazetteer_in_worker(_):
    from dateline import gazetteer

    return gazetteer.load.cache_info().misses, id(gazetteer.load())


def test_forked_workers_use_the_gazetteer_built_once_in_the_parent():
    import multiprocessing as mp

    from dateline import gazetteer
    from dateline import pipeline as P

    cfg = load_config()
    P.prepare_parallel(cfg)  # what run_parallel does before it forks
    built, ident = gazetteer.load.cache_info().misses, id(gazetteer.load())
    with mp.get_context("fork").Pool(2, initializer=P._init_worker, initargs=(cfg,)) as pool:
        seen = pool.map(_gazetteer_in_worker, range(4))
    assert seen == [(built, ident)] * 4  # inherited pages: no worker built or loaded its own

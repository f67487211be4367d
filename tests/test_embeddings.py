"""The token-embedding cache (embeddings.py): the same vectors as the model computes, each
word form computed once, memory bounded, training untouched."""
from __future__ import annotations

import numpy
import pytest

from dateline import embeddings
from dateline.nlp import load_nlp

TEXTS = (
    "Shelling hit the port of Kherson on Tuesday, the regional governor said in a Telegram post.",
    "The governor said the shelling of Kherson went on into Wednesday; two people were hurt.",
    "  Odd   spacing,\n\nand a new paragraph: the port reopened on Thursday.",
)


@pytest.fixture(scope="module")
def stock():
    return load_nlp(fast_rules=False)


def _tok2vec_copy(stock):
    """A fresh copy of the stock model's tok2vec, so a test can install its own cache."""
    return stock.get_pipe("tok2vec").model.copy()


def test_cached_vectors_equal_the_models_own(stock):
    model = _tok2vec_copy(stock)
    docs = [stock.make_doc(t) for t in TEXTS]
    want = model.predict(docs)
    assert embeddings.install(model)
    for _ in range(2):  # cold, then every row from the cache
        got = model.predict(docs)
        assert all(numpy.array_equal(a, b) for a, b in zip(want, got))


def test_each_distinct_word_form_is_computed_once(stock):
    model = _tok2vec_copy(stock)
    embeddings.install(model)
    cache = embeddings.cache_of(model)
    docs = [stock.make_doc(t) for t in TEXTS[:2]]
    model.predict(docs)
    # the cache is keyed by the embedding's attributes: the lower-case norm, affixes, shape,
    # and (in this tok2vec) the space after the token
    keys = {(t.norm_, t.prefix_, t.suffix_, t.shape_, bool(t.whitespace_), t.is_space) for d in docs for t in d}
    assert len(cache.known) == len(keys) < sum(len(d) for d in docs)
    before = len(cache.known)
    model.predict([stock.make_doc(TEXTS[1])])
    assert len(cache.known) == before  # nothing new to compute


def test_a_full_cache_keeps_its_rows_and_still_gives_the_right_vectors(stock):
    model = _tok2vec_copy(stock)
    docs = [stock.make_doc(t) for t in TEXTS]
    want = model.predict(docs)
    embeddings.install(model, limit=10)
    got = model.predict(docs)
    assert len(embeddings.cache_of(model).known) <= 10
    assert all(numpy.array_equal(a, b) for a, b in zip(want, got))


def test_install_is_idempotent_and_training_goes_to_the_wrapped_layer(stock):
    model = _tok2vec_copy(stock)
    assert embeddings.install(model) and embeddings.install(model)
    assert [n.name for n in model.walk()].count(embeddings.NAME) == 1
    docs = [stock.make_doc(TEXTS[0])]
    out, backprop = model.begin_update(docs)  # training: the wrapped layer, with its gradients
    assert len(embeddings.cache_of(model).known) == 0
    backprop([numpy.ones_like(out[0])])
    table = next(n for n in model.walk() if n.name == "hashembed")
    assert table.has_grad("E") and numpy.abs(table.get_grad("E")).sum() > 0  # gradients reach the embeddings


def test_a_model_with_no_embedding_step_is_left_alone(stock):
    tagger = stock.get_pipe("tagger").model  # reads the shared tok2vec through a listener
    assert embeddings.install(tagger.copy()) is False


def test_the_loaded_model_caches_both_of_its_tok2vecs():
    nlp = load_nlp()
    assert embeddings.cache_of(nlp.get_pipe("tok2vec").model) is not None
    assert embeddings.cache_of(nlp.get_pipe("ner").model) is not None

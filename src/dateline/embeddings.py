"""A cache of the model's token embeddings, per word form (issue 20: parse cheaply).

spaCy's tok2vec first embeds each token from a few of its own attributes (NORM, PREFIX,
SUFFIX, SHAPE, and in the shared tok2vec SPACY and IS_SPACE): hash-table lookups, then a
maxout layer and a layer norm, row by row. That step reads nothing else, so a token whose
attributes were seen before gets the same row again, and in news most tokens are forms seen
before. `EmbeddingCache` wraps the step (thinc's `replace_node`; the weights stay the same
objects), looks each token's attribute row up, and runs the step only on rows it has not
seen. The CNN that adds context after this step runs as before, and training (`is_train`)
goes straight to the wrapped step. Part of `fast_rules` (nlp.py): same annotations, faster.

No maintained library caches a thinc layer's rows, hence this small layer.
"""
from __future__ import annotations

import threading

import numpy

NAME = "dateline_embedding_cache"
CACHES: dict[int, "EmbeddingCache"] = {}  # by the id of the thinc node that holds each


def embed_step(model):
    """The node of `model` that embeds tokens (`extract_features >> ... >> ragged2list`), or
    its cache when one is installed; None when it has none."""
    for node in model.walk():
        if node.name == NAME:
            return node
        if node.layers and node.layers[0].name == "extract_features" and node.name.endswith("ragged2list"):
            return node
    return None


class EmbeddingCache:
    """Rows of one embedding step by attribute row, at most `limit` of them (then rows not
    seen are computed for each batch and not kept: memory stays bounded)."""

    def __init__(self, inner, *, limit: int):
        self.inner = inner
        self.extract, self.rest = inner.layers[0], inner.layers[1:]
        self.width = inner.get_dim("nO")
        self.limit = limit
        self.known: dict[tuple, int] = {}
        self.rows = numpy.empty((0, self.width), dtype="float32")
        self.lock = threading.Lock()  # the server may parse from more than one thread

    def _compute(self, features: numpy.ndarray) -> numpy.ndarray:
        out = [features]
        for layer in self.rest:
            out = layer.predict(out)
        return out[0]

    def __call__(self, docs: list) -> list[numpy.ndarray]:
        feats = self.extract.predict(docs)  # one array of attribute rows per doc
        total = sum(len(f) for f in feats)
        if not total:
            return [self.rows[:0] for _ in feats]
        allf = numpy.concatenate(feats) if len(feats) > 1 else feats[0]
        keys = list(zip(*allf.T.tolist()))
        with self.lock:
            known = self.known
            new: dict[tuple, int] = {}  # attribute row -> its first position in this batch
            for i, k in enumerate(keys):
                if k not in known and k not in new:
                    new[k] = i
            table = self.rows
            if new:
                fresh = self._compute(numpy.ascontiguousarray(allf[list(new.values())]))
                n = len(known)
                if n + len(new) > self.limit:  # full: this batch's new rows are not kept
                    spare = {k: m for m, k in enumerate(new)}
                    old = numpy.array([k in known for k in keys])
                    out = numpy.empty((len(keys), self.width), dtype=fresh.dtype)
                    out[old] = table[[known[k] for k, o in zip(keys, old) if o]]
                    out[~old] = fresh[[spare[k] for k, o in zip(keys, old) if not o]]
                    return _split(out, feats)
                if n + len(new) > len(table):
                    grown = numpy.empty((max(2 * (n + len(new)), 4096), self.width), dtype=fresh.dtype)
                    grown[:n] = table[:n]
                    table = self.rows = grown
                table[n:n + len(new)] = fresh
                for m, k in enumerate(new):
                    known[k] = n + m
            out = table[[known[k] for k in keys]]
        return _split(out, feats)


def _split(rows: numpy.ndarray, feats: list) -> list[numpy.ndarray]:
    """`rows` cut back into one array per doc."""
    return numpy.split(rows, numpy.cumsum([len(f) for f in feats])[:-1])


def install(model, *, limit: int = 100_000) -> bool:
    """Put a cache of at most `limit` rows in place of the embedding step of `model` (a
    tok2vec, or a component's model holding one). Idempotent; False when there is no step."""
    inner = embed_step(model)
    if inner is None:
        return False
    if inner.name == NAME:
        return True
    from thinc.api import Model

    cache = EmbeddingCache(inner, limit=limit)

    def forward(model, docs, is_train):
        if is_train:
            return inner(docs, is_train)
        return cache(docs), _no_backprop

    wrapper = Model(NAME, forward, layers=[inner], dims={"nO": inner.maybe_get_dim("nO")})
    CACHES[wrapper.id] = cache
    model.replace_node(inner, wrapper)
    return True


def cache_of(model) -> EmbeddingCache | None:
    """The cache installed in `model`, if any."""
    node = embed_step(model)
    return CACHES.get(node.id) if node is not None else None


def _no_backprop(d_out):
    raise NotImplementedError("the embedding cache is for prediction only")

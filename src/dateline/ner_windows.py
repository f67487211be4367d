"""NER over the cores of windows (issue 20): the token vectors a core reads, computed cheaply.

The gate (gate.py) runs NER's transitions over short cores around name candidates, each
reading the token vectors its wider window gives. `WindowVectors` wraps NER's tok2vec so that
a Doc cut down to a core (`user_data[KEY] = (window, offset)`) reads those rows; any other Doc
passes straight through, so the wrapped model still serves whole texts and training.

NER's tok2vec is an embedding, then a CNN of `depth` layers, each reading one row either side
(thinc's `expand_window`, `maxout`, `layernorm`, `residual`), then a linear layer. Only the
core rows' outputs are read, so layer k is computed only on the rows within `depth - k` rows
of a core: the layers' own weights and functions on fewer rows, the same numbers (tested
against the whole computation). A model built otherwise gets the whole computation.

spaCy runs a component on whole Docs only, hence this module.
"""
from __future__ import annotations

import numpy

KEY = "dateline.ner_window"
NAME = "dateline_window_vectors"


def _parts(inner):
    """(embed, pad, [(window, layer)], final) when `inner` is the usual tok2vec:
    chain(chain(embed, with_array(chain(residual(chain(expand_window, layer)) ...))),
    list2array, linear); None otherwise."""
    try:
        head, to_array, final = inner.layers
        embed, encoder = head.layers
        if to_array.name != "list2array" or final.name != "linear" or not encoder.name.startswith("with_array"):
            return None
        steps = []
        for res in encoder.layers[0].layers:
            expand, layer = res.layers[0].layers
            if not res.name.startswith("residual") or expand.name != "expand_window":
                return None
            steps.append((expand.attrs["window_size"], layer))
        return embed, encoder.attrs["pad"], steps, final
    except (ValueError, AttributeError, KeyError):
        return None


def _grow(rows: numpy.ndarray, by: int, total: int) -> numpy.ndarray:
    """`rows` with every row within `by` of one, inside [0, total)."""
    near = (rows[:, None] + numpy.arange(-by, by + 1)).ravel()
    return numpy.unique(near[(near >= 0) & (near < total)])


def core_vectors(parts, windows: list, rows: numpy.ndarray) -> numpy.ndarray:
    """The tok2vec output at `rows` of the windows' rows taken end to end, computing each CNN
    layer only where a later one reads it."""
    embed, pad, steps, final = parts
    vecs = embed.predict(windows)
    width = vecs[0].shape[1]
    starts, at = [], pad  # thinc's with_array puts `pad` zero rows before each doc and after the last
    for v in vecs:
        starts.append(at)
        at += len(v) + pad
    total = at
    X = numpy.zeros((total, width), dtype="float32")
    for s, v in zip(starts, vecs):
        X[s:s + len(v)] = v
    lengths = [len(v) for v in vecs]
    shift = numpy.repeat(numpy.array(starts) - numpy.cumsum([0] + lengths[:-1]), lengths)  # row -> padded row
    flat = rows + shift[rows]
    need = [numpy.unique(flat)]  # rows of the last layer's output that are read
    for n_w, _ in reversed(steps[1:]):  # then the rows each earlier layer's output must hold
        need.append(_grow(need[-1], n_w, total))
    need.reverse()  # need[k - 1]: the rows layer k computes
    zero = numpy.zeros((1, width), dtype="float32")
    for (n_w, layer), want in zip(steps, need):
        Xp = numpy.concatenate([zero] * n_w + [X] + [zero] * n_w)  # seq2col's zeros beyond the ends
        cols = numpy.concatenate([Xp[want + n_w + d] for d in range(-n_w, n_w + 1)], axis=1)
        Y = numpy.zeros_like(X)
        Y[want] = X[want] + layer.predict(cols)
        X = Y
    return final.predict(X[flat])


class WindowVectors:
    """NER's token-vector layer, wrapped so that a core reads its window's vectors (module doc).
    thinc's `replace_node` puts it in place of the model's tok2vec; its weights are the same
    objects."""

    KEY = KEY
    NAME = NAME

    @classmethod
    def install(cls, ner) -> None:
        inner = ner.model.layers[0]
        if inner.name == cls.NAME:
            return
        from thinc.api import Model

        parts = _parts(inner)

        def forward(model, docs, is_train):
            if not docs or cls.KEY not in docs[0].user_data:
                return inner(docs, is_train)
            windows: dict[int, tuple[int, object]] = {}  # id -> (its first row, the window)
            rows, total = [], 0
            for doc in docs:
                window, offset = doc.user_data[cls.KEY]
                if id(window) not in windows:
                    windows[id(window)] = (total, window)
                    total += len(window)
                rows.append(numpy.arange(len(doc)) + windows[id(window)][0] + offset)
            wins = [w for _, w in windows.values()]
            rows = numpy.concatenate(rows)
            if parts is not None and total:
                return core_vectors(parts, wins, rows), _no_backprop
            vectors, _ = inner(wins, False)
            return vectors[rows], _no_backprop

        wrapper = Model(cls.NAME, forward, layers=[inner], dims={"nO": inner.maybe_get_dim("nO")})
        ner.model.replace_node(inner, wrapper)


def _no_backprop(d_vectors):
    raise NotImplementedError("NER on window cores is for prediction only")

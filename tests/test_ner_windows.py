"""NER's token vectors for window cores (ner_windows.py): a core reads its window's rows, the
layer-by-layer shortcut gives the very numbers of the whole computation, other Docs pass."""
from __future__ import annotations

import numpy
import pytest

from dateline import ner_windows
from dateline.gate import Gate
from dateline.ner_windows import WindowVectors


@pytest.fixture(scope="module")
def gate(pipeline):
    return Gate(pipeline.nlp)


def _core(nlp, window, lo: int, hi: int):
    core = nlp.make_doc(window[lo:hi].text)
    assert len(core) == hi - lo
    core.user_data[WindowVectors.KEY] = (window, lo)
    return core


def test_ner_vectors_of_a_core_are_its_windows_and_other_docs_pass_straight_through(gate):
    layer = gate.ner.model.layers[0]
    assert layer.name == WindowVectors.NAME
    inner = layer.layers[0]
    window = gate.nlp.make_doc("Shares of Vale rose in Rio de Janeiro on Monday after the report.")
    core = _core(gate.nlp, window, 4, 9)
    plain = gate.nlp.make_doc("Nothing is cut from this one.")
    want = inner.predict([window])[4:9]
    assert numpy.allclose(layer.predict([core]), want)
    assert numpy.allclose(layer.predict([plain]), inner.predict([plain]))
    assert layer.predict([plain]).shape[0] == len(plain)
    WindowVectors.install(gate.ner)  # a second install leaves the one wrapper
    assert gate.ner.model.layers[0] is layer


def test_only_the_rows_read_are_computed_and_they_are_the_same_numbers(gate):
    """Several windows, several cores in one, a core at a window's edge and one that is its
    whole window: bit for bit the rows of the whole computation."""
    layer = gate.ner.model.layers[0]
    inner = layer.layers[0]
    parts = ner_windows._parts(inner)
    assert parts is not None  # the model has the usual shape, so the shortcut is taken
    nlp = gate.nlp
    w1 = nlp.make_doc("Troops of the 93rd Brigade held Bakhmut while officials in Kyiv and Moscow traded claims.")
    w2 = nlp.make_doc("Reuters could not verify the report.")
    w3 = nlp.make_doc("Zelensky spoke.")
    cores = [_core(nlp, w1, 0, 6), _core(nlp, w1, 10, 15), _core(nlp, w2, 0, 2), _core(nlp, w3, 0, len(w3))]
    whole = inner.predict([w1, w2, w3])
    starts = {id(w1): 0, id(w2): len(w1), id(w3): len(w1) + len(w2)}
    rows = numpy.concatenate([numpy.arange(len(c)) + starts[id(c.user_data[WindowVectors.KEY][0])]
                              + c.user_data[WindowVectors.KEY][1] for c in cores])
    got = layer.predict(cores)
    assert got.shape == (len(rows), whole.shape[1])
    assert numpy.array_equal(got, whole[rows])
    assert numpy.array_equal(ner_windows.core_vectors(parts, [w1, w2, w3], rows), whole[rows])


def test_a_tok2vec_of_another_shape_gets_the_whole_computation(gate):
    shared = gate.nlp.get_pipe("tok2vec").model  # no linear layer at its end
    assert ner_windows._parts(shared) is None


def test_rows_grow_by_the_reach_of_a_layer_within_the_array():
    assert ner_windows._grow(numpy.array([0, 5]), 1, 7).tolist() == [0, 1, 4, 5, 6]
    assert ner_windows._grow(numpy.array([6]), 2, 7).tolist() == [4, 5, 6]

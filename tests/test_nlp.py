"""The model as dateline loads it: the indexed attribute ruler, the cached lemmatizer and the
cached token embeddings must give exactly the annotations of stock spaCy, only faster."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.nlp import CachedLemmatizer, IndexedAttributeRuler, load_nlp, token_ids

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# our own sentences, chosen to hit the ruler's exceptions: contractions, pronouns by
# case, "there is", auxiliaries, spaces, and the lemmatizer's irregular forms
TRICKY = (
    "I ain't gonna say it's over, y'all. Let's go: we've got to move, c'mon!\n\n"
    "There's been fighting; there were geese, mice and oxen on the roads. She'd left, he'd said.\n"
    "Nobody did anything. Doin' nothin' was never the plan, the rebels' leaders said   twice.\n"
    "Their better-armed units fought harder than ours; it was the worst of the battles."
)


@pytest.fixture(scope="module")
def both():
    return load_nlp(fast_rules=False), load_nlp()


def _texts():
    out = [TRICKY]
    for p in sorted(EXAMPLES.glob("*.txt")):
        out.append(p.read_text("utf-8"))
    return out


def test_dateline_model_uses_the_fast_components(both):
    _, fast = both
    assert isinstance(fast.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), CachedLemmatizer)
    assert fast.pipe_names == both[0].pipe_names


def test_fast_components_annotate_exactly_like_stock_spacy(both):
    stock, fast = both
    texts = _texts()
    for _ in range(2):  # the second pass runs from the lemma cache
        for a, b in zip(stock.pipe(texts), fast.pipe(texts)):
            for t, u in zip(a, b):
                assert (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) == \
                       (u.pos_, str(u.morph), u.lemma_, u.tag_, u.dep_, u.head.i, u.ent_iob_, u.ent_type_), t.text


def test_token_ids_finds_only_the_asked_tokens(both):
    _, fast = both
    doc = fast("Officials said on Monday that the Army, according to witnesses, fired.")
    said = token_ids(doc, lemmas={"say"})
    assert [doc[i].text for i in said] == ["said"]
    assert [doc[i].text for i in token_ids(doc, lowers={"according"})] == ["according"]
    assert {doc[i].text for i in token_ids(doc, upper_first=True)} == {"Officials", "Monday", "Army"}

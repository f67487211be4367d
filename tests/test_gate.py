"""Parse gating (gate.py): which sentences get the parse, and that the readings hold."""
from __future__ import annotations

import numpy
import pytest
from pathlib import Path

from dateline.article import Article
from dateline.gate import Gate
from dateline.pipeline import Pipeline, load_config, parse_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TABLE = ("DELTA MILLS LTD said its results for the year were as follows.\n"
         "    Shr 1.20 dlrs vs 1.10 dlrs\n"
         "    Oper net 5.6 mln vs 4.3 mln\n"
         "    Revs 40.5 mln vs 38.2 mln\n"
         "    Avg shrs 4.7 mln vs 3.9 mln\n"
         "    Backlog 22.1 mln vs 19.0 mln\n")


@pytest.fixture(scope="module")
def gate(pipeline):
    return Gate(pipeline.nlp)


def _plan(gate, text):
    doc = gate.nlp.make_doc(text)
    return doc, gate.plan(doc, text)


def _needs(gate, text) -> bool:
    """Does this one sentence need the parse (min_light off, so a short sentence may stay unparsed)?"""
    g = Gate(gate.nlp, min_light=0)
    doc = g.nlp.make_doc(text)
    return all(need for _, _, need in g.plan(doc, text))


def test_sentences_cut_at_full_stops_and_table_rows_not_after_abbreviations(gate):
    text = "He left the U.S. Army in May. It rained.\n    Net 5.6 mln vs 4.3 mln\n    Revs 40 mln"
    doc = gate.nlp.make_doc(text)
    flags, arr = gate.flags(doc)
    sents = [doc[a:b].text.strip() for a, b in gate.sentences(flags.tolist(), arr[:, 2].tolist())]
    sents = [s for s in sents if s]  # whitespace between sentences (the plan gives it to the one before)
    assert sents == ["He left the U.S. Army in May.", "It rained.", "Net 5.6 mln vs 4.3 mln", "Revs 40 mln"]


@pytest.mark.parametrize("text", [
    "The company said profits rose.",              # a reporting verb (quotes)
    'Prices will fall, "as always".',              # a quote mark
    "Rebels shelled the market at dawn.",          # an event cue (events)
    "It was closed on Tuesday.",                   # a time word read with the tense (times)
    "It employs 1,200 workers.",                   # a number that counts something (numbers)
    "It was sold to a group led by Harbour Ltd.",  # a name inside the sentence (places, actors)
    "Chicago    1.47    2.49    --",               # a table row opening with a place the gazetteer knows
])
def test_sentences_a_layer_reads_get_the_parse(gate, text):
    assert _needs(gate, text)


@pytest.mark.parametrize("text", [
    "Shr 1.20 dlrs vs 1.10 dlrs",
    "Avg shrs 4.7 mln vs 3.9 mln",
    "It was an ordinary result.",
])
def test_sentences_nothing_reads_stay_unparsed(gate, text):
    assert not _needs(gate, text)


def test_a_table_is_left_unparsed_and_the_doc_keeps_text_and_sentences(gate):
    gate = Gate(gate.nlp, min_light=0)
    doc, plan = _plan(gate, TABLE)
    assert plan[0][2] and len(plan) == 6 and not any(need for _, _, need in plan[1:])
    (out,) = list(gate.pipe([TABLE]))
    assert out.text == TABLE
    sents = [s.text.strip() for s in out.sents]
    assert sents[0].startswith("DELTA MILLS") and "Shr 1.20 dlrs vs 1.10 dlrs" in sents
    first = next(out.sents)
    assert any(t.dep_ == "nsubj" for t in first) and any(t.pos_ == "VERB" for t in first)
    row = out[next(s.start for s in out.sents if s.text.strip().startswith("Revs"))]
    assert row.tag_ == "" and row.ent_type_ == ""


def test_an_article_every_sentence_of_which_needs_the_parse_is_parsed_as_spacy_does(gate, pipeline):
    text = (EXAMPLES / "kharkiv-2024-05-11.txt").read_text("utf-8")
    full = pipeline.nlp(text)
    (gated,) = list(gate.pipe([text]))
    assert [(t.tag_, t.dep_, t.head.i) for t in gated] == [(t.tag_, t.dep_, t.head.i) for t in full]
    names = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
    ours = {(e.start_char, e.end_char, e.label_) for e in gated.ents if e.label_ in names}
    spacys = {(e.start_char, e.end_char, e.label_) for e in full.ents if e.label_ in names}
    assert ours <= spacys
    # NER's transitions run around capitalised words only: a name of lower-case words alone
    # ("defence ministry" after "Russia's") is the one kind it may miss
    assert all(text[a:b].islower() for a, b, _ in spacys - ours)
    assert len(spacys - ours) <= 1


def test_ner_windows_sit_around_names_and_a_lone_date_word_gets_one_word_either_side(gate, pipeline):
    text = ('The harbour master told reporters on Tuesday that the ferries held in port all week would sail '
            'for Tromso again. '
            '"We are ready," she said, and the port agency expected traffic to recover by late March.')
    doc, plan = _plan(gate, text)
    (parsed,) = list(gate.pipe([text]))
    flags, _ = gate.flags(doc)
    wins = gate.names(parsed, numpy.ones(len(doc), dtype=bool), flags)
    covered = [doc[a:b].text for a, b, _ in wins]
    tromso = next(t.i for t in doc if t.text == "Tromso")
    # a name: three words either side for the vectors, one either side for the transitions
    assert (tromso - 3, tromso + 4, [(tromso - 1, tromso + 2)]) in wins
    assert "on Tuesday that" in covered and "late March." in covered  # a lone month or weekday: one
    assert not any("We" in c.split() for c in covered)  # a pronoun opening a quote is no name
    full = pipeline.nlp(text)
    assert {(e.text, e.label_) for e in parsed.ents if e.label_ in ("GPE", "PERSON", "ORG")} == \
        {(e.text, e.label_) for e in full.ents if e.label_ in ("GPE", "PERSON", "ORG")}
    assert {(e.text, e.label_) for e in parsed.ents if e.label_ == "DATE"} >= {("Tuesday", "DATE")}


def test_a_core_takes_in_the_rest_of_a_hyphenated_name(gate, pipeline):
    text = "The tycoon Li Ka-shing has agreed to sell his whole stake in the port operator, his office said."
    (parsed,) = list(gate.pipe([text]))
    flags, _ = gate.flags(parsed)
    cores = [parsed[lo:hi].text for _, _, spans in gate.names(parsed, numpy.ones(len(parsed), dtype=bool), flags)
             for lo, hi in spans]
    assert cores == ["tycoon Li Ka-shing"]  # one word either side, and the rest of "Ka-shing"
    assert [(e.text, e.label_) for e in parsed.ents if e.label_ == "PERSON"] == [("Li Ka-shing", "PERSON")]


def test_lower_case_text_has_ner_over_all_of_it(gate, pipeline):
    text = ("caracas, feb 26 - venezuela is seeking better terms from its creditor banks, finance "
            "minister manuel azpurua told reporters in caracas. he said talks with the banks in new "
            "york would go on next week and that brazil and chile had been consulted on the matter.")
    (gated,) = list(gate.pipe([text]))
    full = pipeline.nlp(text)
    assert {(e.start, e.end, e.label_) for e in gated.ents} == {(e.start, e.end, e.label_) for e in full.ents}


def test_readings_with_and_without_the_gate_agree_on_our_examples():
    """Times, quotes, numbers and events are the full parse's; places too but where NER on a
    window names a place differently (in the Lagos example, "Lagos" opening a sentence after
    "according to local residents." is the city in the window, part of "Lagos state" in the
    whole text)."""
    from dateline.read import read_path

    on, off = Pipeline(), Pipeline(load_config(overrides={"nlp": {"gate": False}}))
    assert on.parser is not on.nlp and off.parser is off.nlp
    for path in sorted(EXAMPLES.glob("*.txt")):
        (art,) = list(read_path(path))
        a, b = on.read(art), off.read(art)

        def key(r):
            return ([(t.start, t.end, t.value) for t in r.times], [(q.start, q.end, q.type) for q in r.quotes],
                    [(n.start, n.end, n.value) for n in r.numbers],
                    [(e.acled_sub_event_type, e.date and e.date.value) for e in r.events])

        assert key(a) == key(b), path.name
        places_a, places_b = {(p.start, p.geonameid) for p in a.places}, {(p.start, p.geonameid) for p in b.places}
        assert len(places_a & places_b) >= len(places_b) - 1, path.name


def test_a_table_article_reads_the_same_with_the_gate(pipeline):
    art = Article(id="t", date="1987-03-02", text=TABLE)
    off = Pipeline(load_config(overrides={"nlp": {"gate": False}}))
    a, b = pipeline.read(art), off.read(art)
    assert [(n.start, n.value, n.unit) for n in a.numbers] == [(n.start, n.value, n.unit) for n in b.numbers]
    assert [q.cue for q in a.quotes] == [q.cue for q in b.quotes] == ["said"]


def test_a_long_article_parsed_in_pieces_mixes_gated_and_whole_pieces(pipeline):
    """Over `whole_chars` the article is parsed piece by piece (budget.py); some pieces are
    parsed whole, others gated, and they join into one doc."""
    prose = "The company said profits rose in Ohio. " * 300
    art = Article(id="t", date="1987-03-02", text=prose + "\n" + TABLE * 60)
    r = pipeline.read(art)
    assert not r.errors and r.doc.text == parse_text(art) and len(r.quotes) >= 300

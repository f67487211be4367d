"""Helpers that read spaCy's parse, shared by the stages so that no stage reaches into
another's private functions."""
from __future__ import annotations


def clause_head(tok):
    """The nearest verb or auxiliary governing `tok` (itself included)."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def doc_text(doc) -> str:
    """`doc.text`, joined once per doc (spaCy joins every token again at each `doc.text`;
    the tokens of a parsed doc never change)."""
    text = doc.user_data.get("dateline.text")
    if text is None:
        text = doc.user_data["dateline.text"] = doc.text
    return text

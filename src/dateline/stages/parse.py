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

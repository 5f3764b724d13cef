"""Shared fixtures: the bundled corpus, EXPECTED.json, and a whole-corpus review done once."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*pkg_resources.*")

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EXPECTED = json.loads((CORPORA / "EXPECTED.json").read_text(encoding="utf-8"))["reports"]


def corpus_files() -> list[Path]:
    return sorted(CORPORA / name for name in EXPECTED)


@pytest.fixture(scope="session")
def corpus_results():
    """Every report in corpora/ reviewed together (so priors are found), keyed by EXPECTED name."""
    from gxreview.cli import review_paths

    names = sorted(EXPECTED)
    results = review_paths([str(CORPORA / n) for n in names])
    return dict(zip(names, results, strict=True))

"""The conformance floor: corpora/EXPECTED.json (sections, format, must / must-not codes)."""

from __future__ import annotations

import pytest

from gxreview.findings import ReviewResult

from .conftest import EXPECTED

NAMES = sorted(EXPECTED)


@pytest.mark.parametrize("name", NAMES)
def test_format(corpus_results, name):
    r = corpus_results[name]
    assert isinstance(r, ReviewResult), r.to_dict()
    assert r.report.format == EXPECTED[name]["format"]


@pytest.mark.parametrize("name", NAMES)
def test_sections(corpus_results, name):
    want = EXPECTED[name]["sections"]
    if want is None:
        pytest.skip("no section expectation (legacy report)")
    got = [s.key for s in corpus_results[name].sections if s.key not in ("preamble", "extra")]
    assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_must_codes(corpus_results, name):
    codes = set(corpus_results[name].codes)
    missing = [c for c in EXPECTED[name]["must"] if c not in codes]
    assert not missing, f"{name}: expected {missing} ({EXPECTED[name]['why']}); got {sorted(codes)}"


@pytest.mark.parametrize("name", NAMES)
def test_must_not_codes(corpus_results, name):
    r = corpus_results[name]
    bad = [f for f in r.findings if f.code in EXPECTED[name]["must_not"]]
    assert not bad, f"{name}: must not fire: " + "; ".join(f"{f.code} {f.message}" for f in bad)

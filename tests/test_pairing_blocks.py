"""canonical_org_keys (blocked, ~linear) equals its exact quadratic reference on real, synthetic
and random agency keys: relative names, one-character slips, area-less keys, whole governments."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gxreview.io import load
from gxreview.metadata import extract_info
from gxreview.orgs import org_key
from gxreview.pipeline import canonical_org_keys, canonical_org_keys_reference

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

AREAS = ["", "平潭综合实验区", "北嘉县", "湘潭市", "湘潭县", "上海市", "区", "本县"]
CORES = ["财政金融局", "财政全融局", "财政金融司", "市场监督管理局", "市场监督管理所", "数据局", "数据管理局",
         "人民政府", "公安局", "公女局", "生态环境局", "生态环竟局", "管委会办公室", ""]


def test_blocked_equals_reference_on_corpus_and_variants():
    keys = [extract_info(load(p)).org_key for p in sorted(CORPORA.glob("*.txt"))]
    keys += [org_key(a + c) for a in AREAS for c in CORES]
    assert canonical_org_keys(keys) == canonical_org_keys_reference(keys)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(AREAS), st.sampled_from(CORES)), min_size=1, max_size=40))
def test_blocked_equals_reference_on_random_sets(pairs):
    keys = [org_key(a + c) for a, c in pairs]
    assert canonical_org_keys(keys) == canonical_org_keys_reference(keys)

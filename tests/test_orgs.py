"""org_key / same_agency: the same agency across title variants, OCR slips; never another agency."""

from __future__ import annotations

import pytest

from gxreview.orgs import org_key, same_agency

SAME = [
    ("平潭综合实验区财政金融局", "平潭综合实验区财政金融局"),
    ("平潭综合实验区财政金融局", "区财政金融局"),
    ("平潭综合实验区财政金融局", "平潭综合实验区财政全融局"),
    ("平潭综合实验区财政金融局", "平潭综合实验区 财政金融局"),
    ("沭阳县人民政府", "沐阳县人民政府"),
    ("沭阳县人民政府", "沭阳县政府"),
    ("上海市科学技术委员会", "上海市科委"),
    ("平潭综合实验区", "平潭综合实验区管委会"),
    ("平潭综合实验区市场监督管理局", "平潭综合实验区市场监管局"),
    ("平潭综合实验区市场监督管理局", "平潭综合实验区市场监督管理局（知识产权局）"),
]

DIFFERENT = [
    ("平潭综合实验区财政金融局", "平潭综合实验区市场监督管理局"),
    ("平潭综合实验区金井片区管理局", "平潭综合实验区海坛片区管理局"),
    ("沭阳县人民政府", "泗阳县人民政府"),
    ("沭阳县人民政府", "沭阳县发展和改革局"),
    ("平潭综合实验区", "平潭综合实验区管委会办公室"),
    ("平潭综合实验区社会事业局", "平潭综合实验区行政审批局"),
    ("湘潭市数据局", "湘潭县数据局"),
    ("区财政金融局", "区市场监督管理局"),
    ("福州市财政局", "平潭综合实验区财政金融局"),
    ("平潭综合实验区公安局", "平潭综合实验区财政局"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_agency_matches(a, b):
    assert same_agency(org_key(a), org_key(b)), (org_key(a), org_key(b))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_other_agency_never_matches(a, b):
    assert not same_agency(org_key(a), org_key(b)), (org_key(a), org_key(b))


def test_exact_key_for_title_variants():
    assert org_key("沐阳县人民政府") == org_key("沭阳县人民政府") == "沭阳县"
    assert org_key("平潭综合实验区财政全融局") == "平潭综合实验区财政金融局"
    assert org_key("上海市科委") == "上海市科学技术委员会"
    assert org_key("国家安全局") == "国家安全局"  # a legitimate 全 is kept
    assert org_key(None) is None and org_key("  ") is None


def test_one_character_ocr_slip_in_a_long_name():
    assert same_agency(org_key("平潭综合实验区财政金触局"), org_key("平潭综合实验区财政金融局"))
    assert not same_agency(org_key("平潭综合实验区财政金融处"), org_key("平潭综合实验区财政金融局"))


def test_corpus_titles_pair_by_agency():
    """Every report in corpora/ gets a key; reports of one agency share it, different agencies don't."""
    from gxreview.pipeline import analyse, as_document

    from .conftest import CORPORA

    keys: dict[str, set[str]] = {}
    for p in sorted(CORPORA.glob("pingtan-*.txt")):
        agency = p.stem.split("_")[0]
        keys.setdefault(agency, set()).add(analyse(as_document(p)).info.org_key)
    # zhzfj (2013 county) and zhzfyjj (the zone's merged bureau) are different bodies
    for agency, ks in keys.items():
        assert len(ks) == 1, (agency, ks)
    flat = [next(iter(ks)) for ks in keys.values()]
    assert len(set(flat)) == len(flat)


def test_manifest_override_wins():
    from gxreview.pipeline import analyse, as_document

    from .conftest import CORPORA

    doc = as_document(CORPORA / "pingtan-czjrj_2023.txt", meta={"org": "平潭综合实验区财政全融局"})
    assert analyse(doc).info.org_key == "平潭综合实验区财政金融局"

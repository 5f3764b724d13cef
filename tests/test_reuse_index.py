"""Cross-agency reuse index: persistence (SQLite, no pickle), prior lookup, GX-B102, LSH recall."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from gxreview.cli import main, review_paths
from gxreview.pipeline import analyse, as_document
from gxreview.reuse import ReuseIndex, load_against
from gxreview.reuse.reference import lsh_recall

from .conftest import CORPORA


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    out = tmp_path_factory.mktemp("ix") / "corpus.gxi"
    assert main(["index", "build", str(CORPORA), "-o", str(out)]) == 0
    return out


def test_index_file_is_sqlite_data_only(corpus_index):
    head = corpus_index.read_bytes()[:16]
    assert head == b"SQLite format 3\x00"
    con = sqlite3.connect(corpus_index)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta", "reports", "bands"}
    assert b"\x80\x04\x95" not in corpus_index.read_bytes()  # no pickle protocol-4 frames


def test_prior_found_through_index(corpus_index):
    [r] = review_paths([str(CORPORA / "pingtan-czjrj_2024.txt")], against=str(corpus_index))
    assert r.scores["reuse"]["prior"] == "pingtan-czjrj_2023.txt"
    assert "GX-B101" in r.codes
    # no prior year in the index: no reuse score
    [r] = review_paths([str(CORPORA / "pingtan-gaj_2024.txt")], against=str(corpus_index))
    assert "reuse" not in r.scores


def test_against_folder_equals_against_index(corpus_index):
    a = analyse(as_document(CORPORA / "pingtan-scjgj_2024.txt"))
    p1 = load_against(corpus_index).prior_for(a)
    p2 = load_against(CORPORA).prior_for(a)
    assert p1.info.id == p2.info.id and p1.year == 2023


def test_b102_foreign_name_left_inside(tmp_path):
    """A report of another agency made from czjrj's narrative, czjrj's name left inside."""
    src = (CORPORA / "pingtan-czjrj_2024.txt").read_text(encoding="utf-8")
    fake = src.replace("平潭综合实验区财政金融局2024", "平潭综合实验区统计局2024", 1)
    fake = fake.replace("联系地址，平潭", "联系地址，福州")
    d = tmp_path / "pool"
    d.mkdir()
    shutil.copy(CORPORA / "pingtan-czjrj_2024.txt", d / "czjrj.txt")
    shutil.copy(CORPORA / "pingtan-zhsyq_2024.txt", d / "zhsyq.txt")
    target = tmp_path / "fake.txt"
    target.write_text(fake, encoding="utf-8")
    [r] = review_paths([str(target)], against=str(d))
    b102 = [f for f in r.findings if f.code == "GX-B102"]
    assert len(b102) == 1, [f.message for f in r.findings if f.code.startswith("GX-B")]
    ev = b102[0].evidence
    assert ev["source"] == "czjrj.txt" and ev["share"] >= 0.6
    assert any("财政金融局" in n["name"] for n in ev["foreign_names"])
    assert b102[0].severity == "error"
    # the original, reviewed against the same pool, does not match itself or its own agency
    [r0] = review_paths([str(CORPORA / "pingtan-czjrj_2024.txt")], against=str(d))
    assert "GX-B102" not in r0.codes


def test_lsh_recall_on_corpus(corpus_index):
    recall, found, total = lsh_recall(ReuseIndex.load(corpus_index), 0.5)
    assert total >= 3  # the reused pingtan pairs are above 0.5
    assert recall >= 0.98, (found, total)


def test_lsh_recall_on_synthetic(tmp_path):
    from benchmarks.synth import generate

    generate(400, tmp_path / "syn", seed=3)
    idx = ReuseIndex(tmp_path / "s.gxi", workers=1).fit(tmp_path / "syn")
    recall, found, total = lsh_recall(idx, 0.5)
    assert total >= 50
    assert recall >= 0.98, (found, total)


def test_bad_index_path_is_a_usage_error(tmp_path):
    from gxreview.errors import UsageError

    bad = tmp_path / "x.gxi"
    bad.write_text("not sqlite")
    with pytest.raises(UsageError):
        ReuseIndex.load(bad)
    with pytest.raises(UsageError):
        ReuseIndex.load(tmp_path / "missing.gxi")

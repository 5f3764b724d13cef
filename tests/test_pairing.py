"""Prior-year pairing is the same in `review` and `batch`: exact org_key, relative names, OCR slips."""

from __future__ import annotations

import json
from pathlib import Path

from gxreview.batch import run_batch
from gxreview.cli import review_paths
from gxreview.pipeline import canonical_org_keys

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def test_canonical_keys_join_relative_names_and_keep_agencies_apart():
    canon = canonical_org_keys(["平潭综合实验区财政金融局", "区财政金融局", "平潭综合实验区公安局", "平潭综合实验区市场监督管理局"])
    assert canon["区财政金融局"] == canon["平潭综合实验区财政金融局"]
    assert len({canon["平潭综合实验区财政金融局"], canon["平潭综合实验区公安局"],
                canon["平潭综合实验区市场监督管理局"]}) == 3


def _relative_copy(tmp_path: Path) -> Path:
    """The 2024 report retitled with the agency's relative name (区财政金融局), next to the 2023 one."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_2023.txt").write_bytes((CORPORA / "pingtan-czjrj_2023.txt").read_bytes())
    text = (CORPORA / "pingtan-czjrj_2024.txt").read_text(encoding="utf-8")
    text = text.replace("标题: 平潭综合实验区财政金融局", "标题: 区财政金融局", 1)
    (d / "b_2024.txt").write_text(text, encoding="utf-8")
    return d


def test_review_and_batch_pair_a_relative_name_with_the_full_name(tmp_path):
    d = _relative_copy(tmp_path)
    results = review_paths([str(d / "a_2023.txt"), str(d / "b_2024.txt")])
    reviewed = results[1]
    assert reviewed.report.org == "区财政金融局"
    assert reviewed.scores["reuse"]["prior"].endswith("a_2023.txt")
    run_batch(str(d), str(tmp_path / "out"), workers=1)
    lines = [json.loads(x) for x in (tmp_path / "out" / "reviews.jsonl").read_text(encoding="utf-8").splitlines()]
    batch_2024 = next(r for r in lines if r["source"] == "b_2024.txt")
    assert batch_2024["scores"]["reuse"]["prior"] == "a_2023.txt"
    assert batch_2024["scores"]["reuse"]["value"] == reviewed.scores["reuse"]["value"]
    assert [f["code"] for f in batch_2024["findings"]] == reviewed.codes

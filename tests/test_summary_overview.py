"""The corpus overview page (batch summary.html) over contract dicts, error objects included."""

from __future__ import annotations

import copy

import pytest
from lxml import html as lh

from gxreview.render.html import CSP
from gxreview.render.overview import render_overview


@pytest.fixture(scope="module")
def dicts(corpus_results):
    out = [r.to_dict() for r in corpus_results.values()]
    out.append({"schema_version": 1, "source": "bad<script>.txt", "error": {"code": "E003", "message": "bad<script>.txt: binary"}})
    return out


def test_overview_sections_and_safety(dicts):
    page = render_overview(dicts, triage=[{"source": "a<b>", "quality": 12, "reasons": "GX-T301"}])
    doc = lh.fromstring(page)
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content") == [CSP]
    assert not doc.xpath("//script | //img | //link")
    heads = [h.text_content() for h in doc.xpath("//h2")]
    for h in ("Score distributions", "Most frequent findings", "Worst reports", "Triage (worst first)",
              "Per-agency trends", "Inputs that could not be reviewed (1)"):
        assert h in heads
    assert "bad<script>.txt" in page.replace("&lt;", "<").replace("&gt;", ">") and "<script>" not in page
    assert "a<b>" not in page


def test_overview_counts(dicts):
    doc = lh.fromstring(render_overview(dicts))
    reviewed = [d for d in dicts if "error" not in d]
    assert f"{len(dicts)} inputs: {len(reviewed)} reviewed, 1 could not be reviewed." in doc.text_content()
    codes = {}
    for d in reviewed:
        for c in {f["code"] for f in d["findings"]}:
            codes[c] = codes.get(c, 0) + 1
    table = doc.xpath("//h2[text()='Most frequent findings']/following-sibling::table[1]")[0]
    rows = {tr[0].text_content(): int(tr[3].text_content()) for tr in table.xpath(".//tr")[1:]}
    assert len(codes) <= 25 and rows == codes
    # pingtan agencies report over several years: they appear in the trends table
    trends = doc.xpath("//h2[text()='Per-agency trends']/following-sibling::table[1]")[0]
    assert len(trends.xpath(".//tr")) > 3


def test_overview_deterministic_and_uses_scores(dicts):
    assert render_overview(dicts) == render_overview(list(dicts))
    fake = copy.deepcopy([d for d in dicts if "error" not in d][:3])
    for v, d in zip((10, 55, 99), fake, strict=True):
        d["scores"] = {"quality": {"value": v, "grade": "X"}, "reuse": {"value": v / 100}}
    doc = lh.fromstring(render_overview(fake))
    worst = doc.xpath("//h2[text()='Worst reports']/following-sibling::table[1]//tr")[1]
    assert worst[0].text_content() == fake[0]["source"]
    assert "n=3, min 10, median 55, max 99" in doc.text_content()

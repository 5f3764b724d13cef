"""Open the HTML report in headless Chromium: highlights render, hostile report text never runs.

Skips with a clear message where no Chromium is installed (.ci/run installs Debian's chromium).
A screenshot is kept as a test artefact in tests/_artefacts/ (git-ignored).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lh

from gxreview import review
from gxreview.render.html import render_html

from .conftest import CORPORA, ROOT

ARTEFACTS = ROOT / "tests" / "_artefacts"
HOSTILE = ("<script>document.title='PWNED'</script>"
           "<img src=x onerror=\"document.title='PWNED';document.body.innerHTML='PWNED'\">"
           "<svg onload=\"document.title='PWNED'\"></svg>")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str | None:
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless Chromium found (looked for: " + ", ".join(BROWSER_NAMES) + "); install it with "
           "`apt-get install -y chromium` (.ci/run does) to run the browser test of the HTML report")


def _run(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'profile'}",
           *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _dom(page: Path, tmp: Path):
    cp = _run(page, tmp, "--dump-dom", "--virtual-time-budget=3000")
    assert cp.returncode == 0 and "<html" in cp.stdout, cp.stderr[-2000:]
    return lh.fromstring(cp.stdout)


def test_highlights_render_and_screenshot(tmp_path):
    r = review(CORPORA / "shanghai-kewei_2024.txt", summary_text=True)
    page = tmp_path / "review.html"
    page.write_text(render_html(r), encoding="utf-8")
    dom = _dom(page, tmp_path)
    with_span = [i for i, f in enumerate(r.findings) if f.start is not None]
    assert with_span, "the test report must have located findings"
    assert len(dom.xpath("//pre[@class='report']//sup[contains(@class,'fref')]")) == len(with_span)
    marked = {i for m in dom.xpath("//pre[@class='report']//mark") for i in m.get("data-f", "").split()}
    assert marked == {str(i) for i in with_span if r.findings[i].end not in (None, r.findings[i].start)}
    assert len(dom.xpath("//div[contains(@class,'finding')]")) == len(r.findings)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "review-shanghai-kewei_2024.png"
    shot.unlink(missing_ok=True)
    cp = _run(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars")
    assert cp.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, cp.stderr[-2000:]


def test_hostile_report_text_does_not_execute(tmp_path):
    src = (CORPORA / "xiangtan-sjj_2024.txt").read_text(encoding="utf-8")
    p = tmp_path / "hostile.txt"
    p.write_text(src.replace("2024年大厅共接待", HOSTILE + "2024年大厅共接待"), encoding="utf-8")
    r = review(p, summary_text=True)
    page = tmp_path / "hostile.html"
    page.write_text(render_html(r), encoding="utf-8")
    dom = _dom(page, tmp_path)
    assert "PWNED" not in (dom.findtext(".//title") or "")
    assert not dom.xpath("//script | //img | //svg | //*[@onerror] | //*[@onload]")
    assert HOSTILE in dom.xpath("//pre[@class='report']")[0].text_content()


def test_csp_blocks_scripts_even_if_escaping_failed(tmp_path):
    """Defence in depth: a page with our CSP and an (injected) inline script does not run it."""
    good = render_html(review(CORPORA / "xiangtan-sjj_2024.txt"))
    bad = good.replace("<body>", "<body><script>document.title='PWNED'</script>"
                                 "<img src=x onerror=\"document.title='PWNED'\">", 1)
    page = tmp_path / "injected.html"
    page.write_text(bad, encoding="utf-8")
    dom = _dom(page, tmp_path)
    assert "PWNED" not in (dom.findtext(".//title") or "")
    # control: without the CSP the same injection runs, so the check above can fail
    page.write_text(bad.replace('http-equiv="Content-Security-Policy"', 'name="x-no-csp"'), encoding="utf-8")
    assert "PWNED" in (_dom(page, tmp_path).findtext(".//title") or "")

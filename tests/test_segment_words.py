"""Words: jieba with the shipped domain dictionary, cache in a user-controlled folder, process-safe."""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gxreview.segment import words as W

DOMAIN = ["依申请公开", "政府信息公开", "12345热线", "一网通办", "行政复议", "信息处理费"]


def test_domain_terms_stay_whole():
    text = "2024年依申请公开办理3件，12345热线接听来电，推进一网通办，无行政复议，未收取信息处理费，做好政府信息公开。"
    got = W.words(text)
    for term in DOMAIN:
        assert term in got, (term, got)


def test_tokens_have_offsets_and_numbers_stay_whole():
    text = "大厅共接待来访群众84.28万人，增长17.57%。"
    toks = W.tokens(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert "84.28" in [t.text for t in toks]
    assert not any(t.text.isspace() for t in W.tokens("甲 乙\n丙"))


def test_userdict_is_well_formed():
    lines = [ln for ln in W.USERDICT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 30
    for ln in lines:
        parts = ln.split()
        assert 1 <= len(parts) <= 3 and (len(parts) < 2 or parts[1].isdigit()), ln
    for term in DOMAIN:
        assert any(ln.split()[0] == term for ln in lines)


def test_cache_goes_to_the_configured_folder_not_cwd(tmp_path):
    cache = tmp_path / "cache"
    work = tmp_path / "work"
    work.mkdir()
    # warnings are errors (jieba's pkg_resources warning must be filtered by gxreview), except the
    # "invalid escape sequence" warning Python gives when it first compiles jieba's own sources (no
    # .pyc yet in a new venv: DeprecationWarning on 3.11, SyntaxWarning from 3.12)
    code = ("import warnings; warnings.simplefilter('error');"
            "warnings.filterwarnings('ignore', message='invalid escape sequence');"
            "from gxreview.segment.words import words; print('|'.join(words('依申请公开')))")
    env = {**os.environ, "GXREVIEW_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "依申请公开"
    assert list(cache.glob("jieba*.cache")), list(cache.iterdir())
    assert list(work.iterdir()) == []
    assert "Building prefix dict" not in out.stderr


def test_default_cache_dir_is_a_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("GXREVIEW_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert W.cache_dir() == tmp_path / "gxreview"
    assert Path.cwd() not in W.cache_dir().parents


def _child_words(text: str) -> list[str]:
    return W.words(text)


@pytest.mark.slow
def test_spawned_child_gets_the_user_dictionary():
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        got = pool.apply(_child_words, ("推进一网通办和依申请公开",))
    assert "一网通办" in got and "依申请公开" in got


def test_plain_import_does_not_load_jieba():
    code = "import sys, gxreview.segment, gxreview.segment.sentences; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr

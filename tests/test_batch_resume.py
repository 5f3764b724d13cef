"""A batch killed with SIGKILL at any moment and resumed gives byte-identical outputs to a clean run,
and redoes only the work that was not finished."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gxreview.batch.journal import count_records
from gxreview.batch.keys import code_version

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
OUTPUTS = ("reviews.jsonl", "scores.csv", "scores.parquet", "findings.parquet", "triage.csv", "summary.html",
           "skipped.txt")


def _cmd(inp: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "gxreview", "batch", str(inp), "-o", str(out), "--workers", "2", *extra]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two copies of the corpus in subfolders (long enough a run to kill midway) plus a broken file."""
    d = tmp_path_factory.mktemp("resume") / "in"
    for sub in ("a", "b"):
        shutil.copytree(CORPORA, d / sub)
    (d / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return d, {}


def _clean(inp: Path, cache: dict) -> tuple[str, Path]:
    """A clean run made with the code as it is now (the tree may change while it is developed)."""
    v = code_version()
    if v not in cache:
        out = inp.parent / f"clean-{len(cache)}"
        subprocess.run(_cmd(inp, out), check=True, capture_output=True, timeout=600)
        cache[v] = out
    return v, cache[v]


def _records(journal: Path, kind: str) -> int:
    return count_records(journal).get(kind, 0)


def _kill_when(inp: Path, out: Path, trigger) -> bool:
    """Start a batch in its own process group; SIGKILL the group when ``trigger(out)``; True if killed."""
    p = subprocess.Popen(_cmd(inp, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while p.poll() is None and time.monotonic() < deadline:
            if trigger(out):
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


TRIGGERS = {
    "while-reading": lambda out: _records(out / ".gxbatch" / "journal.bin", "m") >= 5,
    "early-review": lambda out: _records(out / ".gxbatch" / "journal.bin", "r") >= 3,
    "mid-review": lambda out: _records(out / ".gxbatch" / "journal.bin", "r") >= 40,
    # outputs are assembled while the review runs: kill once most results are in and half-written files exist
    "writing-outputs": lambda out: ((_records(out / ".gxbatch" / "journal.bin", "r") >= 60 and any(out.glob(".gxbatch-tmp-*")))
                                    or (out / "reviews.jsonl").exists()),
}


@pytest.mark.parametrize("moment", sorted(TRIGGERS))
def test_kill9_then_resume_is_byte_identical(corpus, tmp_path, moment):
    inp, cache = corpus
    for attempt in range(3):  # made again if the code changed during the attempt
        v, clean = _clean(inp, cache)
        out = tmp_path / f"out{attempt}"
        killed = _kill_when(inp, out, TRIGGERS[moment])
        r = subprocess.run(_cmd(inp, out, "--resume"), capture_output=True, text=True, timeout=600)
        if code_version() == v:
            break
    assert killed or moment == "writing-outputs", f"the run finished before the {moment} trigger"
    assert r.returncode == 0, r.stderr
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    assert not list(out.glob(".gxbatch-tmp-*"))
    computed = int(re.search(r"(\d+) reviews computed", r.stderr).group(1))
    total = len((clean / "reviews.jsonl").read_text(encoding="utf-8").splitlines())
    if moment in ("mid-review", "writing-outputs"):
        assert computed < total - 30  # finished work was reused, not redone


def test_resume_of_a_finished_run_computes_nothing(corpus, tmp_path):
    inp, cache = corpus
    for attempt in range(3):
        v, clean = _clean(inp, cache)
        out = tmp_path / f"out{attempt}"
        shutil.copytree(clean, out)
        r = subprocess.run(_cmd(inp, out, "--resume"), capture_output=True, text=True, timeout=600)
        if code_version() == v:
            break
    assert "; 0 reviews computed" in r.stderr
    assert (out / "reviews.jsonl").read_bytes() == (clean / "reviews.jsonl").read_bytes()


def test_resume_key_follows_the_prior(tmp_path):
    """Changing a prior-year file redoes the reports that depend on it, and only those."""
    from gxreview.batch import run_batch
    from gxreview.batch.progress import Progress

    d = tmp_path / "in"
    d.mkdir()
    names = ["pingtan-czjrj_2021.txt", "pingtan-czjrj_2022.txt", "pingtan-czjrj_2023.txt", "xiangtan-sjj_2024.txt"]
    for n in names:
        shutil.copy(CORPORA / n, d / n)
    out = tmp_path / "out"
    q = Progress(quiet=True)
    assert run_batch(str(d), out, workers=1, progress=q).computed == 4
    with open(d / names[0], "a", encoding="utf-8") as fh:
        fh.write("\n附：本报告另有电子版。\n")
    rep = run_batch(str(d), out, workers=1, resume=True, progress=q)
    assert rep.computed == 3  # 2021 changed → 2021, 2022 (its prior) and 2023 (prior's prior); not xiangtan
    assert run_batch(str(d), out, workers=1, resume=True, progress=q).computed == 0


def test_journal_drops_a_cut_or_corrupt_tail(tmp_path):
    from gxreview.batch.journal import Journal

    j = Journal(tmp_path, resume=False)
    j.add_meta("m1", {"org_key": "x", "year": 2024})
    j.add_result("r1", {"row": {"source": "a"}}, b'{"source": "a"}')
    j.add_result("r2", {"row": {"source": "b"}}, b'{"source": "b"}')
    j.close()
    data = (tmp_path / "journal.bin").read_bytes()
    for cut in range(len(data) - 5, len(data)):  # cut inside the last record
        (tmp_path / "journal.bin").write_bytes(data[:cut])
        j = Journal(tmp_path, resume=True)
        assert set(j.results) == {"r1"} and j.get_raw("r1") == ({"row": {"source": "a"}}, b'{"source": "a"}')
        assert j.meta == {"m1": {"org_key": "x", "year": 2024}}
        j.close()
    corrupt = bytearray(data)
    corrupt[-3] ^= 0xFF  # a flipped byte in the last payload fails its CRC
    (tmp_path / "journal.bin").write_bytes(bytes(corrupt))
    j = Journal(tmp_path, resume=True)
    assert set(j.results) == {"r1"}
    j.add_result("r2", {"row": {"source": "b"}}, b'{"source": "b"}')  # appends after the good part
    j.close()
    assert set(Journal(tmp_path, resume=True).results) == {"r1", "r2"}


def test_resume_after_adding_files_reviews_only_what_they_change(tmp_path):
    from gxreview.batch import run_batch
    from gxreview.batch.progress import Progress

    d = tmp_path / "in"
    d.mkdir()
    for n in ("pingtan-czjrj_2022.txt", "pingtan-czjrj_2024.txt", "xiangtan-sjj_2024.txt"):
        shutil.copy(CORPORA / n, d / n)
    out = tmp_path / "out"
    q = Progress(quiet=True)
    assert run_batch(str(d), out, workers=1, progress=q).computed == 3
    shutil.copy(CORPORA / "pingtan-gaj_2024.txt", d / "pingtan-gaj_2024.txt")  # unrelated agency
    assert run_batch(str(d), out, workers=1, resume=True, progress=q).computed == 1
    shutil.copy(CORPORA / "pingtan-czjrj_2023.txt", d / "pingtan-czjrj_2023.txt")  # fills the gap 2022 → 2024
    assert run_batch(str(d), out, workers=1, resume=True, progress=q).computed == 2  # 2023 itself and 2024 (new prior)
    fresh = tmp_path / "fresh"
    run_batch(str(d), fresh, workers=1, progress=q)
    assert (out / "reviews.jsonl").read_bytes() == (fresh / "reviews.jsonl").read_bytes()

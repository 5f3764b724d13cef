"""Engines: the local pool under fork, spawn and forkserver, and Dask, give byte-identical outputs; a
report that crashes or hangs its worker becomes an error object and the run goes on."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from gxreview.batch import run_batch
from gxreview.batch.keys import code_version
from gxreview.batch.progress import Progress
from gxreview.config import DEFAULT_CONFIG

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SMALL = ["pingtan-czjrj_2022.txt", "pingtan-czjrj_2023.txt", "pingtan-zhsyq_2021.txt", "pingtan-zhsyq_2022.txt",
         "xiangtan-sjj_2024.txt"]
QUIET = Progress(quiet=True)
OUTPUTS = ("reviews.jsonl", "scores.csv", "scores.parquet", "findings.parquet", "triage.csv", "summary.html",
           "skipped.txt")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = tmp_path_factory.mktemp("engines") / "in"
    d.mkdir()
    for n in SMALL:
        shutil.copy(CORPORA / n, d / n)
    (d / "empty.md").write_bytes(b"   \n")
    return d


def _same(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _compare(d: Path, tmp: Path, **kw) -> None:
    """Reference (1 fork worker) vs ``kw``, both made with the same code: the tree is edited while
    the project is developed, so a pair made across a code change is made again."""
    for attempt in range(3):
        v = code_version()
        ref, out = tmp / f"ref{attempt}", tmp / f"out{attempt}"
        run_batch(str(d), ref, workers=1, start_method="fork", progress=QUIET)
        rep = run_batch(str(d), out, progress=QUIET, **kw)
        if code_version() == v:
            break
    assert rep.computed == len(SMALL)  # the empty file is an error found while reading
    _same(out, ref)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_start_methods_give_identical_outputs(small, tmp_path, method):
    _compare(small, tmp_path, workers=2, start_method=method)


def test_dask_engine_is_byte_identical_to_local(small, tmp_path):
    pytest.importorskip("distributed")
    _compare(small, tmp_path, workers=2, engine="dask")


# ---- crash and hang: test-only rules registered in this process reach fork workers -------------

MARK_CRASH = "本报告触发测试崩溃"
MARK_HANG = "本报告触发测试挂起"
MARK_SLOW = "本报告触发测试超时"


@pytest.fixture
def faulty_rules():
    from gxreview.pipeline import load_plugins
    from gxreview.registry import RULES, rule

    load_plugins()

    @rule("test.crash-or-hang", order=1)
    def _faulty(a):
        if MARK_CRASH in a.text:
            os._exit(7)  # the worker process dies
        if MARK_HANG in a.text:
            signal.signal(signal.SIGALRM, signal.SIG_IGN)  # beyond the soft limit: only a kill helps
            time.sleep(3600)
        if MARK_SLOW in a.text:
            while True:  # pure-Python hang: the worker's own time limit interrupts it
                time.sleep(0.01)
        return ()

    yield
    RULES.pop("test.crash-or-hang", None)


def test_crashing_and_hanging_reports_become_error_objects(faulty_rules, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    text = (CORPORA / "xiangtan-sjj_2024.txt").read_text(encoding="utf-8")
    for n in SMALL:
        shutil.copy(CORPORA / n, d / n)
    (d / "b-crash.txt").write_text(text + "\n" + MARK_CRASH + "\n", encoding="utf-8")
    (d / "c-hang.txt").write_text(text + "\n" + MARK_HANG + "\n", encoding="utf-8")
    (d / "d-slow.txt").write_text(text + "\n" + MARK_SLOW + "\n", encoding="utf-8")
    cfg = replace(DEFAULT_CONFIG, limits=replace(DEFAULT_CONFIG.limits, time_per_report_s=1.0))
    out = tmp_path / "out"
    t0 = time.monotonic()
    rep = run_batch(str(d), out, workers=2, start_method="fork", config=cfg, progress=QUIET)
    assert time.monotonic() - t0 < 60
    lines = {x["source"]: x for x in map(json.loads, (out / "reviews.jsonl").read_text(encoding="utf-8").splitlines())}
    assert len(lines) == len(SMALL) + 3 == rep.inputs
    for n in ("b-crash.txt", "c-hang.txt", "d-slow.txt"):
        assert lines[n]["error"]["code"] == "E005", lines[n]
        assert lines[n]["error"]["message"].startswith(n + ":")
    assert "died" in lines["b-crash.txt"]["error"]["message"]
    assert "1 s" in lines["d-slow.txt"]["error"]["message"]
    for n in SMALL:
        assert "error" not in lines[n]


def test_dask_scheduler_address_of_an_existing_cluster(small, tmp_path):
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        _compare(small, tmp_path, engine="local", scheduler=cluster.scheduler_address)  # --scheduler implies dask


def test_time_limit_interrupts_python_code_in_a_worker_thread():
    """Dask runs tasks in worker threads, where SIGALRM cannot be used: an async exception is."""
    import threading

    from gxreview.batch.work import TimeLimit, time_limit

    got: list[str] = []

    def slow() -> None:
        t0 = time.monotonic()
        try:
            with time_limit(0.3):
                while time.monotonic() - t0 < 10:
                    sum(range(1000))
            got.append("finished")
        except TimeLimit:
            got.append(f"interrupted after {time.monotonic() - t0:.1f}")

    th = threading.Thread(target=slow)
    th.start()
    th.join(15)
    assert got and got[0].startswith("interrupted"), got
    assert float(got[0].split()[-1]) < 3

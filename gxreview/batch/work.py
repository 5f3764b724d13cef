"""The work a batch worker does, as pure functions of their arguments (picklable, engine-agnostic).

Two kinds of task, each a generator of events ``("start", i)`` / ``("done", i, payload)``:

* ``scan``: read each input and extract its metadata (agency key, year) so reports can be paired
  with their prior year across the whole input;
* ``review``: review agency chains (an agency's consecutive years) so each report is analysed once
  and serves as the next year's prior in the same process.

A per-report time limit is enforced inside the worker (SIGALRM, where available) and, for the local
engine, by the parent killing a worker that stops answering.
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..config import DEFAULT_CONFIG, Config
from ..findings import ErrorResult


class TimeLimit(BaseException):
    """Raised inside a worker when one report takes longer than Limits.time_per_report_s.

    A BaseException so that the pipeline's ``except Exception`` guards (GX-X900) do not swallow it.
    """


@dataclass(frozen=True)
class Setup:
    """What every worker process needs, the same for all tasks of a run (small, picklable)."""

    against: str | None = None
    summaries: bool = False
    config: Config = DEFAULT_CONFIG


@dataclass(frozen=True)
class Member:
    """One report of a review task: input index, file, label, overrides, its prior's index, emit?"""

    i: int
    path: str
    source: str
    meta: tuple[tuple[str, str], ...] = ()
    prior: int | None = None  # input index of the prior-year report in the same chain
    emit: bool = True  # False: analysed only because a later year needs it as its prior
    failed: str | None = None  # a worker died on it earlier: do not touch it again


_state: dict[str, Any] = {}


def warm_up(setup: Setup) -> None:
    """Once per process: import every rule module, load jieba's dictionary and the reuse index."""
    if _state.get("setup") == setup:
        return
    from ..pipeline import load_plugins

    load_plugins()
    _words = sys.modules.get("gxreview.segment.words")
    if _words is not None:  # a rule module uses jieba: load its dictionary (+ domain words) now, once
        fn = getattr(_words, "warm_up", None) or (lambda: _words.words("政府信息公开工作年度报告"))
        fn()
    index = None
    if setup.against:
        from ..reuse import load_against

        index = load_against(setup.against)
    _state.update(setup=setup, index=index)
    _tune_gc()


def _tune_gc() -> None:
    """Batch workers: what warm-up loaded (modules, dictionaries, models) is moved out of the cyclic
    collector's sight, and young collections run after 50,000 allocations instead of 700. A review
    allocates many short-lived objects and few cycles; this saves ~7% of a review's CPU (measured on
    the synthetic corpus) at a bounded cost in memory."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def error_payload(source: str, code: str, message: str) -> dict[str, Any]:
    return {"error": [code, message]}


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimit` after ``seconds`` (main thread of a Unix process only; else no-op)."""
    if not seconds or seconds <= 0:
        yield
        return
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(seconds):
            yield
        return

    def _alarm(_sig, _frm):
        raise TimeLimit()

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    """Worker threads (Dask): a timer raises TimeLimit asynchronously in this thread (Python code only)."""
    import ctypes

    tid = threading.get_ident()
    fired = threading.Event()
    lock = threading.Lock()
    active = [True]

    def fire() -> None:
        with lock:
            if active[0]:
                fired.set()
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(TimeLimit))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


def _limit(setup: Setup) -> float:
    return float(setup.config.limits.time_per_report_s)


def over_time_message(source: str, limit: float, what: str) -> str:
    return f"{source}: {what} took longer than the limit of {limit:g} s per report (Limits.time_per_report_s)"


def scan_task(items: list[tuple[int, str, str, tuple]], setup: Setup) -> Iterator[tuple]:
    """Read each input and extract what pairing needs: ``{"org_key", "year"}``."""
    warm_up(setup)
    from ..io import load
    from ..metadata import extract_info
    from ..pipeline import read_error

    for i, path, source, meta in items:
        yield ("start", i)
        t0 = time.monotonic()
        try:
            with time_limit(_limit(setup)):
                doc = load(path, source=source, meta=dict(meta) or None, limits=setup.config.limits)
                info = extract_info(doc)
                payload = {"org_key": info.org_key, "year": info.year}
        except TimeLimit:
            payload = error_payload(source, "E005", over_time_message(source, _limit(setup), "reading"))
        except Exception as e:  # a reader bug must not stop the batch: record it
            payload = error_payload(source, *read_error(source, path, e))
        yield ("done", i, payload, time.monotonic() - t0)


def review_task(chains: list[list[Member]], setup: Setup) -> Iterator[tuple]:
    """Review agency chains; events ``("done", i, blob)``, blob = the journal payload of the result."""
    warm_up(setup)
    for chain in chains:
        yield from _review_chain(chain, setup)


def _review_chain(chain: list[Member], setup: Setup) -> Iterator[tuple]:
    from ..io import load
    from ..pipeline import analyse, is_report_like, not_a_report, read_error, run_rules

    limit = _limit(setup)
    analyses: dict[int, Any] = {}
    failed: dict[int, dict] = {}
    for m in chain:  # analyse every member once (source order), as `review` does with its inputs
        if m.failed:
            failed[m.i] = error_payload(m.source, "E005", m.failed)
            continue
        yield ("start", m.i)
        try:
            with time_limit(limit):
                doc = load(m.path, source=m.source, meta=dict(m.meta) or None, limits=setup.config.limits)
                analyses[m.i] = analyse(doc, setup.config)
        except TimeLimit:
            failed[m.i] = error_payload(m.source, "E005", over_time_message(m.source, limit, "reading and analysis"))
        except Exception as e:
            failed[m.i] = error_payload(m.source, *read_error(m.source, m.path, e))
    index = _state.get("index")
    for m in chain:
        t0 = time.monotonic()
        if m.i in failed:
            if m.emit:
                yield ("done", m.i, _record(ErrorResult(m.source, *failed[m.i]["error"]), setup), 0.0)
            continue
        a = analyses[m.i]
        yield ("start", m.i)
        if not is_report_like(a):
            e8 = not_a_report(m.source)
            res: Any = ErrorResult(m.source, e8.code, str(e8))
        else:
            pa = analyses.get(m.prior) if m.prior is not None else None
            if pa is None and index is not None and hasattr(index, "prior_for"):
                pa = index.prior_for(a)
            a.prior = pa
            a.index = index
            try:
                with time_limit(limit):
                    res = run_rules(a, summary_text=setup.summaries)
            except TimeLimit:
                res = ErrorResult(m.source, "E005", over_time_message(m.source, limit, "review"))
            except Exception as e:  # outside the pipeline's own guards: record it, go on
                res = ErrorResult(m.source, "E003", f"{m.source}: the review failed ({type(e).__name__}: {str(e)[:300]})")
        if m.emit:
            yield ("done", m.i, _record(res, setup), time.monotonic() - t0)


def _record(res: Any, setup: Setup) -> bytes:
    """The result packed for the journal (compressed here, so the parent only writes bytes)."""
    from ..findings import dumps_bytes
    from .journal import result_blob
    from .rows import derive

    try:
        d = res.to_dict()
        return result_blob(derive(res, d), dumps_bytes(d))
    except Exception as e:  # e.g. a score that is not JSON-serialisable: keep the line count
        err = ErrorResult(res.source, "E003", f"{res.source}: the review could not be serialised "
                                              f"({type(e).__name__}: {str(e)[:300]})")
        return result_blob(derive(err, err.to_dict()), err.to_json().encode("utf-8"))


def run_collect(kind: str, payload: Any, setup: Setup) -> list[tuple]:
    """Run a task to completion and return its ``done`` events (for engines without streaming: Dask)."""
    fn = scan_task if kind == "scan" else review_task
    return [ev for ev in fn(payload, setup) if ev[0] == "done"]

"""A small local process pool that survives its workers: one that crashes or hangs is replaced, the
report it was on is recorded as an error, and the rest of its task is handed out again.

Workers are started with the platform's (or the chosen) start method: fork, spawn or forkserver; each
warms up once (``work.warm_up``) before its first task.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from . import work

WARMUP_LIMIT_S = 600.0
#: finished reports travel to the parent in messages of up to SEND_EVERY results, or sooner once the
#: oldest waited SEND_AFTER_S: fewer messages and wake-ups (~1.5 ms CPU per report less in all
#: processes than a message per event). Results not yet sent when a worker dies are simply redone.
SEND_EVERY = 16
SEND_AFTER_S = 0.25


@dataclass
class Task:
    kind: str  # "scan" | "review"
    payload: Any
    tid: int = 0


@dataclass
class _Worker:
    """A worker process, its pipe, and its *slot*: two doubles in shared memory, ``[since, current]``,
    that the worker updates as it starts and finishes each report (no message per report start: the
    parent only reads the slot when a worker dies or stops answering)."""

    proc: Any
    conn: Any
    slot: Any  # multiprocessing Array('d', 2): when the current step began, input index being worked on (-1: none)
    task: Task | None = None
    ready: bool = False

    @property
    def current(self) -> int | None:
        i = int(self.slot[1])
        return None if i < 0 else i

    @property
    def since(self) -> float:
        return self.slot[0]

    def mark(self, current: int | None = None) -> None:
        _mark(self.slot, current)


def _mark(slot: Any, current: int | None) -> None:
    """Record in ``slot`` that ``current`` (or nothing) is being worked on from now on."""
    slot[0] = time.monotonic()
    slot[1] = -1 if current is None else current


def default_start_method() -> str:
    """forkserver where the platform has it (workers never inherit the parent's threads, such as the
    progress bar's), else spawn. fork is available on request (``start_method="fork"``)."""
    methods = mp.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _worker_main(conn, setup: work.Setup, slot) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    work.warm_up(setup)
    conn.send(("ready",))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        tid, kind, payload = msg
        fn = work.scan_task if kind == "scan" else work.review_task
        batch: list[tuple] = []
        first = 0.0
        for ev in fn(payload, setup):
            if ev[0] == "start":  # written to the slot, not sent: the parent reads it only if needed
                _mark(slot, ev[1])
                continue
            _mark(slot, None)
            if not batch:
                first = time.monotonic()
            batch.append(ev[1:])
            if len(batch) >= SEND_EVERY or time.monotonic() - first >= SEND_AFTER_S:
                conn.send((tid, "done", batch))
                batch = []
        if batch:
            conn.send((tid, "done", batch))
        conn.send((tid, "end"))


class LocalPool:
    """Run tasks on ``workers`` processes; ``on_done(i, payload)`` per finished report.

    ``on_lost(task, i, reason)`` is called when the worker running ``task`` died or hung on input
    ``i`` (``None`` if between reports); it returns the tasks to run instead.
    """

    def __init__(self, workers: int, setup: work.Setup, *, start_method: str | None = None,
                 hard_limit_s: float | None = None) -> None:
        self.n = max(1, workers)
        self.setup = setup
        self.ctx = mp.get_context(start_method or default_start_method())
        if self.ctx.get_start_method() == "forkserver":
            self.ctx.set_forkserver_preload(["gxreview.pipeline", "gxreview.batch.work"])
        limit = float(setup.config.limits.time_per_report_s)
        self.hard_limit = hard_limit_s if hard_limit_s is not None else limit + max(5.0, 0.25 * limit)
        self.workers: list[_Worker] = []
        self._tid = 0
        self._warmup_failures = 0

    def __enter__(self) -> LocalPool:
        for _ in range(self.n):
            self.workers.append(self._spawn())
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        slot = self.ctx.Array("d", 2, lock=False)
        _mark(slot, None)  # warm-up begins
        proc = self.ctx.Process(target=_worker_main, args=(child, self.setup, slot), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent, slot)

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.workers = []

    def run(self, tasks: list[Task], on_done: Callable[[int, Any, float], None],
            on_lost: Callable[[Task, int | None, str], list[Task]]) -> None:
        queue: deque[Task] = deque()
        for t in tasks:
            self._tid += 1
            t.tid = self._tid
            queue.append(t)
        while queue or any(w.task is not None for w in self.workers):
            for w in self.workers:
                if w.ready and w.task is None and queue:
                    w.task = queue.popleft()
                    w.mark()
                    w.conn.send((w.task.tid, w.task.kind, w.task.payload))
            conns = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
            ready = wait(conns, timeout=0.5)
            for w in list(self.workers):
                if w.conn in ready:
                    self._drain(w, on_done)
            now = time.monotonic()
            for k, w in enumerate(self.workers):
                dead = not w.proc.is_alive()
                hung = w.task is not None and now - w.since > self.hard_limit
                stuck = not w.ready and now - w.since > WARMUP_LIMIT_S
                if not (dead or hung or stuck):
                    continue
                if dead:
                    self._drain(w, on_done)  # take what it sent before dying
                    if w.task is None and w.ready:
                        self.workers[k] = self._spawn()
                        continue
                lost, cur = w.task, w.current
                w.proc.kill()
                w.proc.join()
                w.conn.close()
                self.workers[k] = self._spawn()
                if lost is not None:
                    reason = (f"stopped answering for more than {self.hard_limit:g} s (Limits.time_per_report_s)" if hung
                              else f"worker process died (exit code {w.proc.exitcode})")
                    for t in on_lost(lost, cur, reason):
                        self._tid += 1
                        t.tid = self._tid
                        queue.appendleft(t)
                elif stuck or not w.ready:
                    self._warmup_failures += 1
                    if stuck or self._warmup_failures > 3:
                        raise RuntimeError(f"batch workers fail while warming up (exit code {w.proc.exitcode})")

    def _drain(self, w: _Worker, on_done) -> None:
        while True:
            try:
                if not w.conn.poll():
                    return
                msg = w.conn.recv()
            except (EOFError, OSError):
                return
            if msg[0] == "ready":
                w.ready = True
                w.mark()
                continue
            if w.task is None or msg[0] != w.task.tid:
                continue
            ev = msg[1]
            if ev == "done":
                for i, payload, dt in msg[2]:
                    on_done(i, payload, dt)
            elif ev == "end":
                w.task = None

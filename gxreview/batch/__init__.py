"""``gxreview batch INPUT -o OUTDIR``: review a whole submission set, pairing every report with the
same agency's previous year, on a local process pool or on Dask, resumably (contract §1).

Steps: find the inputs → hash them → *scan* (read + metadata, in parallel) → group reports into
agency chains of consecutive years → *review* the chains (each report analysed once, serving as the
next year's prior) → OUTDIR, assembled in input order while the review runs (:mod:`.assemble`).

API: :func:`run_batch`; CLI: :func:`cli_batch`. See docs/batch.md.
"""

from __future__ import annotations

import fcntl
import os
import stat
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import DEFAULT_CONFIG, Config
from ..errors import UsageError
from ..findings import ErrorResult
from ..pipeline import canonical_org_keys
from . import keys, outputs, work
from .assemble import Assembly, drain
from .inputs import Inputs, Item, discover
from .journal import Journal, split_blob
from .pool import LocalPool, Task
from .progress import Progress
from .rows import derive

__all__ = ["BatchReport", "cli_batch", "run_batch"]

STATE_DIR = ".gxbatch"
MAX_TASK_ITEMS = 32
MAX_PENDING = 4096  # results kept in memory until every earlier input has one (beyond: read back)
MAX_LOST = 2  # a task lost this many times between reports: its remaining reports become errors


@dataclass
class BatchReport:
    """What a batch did: counts, and the work redone vs reused from the journal."""

    outdir: Path
    inputs: int = 0
    reviewed: int = 0
    errors: int = 0
    skipped: int = 0
    scanned: int = 0  # inputs read for metadata in this run
    computed: int = 0  # reviews computed in this run (the rest came from the journal)
    error_codes: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step: hash, scan, review, write


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_batch(input_: str, outdir: str | os.PathLike[str], *, against: str | None = None, workers: int | None = None,
              engine: str = "local", scheduler: str | None = None, resume: bool = False, summaries: bool = False,
              config: Config | None = None, start_method: str | None = None, progress: Progress | None = None) -> BatchReport:
    """Review every input of INPUT into OUTDIR; returns counts. Raises UsageError on bad arguments."""
    config = config or DEFAULT_CONFIG
    if workers is not None and workers < 1:
        raise UsageError("--workers", "must be at least 1")
    workers = workers or default_workers()
    if engine not in ("local", "dask"):
        raise UsageError("--engine", f"unknown engine {engine!r} (local|dask)")
    if scheduler and engine != "dask":
        engine = "dask"
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise UsageError(str(out), "OUTDIR exists and is not a folder")
    if Path(input_).is_dir() and os.path.realpath(input_) == os.path.realpath(out):
        raise UsageError(str(out), "OUTDIR must not be the INPUT folder itself (use a subfolder or another folder)")
    found = discover(input_, exclude=out)
    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE_DIR
    state.mkdir(exist_ok=True)
    lock = open(state / "lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise UsageError(str(out), "another gxreview batch is writing this OUTDIR") from None
    try:
        outputs.clean_temporaries(out)
        journal = Journal(state, resume=resume)
        try:
            return _Run(found, out, journal, against, workers, engine, scheduler, summaries, config, start_method,
                        progress or Progress()).go()
        finally:
            journal.close()
    finally:
        lock.close()


class _Run:
    def __init__(self, found: Inputs, out: Path, journal: Journal, against, workers, engine, scheduler, summaries,
                 config: Config, start_method, progress: Progress) -> None:
        self.found, self.out, self.journal = found, out, journal
        self.items: list[Item] = found.items
        self.workers, self.engine, self.scheduler, self.start_method = workers, engine, scheduler, start_method
        self.index_digest = keys.index_digest(against)
        if against and Path(against).is_dir() and not scheduler:
            against = _build_index(against, out / STATE_DIR, self.index_digest)
        self.setup = work.Setup(against=against, summaries=summaries, config=config)
        self.progress = progress
        self.report = BatchReport(out, inputs=len(self.items), skipped=len(found.skipped))
        self.base = keys.combine("gxreview-batch-1", keys.code_version(), config.digest(), keys.models_digest())
        self.direct: dict[int, ErrorResult] = {}  # inputs that are errors without any review work
        self.scan_key: dict[int, str] = {}
        self.review_key: dict[int, str] = {}
        self.lost: dict[tuple, int] = defaultdict(int)
        self.pending: dict[int, bytes] = {}  # results received ahead of an earlier input's

    # ---- steps ---------------------------------------------------------------------------------
    def go(self) -> BatchReport:
        t = self.report.timings
        t0 = time.monotonic()
        self._hash()
        t["hash"] = time.monotonic() - t0
        self.pool = None
        self.asm: Assembly | None = None
        try:
            t0 = time.monotonic()
            self._scan()
            chains = self._chains()
            t["scan"] = time.monotonic() - t0
            t0 = time.monotonic()
            self.asm = Assembly(self.out)
            self._advance()
            self._review(chains)
            t["review"] = time.monotonic() - t0
            t0 = time.monotonic()
            self._write()
            t["write"] = time.monotonic() - t0
        except BaseException:
            if self.asm is not None:
                self.asm.discard()
            raise
        finally:
            if self.pool is not None:
                self.pool.__exit__(None, None, None)
        return self.report

    def _hash(self) -> None:
        self.sha: dict[int, str] = {}
        for i, it in enumerate(self.items):
            try:
                if not stat.S_ISREG(os.stat(it.path).st_mode) and not os.path.isdir(it.path):
                    self.direct[i] = ErrorResult(it.source, "E001", f"{it.source}: not a regular file (device, FIFO or socket)")
                    continue
                self.sha[i] = keys.sha256_file(it.path)
            except FileNotFoundError:
                self.direct[i] = ErrorResult(it.source, "E001", f"{it.source}: file not found (or a broken symlink)")
            except IsADirectoryError:
                self.direct[i] = ErrorResult(it.source, "E001", f"{it.source}: is a directory, not a report file")
            except OSError as e:
                self.direct[i] = ErrorResult(it.source, "E001", f"{it.source}: cannot read the file ({e.strerror or e})")
            else:
                self.scan_key[i] = keys.combine("scan", self.sha[i], it.source, it.meta, self.base)

    def _engine(self):
        if self.engine == "dask":
            from .dask_engine import DaskPool

            return DaskPool(self.workers, self.setup, scheduler=self.scheduler)
        return LocalPool(self.workers, self.setup, start_method=self.start_method)

    def _chunks(self, n_work: int) -> int:
        return max(1, min(MAX_TASK_ITEMS, n_work // (self.workers * 4) or 1))

    def _scan(self) -> None:
        todo = [i for i in sorted(self.scan_key) if self.scan_key[i] not in self.journal.meta]
        self.report.scanned = len(todo)
        if not todo:
            return
        size = self._chunks(len(todo))
        tasks = [Task("scan", [(i, self.items[i].path, self.items[i].source, self.items[i].meta) for i in todo[k:k + size]])
                 for k in range(0, len(todo), size)]
        self.progress.start("reading", len(todo))

        def done(i: int, payload: dict, _dt: float) -> None:
            if self.scan_key[i] not in self.journal.meta:
                self.journal.add_meta(self.scan_key[i], payload)
                self.progress.advance()

        def lost(task: Task, cur: int | None, reason: str) -> list[Task]:
            if cur is not None:
                done(cur, work.error_payload(self.items[cur].source, "E005", f"{self.items[cur].source}: {reason}"), 0.0)
            rest = [x for x in task.payload if self.scan_key[x[0]] not in self.journal.meta]
            return self._retry(task, rest, cur)

        self._run_engine(tasks, done, lost)

    def _retry(self, task: Task, rest: list, cur: int | None) -> list[Task]:
        if not rest:
            return []
        tag = (task.kind, rest[0][0] if task.kind == "scan" else rest[0][0].i)
        if cur is None:
            self.lost[tag] += 1
            if self.lost[tag] > MAX_LOST:  # lost between reports again and again: give up on the first
                first = rest[0] if task.kind == "scan" else rest[0][0]
                i = first[0] if task.kind == "scan" else first.i
                if task.kind == "scan":
                    self.journal.add_meta(self.scan_key[i], work.error_payload(self.items[i].source, "E005",
                                          f"{self.items[i].source}: the worker kept failing on it"))
                    self.progress.advance()
                    rest = rest[1:]
                else:
                    rest = [[_replace(m, failed=f"{m.source}: the worker kept failing on it") if m.i == i else m
                             for m in rest[0]], *rest[1:]]
        if task.kind == "scan":
            return [Task("scan", rest)] if rest else []
        return [Task("review", [chain]) for chain in rest]  # one chain per task: isolate the culprit

    def _run_engine(self, tasks, done, lost) -> None:
        """Run tasks on the engine, started once for the whole run (workers warm up once)."""
        try:
            if self.pool is None:
                self.pool = self._engine().__enter__()
            self.pool.run(tasks, done, lost)
        finally:
            self.progress.stop()

    def _chains(self) -> list[list[int]]:
        """Agency chains: reports of one org_key in consecutive years (sorted by year, then source)."""
        meta = {i: self.journal.meta[k] for i, k in self.scan_key.items()}
        for i, m in meta.items():
            if "error" in m:
                code, msg = m["error"]
                self.direct[i] = ErrorResult(self.items[i].source, code, msg)
        groups: dict[str, list[int]] = defaultdict(list)
        singles: list[list[int]] = []
        canon = canonical_org_keys(m.get("org_key") for i, m in meta.items() if i not in self.direct)
        for i in sorted(meta):
            m = meta[i]
            if i in self.direct:
                continue
            if m.get("org_key") and isinstance(m.get("year"), int):
                groups[canon[m["org_key"]]].append(i)
            else:
                singles.append([i])
        chains: list[list[int]] = list(singles)
        self.prior: dict[int, int | None] = {i: None for c in singles for i in c}
        for _org, members in sorted(groups.items()):
            members.sort(key=lambda i: (meta[i]["year"], self.items[i].source, i))
            first_of_year: dict[int, int] = {}
            for i in members:
                first_of_year.setdefault(meta[i]["year"], i)
            chain: list[int] = []
            for i in members:
                y = meta[i]["year"]
                if chain and y - meta[chain[-1]]["year"] > 1:
                    chains.append(chain)
                    chain = []
                chain.append(i)
                self.prior[i] = first_of_year.get(y - 1)
            chains.append(chain)
        # resume keys: a report's key includes its prior's key (and so the whole chain before it)
        for chain in chains:
            for i in sorted(chain, key=lambda i: (meta[i].get("year") or 0, i)):
                p = self.prior[i]
                it = self.items[i]
                self.review_key[i] = keys.combine("review", self.sha[i], it.source, it.meta, self.base,
                                                  self.index_digest, self.setup.summaries,
                                                  self.review_key[p] if p is not None else None)
        chains.sort(key=lambda c: min(c))
        return [sorted(c) for c in chains]  # source order inside a chain, as `review` does

    def _review(self, chains: list[list[int]]) -> None:
        todo = [c for c in chains if any(self.review_key[i] not in self.journal.results for i in c)]
        n = sum(1 for c in todo for i in c if self.review_key[i] not in self.journal.results)
        if not todo:
            return
        size = self._chunks(n)
        tasks: list[Task] = []
        cur: list[list[work.Member]] = []
        count = 0
        for c in todo:
            cur.append(self._members(c))
            count += len(c)
            if count >= size:
                tasks.append(Task("review", cur))
                cur, count = [], 0
        if cur:
            tasks.append(Task("review", cur))
        self.progress.start("reviewing", n)

        def done(i: int, blob: bytes, _dt: float) -> None:
            k = self.review_key[i]
            if k not in self.journal.results:
                self.journal.add_blob(k, blob)
                self.report.computed += 1
                self.progress.advance()
                if len(self.pending) < MAX_PENDING:
                    self.pending[i] = blob
                self._advance()

        def lost(task: Task, cur_i: int | None, reason: str) -> list[Task]:
            rest = []
            for chain in task.payload:
                members = [_replace(m, emit=self.review_key[m.i] not in self.journal.results,
                                    failed=m.failed or (f"{m.source}: {reason}" if m.i == cur_i else None))
                           for m in chain]
                if any(m.emit for m in members):
                    rest.append(members)
            return self._retry(task, rest, cur_i)

        self._run_engine(tasks, done, lost)

    def _members(self, chain: list[int]) -> list[work.Member]:
        return [work.Member(i, self.items[i].path, self.items[i].source, self.items[i].meta, self.prior.get(i),
                            emit=self.review_key[i] not in self.journal.results) for i in chain]

    # ---- outputs -------------------------------------------------------------------------------
    def _record(self, i: int) -> tuple[str, dict[str, Any], bytes]:
        """(source, derived rows, result JSON line as UTF-8 bytes) of input ``i``."""
        src = self.items[i].source
        if i in self.direct:
            e = self.direct[i]
            return src, derive(e, e.to_dict()), e.to_json().encode("utf-8")
        blob = self.pending.pop(i, None)
        if blob is not None:
            return src, *split_blob(blob)
        return src, *self.journal.get_raw(self.review_key[i])

    def _has(self, i: int) -> bool:
        return i in self.direct or self.review_key.get(i) in self.journal.results

    def _advance(self) -> None:
        """Assemble every result now available in input order (see :mod:`.assemble`)."""
        drain(self.asm, len(self.items), self._has, self._record)

    def _write(self) -> None:
        """The inputs not assembled during the review (all are done now), then the small outputs."""
        asm = self.asm
        for i in range(len(asm), len(self.items)):
            asm.add(*self._record(i))
        asm.close(self.found.skipped)
        codes = asm.codes
        self.report.errors = sum(codes.values())
        self.report.reviewed = len(self.items) - self.report.errors
        self.report.error_codes = dict(sorted(codes.items()))


def _build_index(folder: str, state: Path, digest: str) -> str:
    """``--against DIR``: index the folder once, in the parent, into OUTDIR/.gxbatch (reused while
    the folder's content is unchanged), so workers open a file instead of each indexing DIR."""
    from ..reuse import ReuseIndex

    path = state / f"against-{digest}.sqlite"
    if not path.exists():
        for old in state.glob("against-*.sqlite*"):
            old.unlink()
        tmp = state / f"against-{digest}.sqlite.tmp"
        tmp.unlink(missing_ok=True)
        idx = ReuseIndex(tmp).fit(folder)
        idx.db.close()
        os.replace(tmp, path)
    return str(path)


def _replace(m: work.Member, **kw) -> work.Member:
    from dataclasses import replace

    return replace(m, **kw)


def cli_batch(args) -> int:
    """``gxreview batch``: exit 0 when at least one input was reviewed, 2 when none could be."""
    rep = run_batch(args.input, args.output, against=args.against, workers=args.workers, engine=args.engine,
                    scheduler=args.scheduler, resume=args.resume, summaries=args.summaries)
    errs = ", ".join(f"{c}×{n}" for c, n in rep.error_codes.items())
    print(f"gxreview batch: {rep.inputs} inputs, {rep.reviewed} reviewed, {rep.errors} errors"
          f"{' (' + errs + ')' if errs else ''}, {rep.skipped} skipped; {rep.computed} reviews computed in this run"
          f" -> {rep.outdir}", file=sys.stderr)
    if rep.inputs == 0:
        print("gxreview batch: no input found", file=sys.stderr)
        return 2
    return 0 if rep.reviewed else 2

"""Progress: a rich bar (count, rate, ETA) on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

PLAIN_EVERY_S = 10.0


class Progress:
    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._rich: Any = None
        self._task: Any = None

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.t0 = self.last = time.monotonic()
        if self.quiet:
            return
        if self.tty:
            try:
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    TaskProgressColumn,
                    TextColumn,
                    TimeRemainingColumn,
                )
                from rich.progress import Progress as RichProgress

                self._rich = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                          TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                          console=Console(file=self.stream), transient=False)
                self._rich.start()
                self._task = self._rich.add_task(label, total=total, rate="")
                return
            except ImportError:
                self._rich = None
        print(f"gxreview batch: {label}: {total} to do", file=self.stream, flush=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.quiet:
            return
        now = time.monotonic()
        rate = self.done / max(now - self.t0, 1e-9)
        if self._rich is not None:
            self._rich.update(self._task, advance=n, rate=f"{rate:.1f}/s")
        elif now - self.last >= PLAIN_EVERY_S or self.done == self.total:
            self.last = now
            eta = (self.total - self.done) / rate if rate > 0 else 0.0
            print(f"gxreview batch: {self.label}: {self.done}/{self.total} ({rate:.1f}/s, ETA {_hms(eta)})",
                  file=self.stream, flush=True)

    def stop(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None


def _hms(s: float) -> str:
    s = int(round(s))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}h{m:02d}m{sec:02d}s" if h else f"{m}m{sec:02d}s"

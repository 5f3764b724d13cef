"""Run batch tasks on dask.distributed: a LocalCluster on loopback (dashboard off) by default, or the
scheduler the user names (``--scheduler tcp://HOST:PORT``). The task functions are the same pure
functions the local engine runs, so results are identical."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..errors import MissingDependency
from . import work
from .pool import Task


class DaskPool:
    def __init__(self, workers: int, setup: work.Setup, *, scheduler: str | None = None) -> None:
        self.n = max(1, workers)
        self.setup = setup
        self.scheduler = scheduler
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskPool:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise MissingDependency("--engine dask", "dask.distributed is not installed: pip install 'gxreview[dask]'") from None
        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(n_workers=self.n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(self, tasks: list[Task], on_done: Callable[[int, Any, float], None],
            on_lost: Callable[[Task, int | None, str], list[Task]]) -> None:
        from distributed import as_completed

        pending = {}
        for t in tasks:
            pending[self._submit(t)] = t
        ac = as_completed(list(pending))
        for fut in ac:
            task = pending.pop(fut)
            try:
                events = fut.result()
            except Exception as e:  # the worker died (KilledWorker) or the task raised
                for t in on_lost(task, None, f"worker failed ({type(e).__name__}: {str(e)[:200]})"):
                    nf = self._submit(t)
                    pending[nf] = t
                    ac.add(nf)
                continue
            finally:
                fut.release()
            for ev in events:
                on_done(ev[1], ev[2], ev[3])

    def _submit(self, t: Task):
        return self.client.submit(work.run_collect, t.kind, t.payload, self.setup, pure=False)

"""Dask engine: partitions of documents analysed on a `distributed` cluster.

    whosaid ingest PATH... --engine dask                          # a LocalCluster on this machine
    whosaid ingest PATH... --engine dask --scheduler tcp://HOST:8786

The client reads the inputs (streaming) and cuts them into partitions of
`partition_size` documents; each worker process loads the spaCy model once and runs the
same stage functions as the local engine (`whosaid.engine.local`). Partitions come back as
they finish, each with the worker's peak memory, and the caller stores each partition in
one transaction. Storage is idempotent (documents are keyed by the SHA-256 of their text),
so a partition that Dask re-runs after a worker dies adds no duplicates.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whosaid.config import Settings
from whosaid.engine.local import _run_batch, batches, worker_model
from whosaid.records import Analysis, Document, Failure

# Settings for the workers of a LocalCluster (read by each nanny when it starts, so a worker
# it restarts gets them too). Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536, so glibc hands
# freed memory back to the system at once; with spaCy's many small allocations that made
# parsing 8% slower here (120 articles in a worker: 20.5 s with it, 19.0 s without). The
# memory zones already keep a worker's memory flat. The sampling profiler is off: nobody
# reads it and it takes the GIL every 10 ms. The event-loop watchdog (every 20 ms), the
# memory monitor (100 ms) and the system monitor (500 ms) tick in every process, competing
# with the parse for the GIL and the cores: an idle 2-worker cluster here used 1.3-1.5 s of
# CPU per 20 s with Dask's intervals and 0.3 s with these (no dashboard reads them).
LOCAL_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


@dataclass(frozen=True)
class Partition:
    index: int
    results: list[Analysis | Failure]
    worker: str
    peak_rss_mb: float
    seconds: float = 0.0  # the worker's time on this partition


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_partition(index: int, documents: list[Document], settings: Settings) -> Partition:
    """On a worker: the model is loaded once per worker process, then the local engine's batch."""
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):
        worker = "local"
    started = time.perf_counter()
    results = _run_batch(worker_model(settings.model), documents, settings)
    return Partition(index, results, worker, _peak_rss_mb(), time.perf_counter() - started)


def _partitions(items: Iterable[Document | Failure], size: int) -> Iterator[tuple[list[Document], list[Failure]]]:
    for chunk in batches(items, size):
        yield [d for d in chunk if isinstance(d, Document)], [f for f in chunk if isinstance(f, Failure)]


class DaskEngine:
    """A client on a scheduler (or on a LocalCluster it starts and stops)."""

    def __init__(self, settings: Settings, scheduler: str | None = None, partition_size: int = 16) -> None:
        import dask
        from distributed import Client, LocalCluster

        self.settings = settings
        self.partition_size = partition_size
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            with dask.config.set(LOCAL_WORKER_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=settings.n_process,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,
                )
            self.client = Client(self.cluster)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, items: Iterable[Document | Failure]) -> Iterator[Partition]:
        """Partitions as they finish. Read failures come back at once as partitions of their
        own; a partition whose worker fails for good comes back as one Failure per document."""
        from distributed import as_completed

        in_flight = max(2, 2 * len(self.client.scheduler_info().get("workers", {})))
        pending = as_completed()
        documents_of: dict[Any, tuple[int, list[Document]]] = {}
        count = 0
        for index, (documents, failures) in enumerate(_partitions(items, self.partition_size)):
            if failures:
                yield Partition(-1, list(failures), "client", 0.0)
            if documents:
                future = self.client.submit(run_partition, index, documents, self.settings, pure=False, retries=2)
                documents_of[future] = (index, documents)
                pending.add(future)
                count += 1
            while count >= in_flight:
                yield self._collect(next(pending), documents_of)
                count -= 1
        for future in pending:
            yield self._collect(future, documents_of)

    @staticmethod
    def _collect(future: Any, documents_of: dict[Any, tuple[int, list[Document]]]) -> Partition:
        index, documents = documents_of.pop(future)
        try:
            result: Partition = future.result()
            return result
        except Exception as exc:  # noqa: BLE001 - a worker died for good, or the task raised
            reason = f"partition {index} failed on the cluster: {type(exc).__name__}: {exc}"
            return Partition(index, [Failure(d.origin or d.id, reason) for d in documents], "none", 0.0)

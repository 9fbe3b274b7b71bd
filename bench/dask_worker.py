"""One worker's parsing speed: a process-pool worker against a Dask LocalCluster worker, with
Dask's own worker settings and with the ones whosaid's LocalCluster uses
(`whosaid.engine.dask.LOCAL_WORKER_CONFIG`: no MALLOC_TRIM_THRESHOLD_, no profiler).

    python bench/dask_worker.py [--root ../shared/polnear] [--articles 120] [--repeat 2]

Each figure is the worker's own time in `run_partition` for the same articles (PolNeAR
train, from the 201st), after the model is loaded; nothing else runs.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from whosaid.config import DEFAULTS
from whosaid.engine.dask import LOCAL_WORKER_CONFIG, run_partition
from whosaid.engine.local import _init_worker
from whosaid.records import Document

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def pool_worker(docs: list[Document]) -> float:
    with ProcessPoolExecutor(1) as pool:
        pool.submit(_init_worker, DEFAULTS.model).result()
        return pool.submit(run_partition, 0, docs, DEFAULTS).result().seconds


def dask_worker(docs: list[Document], config: dict[str, Any]) -> float:
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(config):
        cluster = LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
    with cluster, Client(cluster) as client:
        client.submit(_init_worker, DEFAULTS.model, pure=False).result()
        seconds: float = client.submit(run_partition, 0, docs, DEFAULTS, pure=False).result().seconds
        return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    files = sorted((args.root / "train" / "text").glob("*.txt"))[200 : 200 + args.articles]
    docs = [Document(f.stem, f.read_text(encoding="utf-8")) for f in files]
    print(f"{len(docs)} articles, one worker each time")
    for _ in range(args.repeat):
        print(f"  process-pool worker:                 {pool_worker(docs):6.1f} s")
        print(f"  Dask worker, Dask's settings:        {dask_worker(docs, {}):6.1f} s")
        print(f"  Dask worker, whosaid's LocalCluster: {dask_worker(docs, LOCAL_WORKER_CONFIG):6.1f} s")


if __name__ == "__main__":
    main()

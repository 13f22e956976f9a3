"""The nine sources through integration, one after another or, for large data, several at once
in worker processes: a source starts as soon as the sources whose keys it checks are done
(clients first; applications before its stage events, loan months and surveys). Each source's
output is the same either way; the report lists sources and checks in catalog order."""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from journey_utils.catalog import SOURCES
from journey_utils.integration.one_source import ChunkSeen, connect_duckdb, integrate_source
from journey_utils.integration.privacy import Pseudonymiser, pseudonymiser
from journey_utils.integration.result import IntegrityCheck, SourceReport
from journey_utils.params.run import RunParams

PARALLEL_MIN_BYTES = 256 * 2**20
"""Sources smaller than this in all are integrated in this process: starting worker processes
(each imports pandas, pyarrow and DuckDB) costs more than it saves on small data."""


@dataclass(frozen=True)
class SourceDone:
    """What one integrated source hands on: its report and checks, and for its children the
    accepted keys and the owner column (None when no child needs them)."""

    name: str
    report: SourceReport
    checks: list[IntegrityCheck]
    keys: pa.Array | None
    owner: pd.Series | None
    seconds: float


def integration_workers(params: RunParams, sizes: dict[str, int]) -> int:
    """Worker processes for this run: params `workers` (default: the machine's cores), or one
    when the sources are small."""
    wanted = params.workers or os.cpu_count() or 1
    return wanted if sum(sizes.values()) >= PARALLEL_MIN_BYTES else 1


def expected_seconds(params: RunParams, sizes: dict[str, int]) -> dict[str, float]:
    """How long each source should take, to start the longest first: its time in the last
    integration of this data set when recorded, else its file size (Parquet counted four times:
    compressed columns hold more rows per byte than CSV)."""
    report = params.processed_dir / "integration_report.json"
    try:
        seconds = json.loads(report.read_text(encoding="utf-8")).get("seconds", {})
    except (OSError, ValueError):
        seconds = {}
    if all(isinstance(seconds.get(n), int | float) for n in SOURCES):
        return {n: float(seconds[n]) for n in SOURCES}
    parquet = {n for n in SOURCES if params.source_path(n).suffix == ".parquet"}
    return {n: sizes[n] * (4.0 if n in parquet else 1.0) for n in SOURCES}


def source_sizes(params: RunParams) -> dict[str, int]:
    """Bytes of each source file (0 when missing: the source's own step names the file)."""
    out = {}
    for name in SOURCES:
        path = params.source_path(name)
        out[name] = path.stat().st_size if path.is_file() else 0
    return out


def integrate_sources(
    params: RunParams,
    pseudo: Pseudonymiser,
    staging: Path,
    chunk_rows: int,
    seconds: dict[str, float],
    *,
    workers: int = 1,
    on_chunk: ChunkSeen | None = None,
    spill: Path | None = None,
) -> tuple[dict[str, SourceReport], list[IntegrityCheck]]:
    """Integrate every source into `staging` (DuckDB spills under `spill`, default `staging`);
    the reports in catalog order and the integrity checks in the order the catalog lists
    sources and their references."""
    spill = spill or staging
    if workers <= 1:
        done = _in_this_process(params, pseudo, (staging, spill), chunk_rows, on_chunk)
    else:
        done = _in_workers(params, (staging, spill), chunk_rows, workers, on_chunk)
    for name in SOURCES:
        seconds[name] = done[name].seconds
    reports = {name: done[name].report for name in SOURCES}
    return reports, [check for name in SOURCES for check in done[name].checks]


def _needs(name: str) -> set[str]:
    """The sources whose keys (or owner column) source `name` checks against."""
    info = SOURCES[name]
    parents = {parent for _, parent in info.references}
    return parents | ({info.same_owner[1]} if info.same_owner else set())


def _owner_columns() -> dict[str, str]:
    return {info.same_owner[1]: info.same_owner[2] for info in SOURCES.values() if info.same_owner}


def _one(
    params: RunParams,
    name: str,
    pseudo: Pseudonymiser,
    folders: tuple[Path, Path],
    chunk_rows: int,
    parent_keys: dict[str, pa.Array],
    owners: dict[str, pd.Series],
    on_chunk: ChunkSeen | None,
) -> SourceDone:
    """One source with its own DuckDB connection (spilling to its own temp folder);
    `folders` = (staging, spill)."""
    started = time.perf_counter()
    parents = _needs(name)
    staging, spill = folders
    con = connect_duckdb(spill / "_duckdb_tmp" / name, params.duckdb_memory_limit)
    try:
        report, checks, keys, owner = integrate_source(
            params,
            name,
            {p: k for p, k in parent_keys.items() if p in parents},
            pseudo,
            staging,
            con,
            chunk_rows,
            owners=owners,
            owner_column=_owner_columns().get(name),
            on_chunk=on_chunk,
            keep_keys=bool(_children(name)),
        )
    finally:
        con.close()
    return SourceDone(
        name,
        report,
        checks,
        keys,
        owner,
        round(time.perf_counter() - started, 3),
    )


def _children(name: str) -> set[str]:
    return {child for child in SOURCES if name in _needs(child)}


def _in_this_process(
    params: RunParams,
    pseudo: Pseudonymiser,
    folders: tuple[Path, Path],
    chunk_rows: int,
    on_chunk: ChunkSeen | None,
) -> dict[str, SourceDone]:
    done: dict[str, SourceDone] = {}
    for name in SOURCES:  # catalog order: parents before children
        keys = {p: d.keys for p, d in done.items() if d.keys is not None}
        owners = {p: d.owner for p, d in done.items() if d.owner is not None}
        done[name] = _one(params, name, pseudo, folders, chunk_rows, keys, owners, on_chunk)
    return done


# Worker processes -------------------------------------------------------------------------------

_PROGRESS: queue.Queue | None = None
"""In a worker: where chunk progress goes (set by `_start_worker`)."""


def _start_worker(progress: queue.Queue | None) -> None:
    global _PROGRESS
    _PROGRESS = progress


def _report_chunk(name: str, rows: int) -> None:
    if _PROGRESS is not None:
        _PROGRESS.put((name, rows))


def _in_worker(
    params: RunParams,
    name: str,
    folders: tuple[Path, Path],
    chunk_rows: int,
    parent_keys: dict[str, pa.Array],
    owners: dict[str, pd.Series],
) -> SourceDone:
    """A worker's task: one source (the pseudonymiser is rebuilt from the same key)."""
    return _one(
        params, name, pseudonymiser(params), folders, chunk_rows, parent_keys, owners, _report_chunk
    )


def _in_workers(
    params: RunParams,
    folders: tuple[Path, Path],
    chunk_rows: int,
    workers: int,
    on_chunk: ChunkSeen | None,
) -> dict[str, SourceDone]:
    """Sources in worker processes, each started once what it checks against is done; among
    the ready ones the longest expected first, so the longest source does not start last."""
    expected = expected_seconds(params, source_sizes(params))
    context = multiprocessing.get_context("spawn")  # safe inside a notebook kernel
    progress = context.Queue() if on_chunk is not None else None
    done: dict[str, SourceDone] = {}
    failed: dict[str, BaseException] = {}
    running: dict[Future[SourceDone], str] = {}
    with (
        _relay(progress, on_chunk),
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(progress,),
        ) as pool,
    ):
        while len(done) < len(SOURCES):
            started = set(running.values()) | set(done)
            ready = [n for n in SOURCES if n not in started and _needs(n) <= set(done)]
            for name in sorted(ready, key=lambda n: -expected[n]):
                keys = {p: done[p].keys for p in _needs(name) if done[p].keys is not None}
                owners = {p: done[p].owner for p in _needs(name) if done[p].owner is not None}
                future = pool.submit(_in_worker, params, name, folders, chunk_rows, keys, owners)
                running[future] = name
            if not running:
                break  # a source failed: nothing more can start
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future)
                try:
                    done[name] = future.result()
                except Exception as exc:
                    failed[name] = exc
            if failed:  # let the running sources end, start no other
                for future in wait(running).done:
                    name = running.pop(future)
                    if future.exception() is not None:
                        failed[name] = future.exception()  # type: ignore[assignment]
                break
    if failed:  # the first failing source in catalog order, as one after another would say
        raise next(failed[n] for n in SOURCES if n in failed)
    return done


@contextmanager
def _relay(progress: queue.Queue | None, on_chunk: ChunkSeen | None) -> Iterator[None]:
    """Pass the workers' chunk progress to `on_chunk` from a thread of this process."""
    if progress is None or on_chunk is None:
        yield
        return

    def pump() -> None:
        while (item := progress.get()) is not None:  # None: the workers are done
            on_chunk(*item)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        yield
    finally:
        progress.put(None)
        thread.join(timeout=5)

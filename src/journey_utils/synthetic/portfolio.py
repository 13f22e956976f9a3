"""Generate the whole synthetic portfolio chunk by chunk and publish it atomically."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import SOURCES
from journey_utils.errors import JourneyError
from journey_utils.params.run import RunParams
from journey_utils.synthetic import activity, clients, journeys, performance
from journey_utils.synthetic.archetypes import ARCHETYPE_NAMES
from journey_utils.synthetic.clients import Table
from journey_utils.synthetic.context import Context, make_context
from journey_utils.synthetic.dirty import DirtyLedger, dirty_rows
from journey_utils.synthetic.truth import TruthAccumulator, build_truth
from journey_utils.synthetic.writer import SourceWriter

GENERATOR_VERSION = "1.0.0"
CHUNK_SIZE = 20_000
"""Clients per chunk; each chunk has its own RNG, default_rng([seed, chunk_index])."""
DIRTY_STREAM = 7
"""Dirty rows of chunk i come from default_rng([seed, i, 7]), so clean rows never change."""
FINGERPRINT_FILE = "_generator.json"


def fingerprint(params: RunParams) -> dict[str, object]:
    """What determines the generated files: if any of it changes, regenerate."""
    return {
        "generator_version": GENERATOR_VERSION,
        "chunk_size": CHUNK_SIZE,
        "seed": params.seed,
        "n_clients": params.n_clients,
        "start_date": params.start_date.isoformat(),
        "as_of": params.as_of.isoformat(),
        "dirty_share": params.dirty_share,
        "abandon_after_days": params.abandon_after_days,
        "lpr_1y": params.lpr_1y,
        "lpr_5y": params.lpr_5y,
    }


def simulate_chunk(
    ctx: Context, chunk_index: int, first_number: int, n: int, acc: TruthAccumulator
) -> tuple[dict[str, Table], np.ndarray]:
    """The clean rows of every source for `n` clients numbered from `first_number`, and their
    archetype codes; adds the chunk's truth to `acc`."""
    rng = np.random.default_rng([ctx.params.seed, chunk_index])
    c = clients.make_clients(ctx, rng, first_number, n)
    cs = journeys.simulate_cases(ctx, rng, c)
    vis = journeys.visibility(ctx, cs)
    t: dict[str, Table] = {}
    t["clients"] = clients.clients_table(ctx, rng, c)
    t["financials"] = clients.financials_table(ctx, c)
    t["applications"] = journeys.applications_table(ctx, c, cs, vis)
    t["stage_events"] = journeys.stage_events_table(ctx, c, cs, vis)
    ln = performance.loans(ctx, cs, vis)
    t["loan_performance"] = performance.loan_performance_table(ctx, rng, c, cs, ln)
    t["credit_history"] = performance.credit_history_table(
        ctx, rng, c, cs, vis, t["loan_performance"], ln
    )
    t["digital_events"] = activity.digital_events_table(ctx, rng, c, cs, vis, chunk_index)
    t["interactions"] = activity.interactions_table(ctx, rng, c, cs, vis, chunk_index)
    t["surveys"] = activity.surveys_table(ctx, rng, c, cs, vis, chunk_index)
    acc.collect(ctx, c, cs, vis)
    return {name: t[name] for name in SOURCES}, c.archetype


def generate_portfolio(
    params: RunParams, on_chunk: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Write the nine sources to params.raw_dir and the truth to params.root / "truth".

    Files are built in a temporary folder beside them and renamed into place at the end, so a
    crash never leaves a half data set. Returns the rows written per source (clean + dirty).
    `on_chunk(clients done, clients in all)` hears of every chunk written (a progress bar).
    """
    if not params.synthetic:
        raise JourneyError(f"run {params.run_name!r} is not synthetic: nothing to generate")
    ctx = make_context(params)
    root = params.root
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".synthetic-", dir=root))
    try:
        raw, truth_dir = tmp / "raw", tmp / "truth"
        raw.mkdir()
        truth_dir.mkdir()
        writers = {name: SourceWriter(raw, name) for name in SOURCES}
        ledger = DirtyLedger(params.dirty_share)
        acc = TruthAccumulator()
        clean = dict.fromkeys(SOURCES, 0)
        arch_schema = pa.schema([("client_id", pa.string()), ("archetype", pa.string())])
        names = np.asarray(ARCHETYPE_NAMES, dtype=object)
        with pq.ParquetWriter(
            truth_dir / "archetypes.parquet", arch_schema, compression="zstd"
        ) as arch_writer:
            for chunk_index, first in enumerate(range(0, params.n_clients, CHUNK_SIZE)):
                n = min(CHUNK_SIZE, params.n_clients - first)
                tables, archetype = simulate_chunk(ctx, chunk_index, first + 1, n, acc)
                dirty_rng = np.random.default_rng([params.seed, chunk_index, DIRTY_STREAM])
                for name, table in tables.items():
                    writers[name].write(table)
                    clean[name] += len(next(iter(table.values())))
                    if params.dirty_share > 0:
                        extra = dirty_rows(ctx, dirty_rng, ledger, name, table, chunk_index)
                        if extra is not None:
                            writers[name].write(extra)
                arch_writer.write_table(
                    pa.table(
                        {
                            "client_id": tables["clients"]["client_id"],
                            "archetype": names[archetype],
                        },
                        schema=arch_schema,
                    )
                )
                if on_chunk is not None:
                    on_chunk(first + n, params.n_clients)
        for w in writers.values():
            w.close()
        written = {name: w.rows for name, w in writers.items()}
        fp = fingerprint(params)
        dirty = ledger.summary()
        truth = build_truth(
            ctx,
            acc,
            version=GENERATOR_VERSION,
            fingerprint=fp,
            rows_clean=clean,
            rows_written=written,
            dirty=dirty,
        )
        _write_json(truth_dir / "truth.json", truth)
        _write_json(raw / FINGERPRINT_FILE, fp)
        _publish(tmp, root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


def _write_json(path: Path, content: dict[str, object]) -> None:
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _publish(tmp: Path, root: Path) -> None:
    """Swap the new raw/ and truth/ in; raw/ goes last so a crash leaves no raw/ at all."""
    old = tmp / "old"
    old.mkdir()
    for name in ("raw", "truth"):
        if (root / name).exists():
            (root / name).rename(old / name)
    (tmp / "truth").rename(root / "truth")
    (tmp / "raw").rename(root / "raw")


def ensure_synthetic_sources(
    params: RunParams, on_chunk: Callable[[int, int], None] | None = None
) -> bool:
    """Generate the sources unless params.raw_dir already holds this exact generation
    (`on_chunk` as for `generate_portfolio`).

    Returns True when it generated. Raises JourneyError for a run that is not synthetic.
    """
    if not params.synthetic:
        raise JourneyError(
            f"run {params.run_name!r} has synthetic: false; its sources must be provided "
            f"(expected in {params.raw_dir})"
        )
    if _is_current(params):
        return False
    generate_portfolio(params, on_chunk)
    return True


def _is_current(params: RunParams) -> bool:
    raw = params.raw_dir
    try:
        found = json.loads((raw / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if found != json.loads(json.dumps(fingerprint(params))):
        return False
    files = [raw / info.default_file for info in SOURCES.values()]
    files.append(params.root / "truth" / "truth.json")
    return all(f.is_file() for f in files)

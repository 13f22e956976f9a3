"""The workbook at bank scale: every notebook executed (`journey run --force`, data present) with
its wall time and peak memory, and a per-cell profile (time and the kernel's peak RSS while the
cell ran) to show where time and memory go. Memory is sampled from the process tree every
0.2 s (psutil); peak = the largest single process (the runner or one kernel), as the issue
measures it. Prints Markdown tables and writes benchmarks/results/scale_<run>.json:

    .venv/bin/python benchmarks/bench_scale.py --params params/bank_scale.yaml
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import nbformat
import psutil

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_foundation import machine  # noqa: E402

JOURNEY = str(REPO / ".venv" / "bin" / "journey")
SAMPLE_S = 0.2
TOP_CELLS = 15


class TreeSampler(threading.Thread):
    """Samples the RSS (MiB) of a process and each of its descendants every SAMPLE_S: the
    largest single process per sample, and each notebook kernel's own series (by pid), so a
    notebook's memory is its kernel's even when two run at once."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.samples: list[tuple[float, float]] = []
        self.kernels: dict[int, list[tuple[float, float]]] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            now, largest = time.time(), 0.0
            for proc in procs:
                try:
                    rss = proc.memory_info().rss / 2**20
                    if "ipykernel_launcher" in " ".join(proc.cmdline()):
                        self.kernels.setdefault(proc.pid, []).append((now, rss))
                except psutil.Error:
                    continue
                largest = max(largest, rss)
            self.samples.append((now, largest))
            time.sleep(SAMPLE_S)

    def peak(self, start: float = 0.0, end: float = float("inf")) -> float:
        """Largest single process within [start, end] (the sample just before start counts)."""
        inside = [m for t, m in self.samples if start - SAMPLE_S <= t <= end + SAMPLE_S]
        return max(inside, default=0.0)

    def kernel_of(self, start: float, end: float) -> list[tuple[float, float]]:
        """The samples of the kernel whose lifetime fits [start, end] best: each notebook has
        its own kernel, started just before its first cell and shut down after its last."""

        def misfit(series: list[tuple[float, float]]) -> float:
            return abs(series[0][0] - start) + abs(series[-1][0] - end)

        return min(self.kernels.values(), key=misfit, default=[])


def kernel_peak(series: list[tuple[float, float]], start: float, end: float) -> float:
    """A kernel's largest sample within [start, end] (the sample just before start counts)."""
    inside = [m for t, m in series if start - SAMPLE_S <= t <= end + SAMPLE_S]
    return max(inside, default=0.0)


def epoch(stamp: str | None) -> float | None:
    """Seconds since the epoch of an ISO time papermill wrote (UTC)."""
    if not stamp:
        return None
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


SETUP = ("import ", "rep = ju.open_report", "#")


def cell_label(cell: nbformat.NotebookNode) -> str:
    """A short label for a code cell: its first line that is not an import, a comment or the
    report's opening (so the first cell is named by the work it does)."""
    lines = [line.strip() for line in cell.source.splitlines() if line.strip()]
    for line in lines:
        if not line.startswith(SETUP):
            return line[:70]
    return (lines[0] if lines else "")[:70]


def profile(folder: Path, sampler: TreeSampler) -> tuple[list[dict], list[dict]]:
    """Per notebook (wall, its kernel's peak) and per code cell (seconds, the kernel's peak
    while the cell ran) from the executed notebooks and the sampled kernels."""
    notebooks, cells = [], []
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["notebooks"]:
        path = folder / "notebooks" / f"{entry['name']}.ipynb"
        if not path.is_file():
            continue
        nb = nbformat.read(path, as_version=4)
        timed = []
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("papermill", {})
            start, end = epoch(meta.get("start_time")), epoch(meta.get("end_time"))
            if cell.cell_type == "code" and start is not None and end is not None:
                timed.append((cell, start, end))
        if not timed:
            continue
        kernel = sampler.kernel_of(timed[0][1], timed[-1][2])
        for cell, start, end in timed:
            cells.append({"notebook": entry["name"], "cell": cell_label(cell),
                          "seconds": round(end - start, 2),
                          "peak_mib": round(kernel_peak(kernel, start, end))})  # fmt: skip
        peak = round(kernel_peak(kernel, timed[0][1], timed[-1][2]))
        notebooks.append({"notebook": entry["name"], "status": entry.get("status"),
                          "seconds": entry.get("duration_s"), "peak_mib": peak})  # fmt: skip
    return notebooks, cells


def newest_run(reports: Path, before: set[Path]) -> Path:
    """The run folder this benchmark's run created."""
    made = [p for p in reports.iterdir() if p.is_dir() and p not in before and p.name != "latest"]
    if not made:
        raise SystemExit("the run made no report folder")
    return max(made, key=lambda p: p.stat().st_mtime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", type=Path, default=REPO / "params" / "bank_scale.yaml")
    parser.add_argument(
        "--only", help="one notebook (as `journey run --only`), e.g. 03_journey_funnel"
    )
    parser.add_argument("--top", type=int, default=TOP_CELLS, help="cells listed, slowest first")
    args = parser.parse_args()
    params = args.params.resolve()
    reports = REPO / "reports"
    reports.mkdir(exist_ok=True)
    before = set(reports.iterdir())
    cmd = [JOURNEY, "run", "--params", str(params), "--force"]
    cmd += ["--only", args.only] if args.only else []
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    status = proc.wait()
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"benchmark run failed ({status}): {' '.join(cmd)}")
    notebooks, cells = profile(newest_run(reports, before), sampler)
    peak = sampler.peak()
    print(f"\nwall {wall:.0f} s, peak {peak / 1024:.1f} GiB (largest single process)\n")
    print("| notebook | wall | peak RSS (its kernel) |\n|---|---:|---:|")
    for row in notebooks:
        print(f"| {row['notebook']} | {row['seconds']:.0f} s | {row['peak_mib'] / 1024:.1f} GiB |")
    print("\n| notebook | cell | time | peak RSS (its kernel) |\n|---|---|---:|---:|")
    for row in sorted(cells, key=lambda r: -r["seconds"])[: args.top]:
        print(f"| {row['notebook']} | `{row['cell']}` | {row['seconds']:.1f} s | "
              f"{row['peak_mib'] / 1024:.1f} GiB |")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"scale_{params.stem}{'_' + args.only if args.only else ''}.json"
    out.write_text(json.dumps({"machine": machine(), "wall_s": round(wall, 1),
                               "peak_mib": round(peak), "notebooks": notebooks,
                               "cells": cells}, indent=2), encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

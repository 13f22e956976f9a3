"""Wall time and peak memory of `journey generate` and `journey integrate` at given scales.

Each step runs in its own process so its peak RSS is its own (os.wait4). Prints a table and
writes benchmarks/results/foundation_<sizes>.json. Usage:

    .venv/bin/python benchmarks/bench_foundation.py --clients 20000 500000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_gib, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def side_venv(venv: Path, requirements: Path, what: str) -> Path:
    """The python of a benchmark-only venv (a peer tool whose dependencies clash with ours),
    creating the venv from its requirements file if missing."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv.relative_to(REPO)} ({what}, benchmark only) ...", flush=True)
        subprocess.run(["python3.11", "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(requirements)], check=True
        )
    return python


def measure(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one command run as a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def params_file(n_clients: int) -> Path:
    """A params file for the default portfolio at `n_clients` (its own data folder)."""
    base = yaml.safe_load((REPO / "params" / "default.yaml").read_text(encoding="utf-8"))
    base.update(
        run_name=f"bench-{n_clients}", data_dir=f"data/bench_{n_clients}", n_clients=n_clients
    )
    path = RESULTS / f"params_{n_clients}.yaml"
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[20_000, 500_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    journey = str(Path(sys.executable).with_name("journey"))
    rows = []
    for n in args.clients:
        path = str(params_file(n))
        for step, cmd in (
            ("generate", [journey, "generate", "--force", "--params", path]),
            ("integrate", [journey, "integrate", "--params", path]),
        ):
            runs = [measure(cmd) for _ in range(args.repeat)]
            rows.append(
                {
                    "clients": n,
                    "step": step,
                    "repeat": args.repeat,
                    "wall_s_median": round(statistics.median(r[0] for r in runs), 2),
                    "wall_s_all": [round(r[0], 2) for r in runs],
                    "peak_rss_mib_max": round(max(r[1] for r in runs), 1),
                }
            )
            r = rows[-1]
            print(
                f"{n:>9,} clients  {step:<10} median {r['wall_s_median']:>8.2f} s   "
                f"peak RSS {r['peak_rss_mib_max']:>8.1f} MiB   runs {r['wall_s_all']}",
                flush=True,
            )
    report = {"machine": machine(), "results": rows}
    name = "foundation_" + "_".join(str(n) for n in args.clients) + ".json"
    (RESULTS / name).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report["machine"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

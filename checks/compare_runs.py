"""Compare every table two workbook runs show, to prove a refactor changed no figure.

Each run saves the tables its reports show as Parquet beside the HTML (`<run>/tables/<report>/
NNN.parquet`, in the order shown). Give two run folders, or a params file and two git revisions
(each is checked out into a temporary worktree and run there with this venv):

    .venv/bin/python checks/compare_runs.py reports/<run-a> reports/<run-b>
    .venv/bin/python checks/compare_runs.py --params params/default.yaml --before HEAD~3

Prints one line per report (tables compared, differences) and exits 1 on any difference: a table
missing on one side, other columns, other shape, or a value that differs (numbers beyond a
relative 1e-9). Runs the workbook, so it takes minutes: a check, not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
TABLES = "tables"


def compare_folders(a: Path, b: Path) -> list[str]:
    """Differences between the saved tables (and the manifest's row counts) of two run folders."""
    problems: list[str] = []
    ta, tb = a / TABLES, b / TABLES
    if not ta.is_dir() or not tb.is_dir():
        return [f"no {TABLES}/ folder in {a if not ta.is_dir() else b}: the run saved no tables"]
    reports = sorted({p.name for p in ta.iterdir()} | {p.name for p in tb.iterdir()})
    for report in reports:
        files_a = {p.name for p in (ta / report).glob("*.parquet")}
        files_b = {p.name for p in (tb / report).glob("*.parquet")}
        for name in sorted(files_a ^ files_b):
            problems.append(f"{report}/{name}: shown in one run only")
        differing = 0
        for name in sorted(files_a & files_b):
            why = _compare(pd.read_parquet(ta / report / name), pd.read_parquet(tb / report / name))
            if why:
                differing += 1
                problems.append(f"{report}/{name}: {why}")
        print(f"{report}: {len(files_a & files_b)} tables compared, {differing} differ")
    problems += _manifest_counts(a, b)
    return problems


def _compare(x: pd.DataFrame, y: pd.DataFrame) -> str | None:
    if list(x.columns) != list(y.columns):
        return f"columns differ: {list(x.columns)} vs {list(y.columns)}"
    if x.shape != y.shape:
        return f"shape differs: {x.shape} vs {y.shape}"
    try:
        pd.testing.assert_frame_equal(
            x.reset_index(drop=True), y.reset_index(drop=True), check_dtype=False, rtol=1e-9
        )
    except AssertionError as exc:
        return " ".join(str(exc).split())[:300]
    return None


def _manifest_counts(a: Path, b: Path) -> list[str]:
    def counts(folder: Path) -> object:
        path = folder / "manifest.json"
        if not path.is_file():
            return None
        manifest = json.loads(path.read_text(encoding="utf-8"))
        sources = manifest.get("sources", {})
        keys = ("rows_in", "accepted", "quarantined")
        return {name: {k: s.get(k) for k in keys} for name, s in sources.items()}

    ca, cb = counts(a), counts(b)
    return [] if ca == cb else [f"manifest row counts differ: {ca} vs {cb}"]


def run_at(rev: str, params: str, workdir: Path, label: str) -> Path:
    """Check `rev` out into `workdir/<label>` and run the workbook there; the run folder."""
    tree = workdir / label
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), rev],
                   check=True, capture_output=True)  # fmt: skip
    shared = REPO.parent / "shared"
    if shared.exists() and not (tree.parent / "shared").exists():
        (tree.parent / "shared").symlink_to(shared)
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "JOURNEY_PROJECT_ROOT": str(tree)}
    subprocess.run(
        [sys.executable, "-m", "journey_utils.cli", "run", "--params", str(tree / params)],
        cwd=tree, env=env, check=False,
    )  # fmt: skip
    runs = sorted(p for p in (tree / "reports").iterdir() if p.is_dir() and p.name[0].isdigit())
    return runs[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help="two run folders to compare")
    parser.add_argument("--params", help="params file (relative to the repo) for --before/--after")
    parser.add_argument("--before", help="git revision before the change")
    parser.add_argument("--after", default="HEAD", help="git revision after it (default HEAD)")
    args = parser.parse_args(argv)
    if len(args.folders) == 2:
        a, b = (Path(f) for f in args.folders)
        problems = compare_folders(a, b)
    elif args.params and args.before:
        with tempfile.TemporaryDirectory(prefix="compare-runs-") as tmp:
            try:
                a = run_at(args.before, args.params, Path(tmp), "before")
                b = run_at(args.after, args.params, Path(tmp), "after")
                problems = compare_folders(a, b)
            finally:
                subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)
    else:
        parser.error("give two run folders, or --params and --before")
    for line in problems:
        print(f"DIFF {line}")
    print(f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Parquet files the stages hand to each other (verdicts, findings, KPI history), written so a
reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd


def write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` to `path` by way of a private partial file renamed over it (the folder is
    made if missing; a failed write leaves the old file and no partial one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        frame.to_parquet(partial, index=False)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)

"""Errors the workbook raises on bad input: one readable line naming file, row and column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np


class JourneyError(Exception):
    """Base class for errors that stop a run with one clear line (no traceback for the user)."""


class InputError(JourneyError):
    """A source or params file that cannot be used at all (missing, unreadable, wrong columns)."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.column = column
        self.detail = message
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        """Picklable (keyword-only arguments), so a worker process can hand it back."""
        return (_rebuilt, (type(self), self.path, self.detail, self.row, self.column))


def _rebuilt(
    kind: type[InputError], path: str, message: str, row: int | None, column: str | None
) -> InputError:
    return kind(path, message, row=row, column=column)


class ParamsError(InputError):
    """A params file that is malformed, has an unknown key or a value of the wrong type."""


def require_columns(
    frame: object, columns: Sequence[str], what: str, *, list_present: bool = False
) -> None:
    """Stop with one line naming the missing columns of a table (the first as `column`);
    `list_present` also lists the columns it has, for tables whose names vary (event logs)."""
    have = list(getattr(frame, "columns", []))
    missing = [c for c in columns if c not in have]
    if not missing:
        return
    message = f"missing column(s) {', '.join(missing)}"
    if list_present:
        message += f" (columns: {', '.join(map(str, have))})"
        raise InputError(what, message)
    raise InputError(what, message, column=missing[0])


def stop_at_first(
    bad: object, what: str | Path, message: Callable[[int], str], column: str | None = None
) -> None:
    """Raise InputError naming the first flagged row (0-based position) of a boolean mask, with
    `message(row)` as its text; nothing when no row is flagged."""
    flags = np.asarray(bad, dtype=bool)
    if flags.any():
        row = int(np.flatnonzero(flags)[0])
        raise InputError(what, message(row), row=row, column=column)

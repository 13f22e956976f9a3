"""Errors the workbook raises on bad input: one readable line naming file, row and column."""

from __future__ import annotations

from pathlib import Path


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


class ParamsError(InputError):
    """A params file that is malformed, has an unknown key or a value of the wrong type."""

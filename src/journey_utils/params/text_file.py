"""How a text export is written: encoding, delimiter, quote, missing-value words and date order.

One set of options for the nine sources (`sources.<name>`) and for event logs (`event_log`),
so a bank's `;`-separated, day-first export with `nan` for missing is read the same way
wherever it comes in.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

NULL_TOKENS: tuple[str, ...] = ("", "NULL", "null", "NaN", "nan", "None", "NA", "N/A", "#N/A")
"""Cells read as missing unless params say otherwise."""
DEFAULT_MISSING: tuple[str, ...] = NULL_TOKENS

DateOrder = Literal["DMY", "MDY"]


def parse_date_order(text: str) -> DateOrder:
    """`date_format` in params ("DD/MM/YYYY", "MM/DD/YYYY", "%d/%m/%Y", …) as a day/month order."""
    t = text.strip().upper().replace("%", "")
    day, month = t.find("D"), t.find("M")
    if day < 0 or month < 0 or "Y" not in t:
        raise ValueError(f"date_format {text!r}: write it as DD/MM/YYYY or MM/DD/YYYY")
    return "DMY" if day < month else "MDY"


"""Cell texts read as missing unless `missing_values` says otherwise (spaces trimmed first)."""


class TextFileOptions(BaseModel):
    """The dialect of a CSV export. Defaults: comma, double quote, UTF-8 else GB18030."""

    encoding: Literal["auto", "utf-8", "gbk", "gb18030"] = "auto"
    delimiter: str = Field(default=",", description="one character: , ; | or tab")
    quotechar: str = Field(default='"', description="one character around a value with commas")
    missing_values: tuple[str, ...] = Field(
        default=DEFAULT_MISSING, description="cell texts read as missing"
    )
    date_format: str | None = Field(
        default=None,
        description="day/month order of dates such as 05/03/2024: DD/MM/YYYY or MM/DD/YYYY; "
        "without it such a date is read only when its order shows (13/03/2024)",
    )

    @field_validator("delimiter", "quotechar")
    @classmethod
    def _one_character(cls, value: str) -> str:
        value = "\t" if value in ("\\t", "tab") else value
        if len(value) != 1 or value in "\r\n":
            raise ValueError(f"{value!r} must be one character (not a line break)")
        return value

    @field_validator("date_format")
    @classmethod
    def _known_order(cls, value: str | None) -> str | None:
        if value is not None:
            parse_date_order(value)
        return value

    @model_validator(mode="after")
    def _distinct(self) -> TextFileOptions:
        if self.delimiter == self.quotechar:
            raise ValueError("delimiter and quotechar must differ")
        return self

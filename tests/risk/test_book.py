"""A loan book of any layout read by params alone: the bank's own column names, a text target,
text dates in its own format; every row accounted for, unreadable values quarantined with their
reason, infinite values counted as missing, and a book that cannot be used stopped in one line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.params.run import LoanBookSpec
from journey_utils.risk.book import read_loan_book

ROWS = [
    # Kontonr, Laufzeit, Betrag, Zweck, Antragsdatum, Kredit
    ("K-1001", "12", "2500", "car", "03/01/2019", "good"),
    ("K-1002", "24", "inf", "furniture", "15/02/2019", "bad"),
    ("K-1003", "", "1800", "", "28/02/2019", "good"),
    ("K-1004", "36", "lots", "car", "01/03/2019", "good"),  # a word in a number column
    ("K-1005", "6", "900", "radio", "2019-03-31", "bad"),  # a date in another form
    ("K-1006", "18", "4100", "car", "09/04/2019", "unknown"),  # neither good nor bad
    ("K-1007", "12", "1300", "car", "10/04/2019", ""),  # no outcome
    ("K-1008", "48", "7600", "business", "11/05/2019", " Bad "),
]
HEADER = ("Kontonr", "Laufzeit", "Betrag", "Zweck", "Antragsdatum", "Kredit")


def _book(tmp_path: Path, rows=ROWS, header=HEADER) -> Path:
    path = tmp_path / "book.csv"
    pd.DataFrame(rows, columns=header).to_csv(path, index=False)
    return path


def _spec(**change) -> LoanBookSpec:
    raw = {"path": "book.csv", "id": "Kontonr", "target": "Kredit", "bad": ["bad"],
           "good": ["good"], "date": "Antragsdatum", "date_format": "%d/%m/%Y",
           "categorical": ["Zweck"]}  # fmt: skip
    return LoanBookSpec.model_validate({**raw, **change})


def _hash(values: pd.Series, prefix: str) -> pd.Series:
    return prefix + "-" + values.str[-2:]


def test_a_book_with_its_own_names_and_codes_is_read_row_for_row(tmp_path: Path) -> None:
    book = read_loan_book(_book(tmp_path), _spec(), _hash)
    assert book.reconciles and book.rows_in == 8
    assert list(book.frame["loan_id"]) == ["L-01", "L-02", "L-03", "L-08"]
    assert list(book.frame["target"]) == [0, 1, 0, 1]  # " Bad " is bad: trimmed, any case
    assert book.features == ("Laufzeit", "Betrag", "Zweck") and book.categorical == ("Zweck",)
    reasons = dict(zip(book.quarantine["row"], book.quarantine["reason"], strict=True))
    assert reasons == {
        4: "feature Betrag: not a number",
        5: "date: not a date in %d/%m/%Y form",
        6: "target: a code that is neither bad nor good",
        7: "target: empty",
    }
    missing = book.missing.set_index("feature")
    assert missing.loc["Betrag", "missing"] == 1 and missing.loc["Betrag", "of_which_infinite"] == 1
    assert missing.loc["Laufzeit", "missing"] == 1 and missing.loc["Zweck", "missing"] == 1
    assert book.frame["date"].iloc[0] == pd.Timestamp("2019-01-03")


def test_text_features_are_categorical_when_categorical_is_omitted(tmp_path: Path) -> None:
    spec = _spec()
    book = read_loan_book(_book(tmp_path), spec.model_copy(update={"categorical": None}), _hash)
    assert book.categorical == ("Zweck",) and book.inferred == ("Zweck",)
    assert read_loan_book(_book(tmp_path), spec, _hash).inferred == ()


def test_quarantine_keeps_no_raw_value(tmp_path: Path) -> None:
    book = read_loan_book(_book(tmp_path), _spec(), _hash)
    text = book.quarantine.to_csv()
    assert not any(v in text for v in ("K-10", "lots", "unknown", "2019-03-31"))


def test_a_one_two_coded_target_and_every_other_value_good(tmp_path: Path) -> None:
    rows = [(f"K{i}", str(10 + i), str(100 * i), "car", "01/01/2020", code)
            for i, code in enumerate(["1", "2", "2.0", "1", "2"])]  # fmt: skip
    book = read_loan_book(_book(tmp_path, rows), _spec(bad=["2"], good=[]), _hash)
    assert list(book.frame["target"]) == [0, 1, 1, 0, 1] and book.quarantine.empty


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"target": "Outcome"}, "Outcome", "column missing from the header"),
        ({"features": ["Laufzeit", "Laufzeit"]}, "Laufzeit", "listed twice"),
        ({"date_format": "%Y.%m.%d"}, "Antragsdatum", "most values do not read as dates"),
        ({"categorical": []}, "Zweck", "mostly text, not numbers"),
        ({"features": ["Laufzeit", "Kredit"]}, "Kredit", "may not be the id, target or date"),
    ],
)
def test_a_book_that_cannot_be_used_stops_in_one_line(tmp_path, change, column, words) -> None:
    with pytest.raises(InputError) as err:
        read_loan_book(_book(tmp_path), _spec(**change), _hash)
    message = str(err.value)
    assert words in message and f"column '{column}'" in message and "\n" not in message


def test_a_feature_named_like_the_intercept_stops(tmp_path: Path) -> None:
    header = ("Kontonr", "Laufzeit", "const", "Zweck", "Antragsdatum", "Kredit")
    with pytest.raises(InputError, match="named like the intercept"):
        read_loan_book(_book(tmp_path, header=header), _spec(), _hash)


def test_text_dates_without_a_format_ask_for_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"give loan_book\.date_format"):
        read_loan_book(_book(tmp_path), _spec(date_format=None), _hash)


def test_params_refuse_a_table_book_without_target_codes() -> None:
    with pytest.raises(ValueError, match="needs bad"):
        LoanBookSpec.model_validate({"path": "x.csv", "target": "y"})
    with pytest.raises(ValueError, match="both bad and good"):
        LoanBookSpec.model_validate({"path": "x.csv", "target": "y", "bad": ["1"], "good": ["1"]})
    assert LoanBookSpec.model_validate({"path": "x.csv", "format": "sba_case"}).target is None


def test_a_parquet_book_keeps_its_types(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": ["a", "b", "c"], "y": [0, 1, 0], "x": [1.5, np.inf, 2.0]})
    path = tmp_path / "book.parquet"
    frame.to_parquet(path)
    spec = LoanBookSpec.model_validate({"path": str(path), "id": "id", "target": "y", "bad": [1]})
    book = read_loan_book(path, spec, _hash)
    assert list(book.frame["target"]) == [0, 1, 0] and book.frame["x"].isna().sum() == 1
    assert book.missing.set_index("feature").loc["x", "of_which_infinite"] == 1


def _excel(tmp_path: Path) -> Path:
    """The book of ROWS as a workbook: real Excel dates, numbers as numbers, a trailing total
    row (as a branch's spreadsheet has) and a cover sheet first."""
    path = tmp_path / "book.xlsx"
    frame = pd.DataFrame(ROWS, columns=HEADER)
    frame["Antragsdatum"] = pd.to_datetime(frame["Antragsdatum"], format="%d/%m/%Y",
                                           errors="coerce")  # fmt: skip
    frame["Laufzeit"] = pd.to_numeric(frame["Laufzeit"])
    total = {"Kontonr": "Summe", "Laufzeit": frame["Laufzeit"].sum()}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame({"note": ["loan book export"]}).to_excel(xl, sheet_name="Cover", index=False)
        frame.to_excel(xl, sheet_name="Kredite", index=False)
    return path


def test_an_excel_book_reads_by_sheet_name_and_counts_every_row(tmp_path: Path) -> None:
    spec = _spec(sheet="Kredite", date_format=None)
    book = read_loan_book(_excel(tmp_path), spec, _hash)
    assert book.rows_in == len(ROWS) + 1 and book.reconciles
    reasons = dict(zip(book.quarantine["row"], book.quarantine["reason"], strict=True))
    assert reasons[len(ROWS) + 1] == "target: empty"  # the total row
    assert reasons[5] == "date: empty"  # 2019-03-31 did not read as dd/mm/yyyy when written
    assert list(book.frame["target"]) == [0, 1, 0, 1]
    assert book.frame["date"].iloc[0] == pd.Timestamp("2019-01-03")


def test_an_excel_sheet_that_does_not_exist_stops_listing_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the workbook has: Cover, Kredite") as err:
        read_loan_book(_excel(tmp_path), _spec(sheet="Loans"), _hash)
    assert "\n" not in str(err.value)

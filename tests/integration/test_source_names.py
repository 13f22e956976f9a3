"""The bank's own names: an export with its own column names and codes, mapped in params
(`columns`, `values`), integrates to exactly the tables the workbook's own layout gives; an
unmapped code is left for the contract to quarantine; a missing column is named as the bank
writes it. Known truth: the export is written from the generator's own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from journey_utils.errors import InputError, ParamsError
from journey_utils.integration.processed import integrate
from journey_utils.integration.sources import _our_codes, inspect_source
from journey_utils.params.run import load_params
from journey_utils.synthetic.portfolio import generate_portfolio

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "params" / "examples" / "core_banking_zh.yaml"
TABLES = ("clients", "applications", "client_360", "journey_log", "stage_events")


def _export(raw: Path, target: Path, name: str, spec: dict, encoding: str) -> None:
    """Write the workbook's own file as the bank's export: its column names and codes."""
    frame = pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False, encoding=encoding)
    for column, mapping in spec.get("values", {}).items():
        ours_to_theirs = {ours: theirs for theirs, ours in mapping.items()}
        frame[column] = frame[column].map(lambda v, m=ours_to_theirs: m.get(v, v))
    frame = frame.rename(columns=spec["columns"])
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(target, index=False, encoding=encoding)


def test_the_core_banking_example_integrates_to_the_same_tables(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "a-test-key-of-twenty-chars")
    base = load_params(
        REPO / "params" / "smoke.yaml",
        {"data_dir": str(project / "base"), "dirty_share": 0.0, "n_clients": 200},
    )
    generate_portfolio(base)
    integrate(base)

    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    mapped_dir = project / "mapped"
    shutil.copytree(base.raw_dir, mapped_dir / "raw")
    for name, spec in example["sources"].items():
        target = mapped_dir / "export" / Path(spec["path"]).name
        _export(base.raw_dir, target, name, spec, spec.get("encoding", "utf-8"))
        (mapped_dir / "raw" / f"{name}.csv").unlink()  # only the export holds this source
        spec["path"] = str(target)
    example["data_dir"] = str(mapped_dir)
    path = project / "params" / "core_banking_zh.yaml"
    path.write_text(yaml.safe_dump(example, allow_unicode=True), encoding="utf-8")
    mapped = load_params(path)
    header = (mapped_dir / "export" / "贷款申请.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "申请日期" in header and "started_at" not in header  # the bank's names, truly
    result = integrate(mapped)

    for table in TABLES:
        ours = pd.read_parquet(base.processed_dir / f"{table}.parquet")
        theirs = pd.read_parquet(mapped.processed_dir / f"{table}.parquet")
        pd.testing.assert_frame_equal(ours, theirs, check_like=False, obj=table)
    reports = list(result.sources.values())
    assert all(s.rows_in == s.accepted + s.quarantined for s in reports)
    assert not any(s.ignored_columns for s in reports)


def test_an_unmapped_code_is_left_for_the_contract() -> None:
    chunk = pd.DataFrame({"product": [" 流动资金贷款 ", "未知品种", None, "working_capital"]})
    codes = (("product", (("流动资金贷款", "working_capital"),)),)
    shown = _our_codes(chunk, codes)["product"]
    assert shown[[0, 1, 3]].tolist() == ["working_capital", "未知品种", "working_capital"]
    assert pd.isna(shown[2]) and shown.dtype == chunk["product"].dtype


def test_a_missing_column_is_named_as_the_bank_writes_it(write_params, project: Path) -> None:
    export = project / "export.csv"
    export.write_text("客户编号,企业名称\nC1,甲公司\n", encoding="utf-8")
    names = {"client_id": "客户编号", "uscc": "统一社会信用代码"}
    path = write_params("names", synthetic=False,
                        sources={"clients": {"path": str(export), "columns": names}})  # fmt: skip
    with pytest.raises(InputError, match="missing required column '统一社会信用代码' \\(uscc\\)"):
        inspect_source(load_params(path), "clients")


def test_a_mapping_names_only_columns_the_source_has(write_params) -> None:
    path = write_params("names", synthetic=False,
                        sources={"clients": {"columns": {"client_no": "客户编号"}}})  # fmt: skip
    with pytest.raises(ParamsError, match=r"sources\.clients: no column 'client_no'"):
        load_params(path)
    twice = write_params("twice", synthetic=False, sources={"clients": {
        "columns": {"client_id": "编号", "uscc": "编号"}}})  # fmt: skip
    with pytest.raises(ParamsError, match="'编号' is named for two of our columns"):
        load_params(twice)

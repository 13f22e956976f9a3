"""Which notebooks of a run wait for which, from what they declare they read and write, and the
order ready ones start in."""

from __future__ import annotations

from pathlib import Path

from journey_utils.params.run import load_params
from journey_utils.reporting.reuse import Declared, declared
from journey_utils.reporting.schedule import dependencies, overlap, prefix, priority

REPO = Path(__file__).resolve().parents[2]


def test_prefixes_and_overlaps() -> None:
    assert prefix("processed/*.parquet") == "processed/" and prefix("**") == ""
    assert prefix("sources") == "raw/" and prefix("kpi_history.parquet") == "kpi_history.parquet"
    assert overlap(["processed/**"], ["processed/segments.parquet"])
    assert not overlap(["processed/segments.parquet"], ["kpi_history.parquet"])
    assert overlap(["**"], ["kpi_history.parquet"])


def test_the_default_run_waits_only_where_data_flows() -> None:
    """02 needs only the integration; 03, 05 and 06 also the segments; the second case study
    writes the verdicts after the first; the summary waits for every notebook that writes (05
    its findings for the "Act on" box, which the case studies do not read)."""
    params = load_params(REPO / "params" / "default.yaml")
    names = [n for n in params.notebooks if n != "06_case_study"]
    names[names.index("00_summary") : names.index("00_summary")] = ["06_a", "06_b"]
    decl = {n: declared(REPO / "notebooks" / f"{n}.ipynb") for n in params.notebooks}
    decls = [decl.get(n, decl["06_case_study"]) for n in names]
    deps = dict(zip(names, ([names[j] for j in sorted(d)] for d in dependencies(decls)),
                    strict=True))  # fmt: skip
    assert deps["01_data_integration"] == []
    assert deps["02_client_profiling"] == ["01_data_integration"]
    assert deps["04_segmentation"] == ["01_data_integration"]
    assert deps["03_journey_funnel"] == ["01_data_integration", "04_segmentation"]
    assert deps["05_risk_and_demand"] == ["01_data_integration", "04_segmentation"]
    assert deps["06_b"] == ["01_data_integration", "04_segmentation", "06_a"]
    assert deps["00_summary"] == [
        "01_data_integration",
        "04_segmentation",
        "05_risk_and_demand",
        "06_a",
        "06_b",
    ]


def test_the_longest_chain_starts_first() -> None:
    """Step 1 starts a 25 s chain (1 then 3); step 2 only 20 s: 1 goes before 2."""
    decls = [Declared(("**",), ("x/1",)), Declared(("x/**",), ("y/1",)),
             Declared(("z",), ()), Declared(("y/**",), ())]  # fmt: skip
    deps = dependencies(decls)
    assert deps == [set(), {0}, set(), {1}]
    assert priority(deps, [5.0, 10.0, 20.0, 15.0]) == [0, 1, 2, 3]
    assert priority(deps, [5.0, 10.0, 30.0, 15.0]) == [0, 2, 1, 3]

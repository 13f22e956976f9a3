"""The package layout stays as ADR 0027 describes it and the README says: one folder per stage,
a leaf layer, every module listed in the README's layout table, no `journey_utils` import inside
a function, and no inline language ternary (ADR 0028) in the package or the notebooks."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "journey_utils"
STAGES = ("integration", "profiling", "journey", "segmentation", "risk", "case_study", "summary")
OTHER_PACKAGES = ("params", "reporting", "synthetic")
LEAF_MODULES = (
    "attempts",
    "catalog",
    "disclosure",
    "duckdb_sql",
    "errors",
    "fonts",
    "i18n",
    "membership",
    "notebook",
    "parquet_files",
    "plotting",
    "safe_csv",
    "shown_tables",
    "stats",
    "uscc",
    "vocabulary",
)
TERNARY = re.compile(r"""if\s+(lang\s*==\s*["']zh["']|zh)\s+else""")


def _layout_row(label: str) -> str:
    """The README layout table's row whose first cell is `label`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line in readme.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 2 and cells[1].strip("` ") == label:
            return cells[2]
    raise AssertionError(f"README layout table has no row for {label}")


def test_the_top_level_holds_only_stages_leaf_modules_and_the_named_packages() -> None:
    found = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()}
    found -= {"__init__", "__pycache__", "templates", "cli"}
    found = {f for f in found if not f.endswith(".json")}
    assert found == set(STAGES) | set(OTHER_PACKAGES) | set(LEAF_MODULES)


@pytest.mark.parametrize("stage", STAGES)
def test_the_readme_lists_every_module_of_each_stage(stage: str) -> None:
    row = _layout_row(f"{stage}/")
    named = set(re.findall(r"`(\w+)`", row))
    modules = {p.stem for p in (PACKAGE / stage).glob("*.py")} - {"__init__"}
    assert modules - named == set(), f"README's {stage}/ row misses modules"
    callables = {n for n in named - modules if "_" in n or n in {"integrate"}}
    assert {n for n in named - modules - callables} == set(), "README names missing modules"


def test_the_readme_lists_every_leaf_module() -> None:
    named = set(re.findall(r"`(\w+)/?`", _layout_row("leaf modules")))
    assert (set(LEAF_MODULES) | {"params"}) - named == set()


def _function_imports(path: Path) -> list[int]:
    lines: list[int] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            is_import = isinstance(child, ast.Import | ast.ImportFrom)
            if inside and is_import:
                names = (
                    [child.module or ""]
                    if isinstance(child, ast.ImportFrom)
                    else [a.name for a in child.names]
                )
                if any(n.startswith("journey_utils") for n in names) or getattr(child, "level", 0):
                    lines.append(child.lineno)
            visit(child, inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return lines


def test_no_journey_utils_import_inside_a_function() -> None:
    """Imports inside functions hid import cycles; the layers make them unnecessary."""
    hidden = {
        str(p.relative_to(PACKAGE)): lines
        for p in PACKAGE.rglob("*.py")
        if (lines := _function_imports(p))
    }
    assert hidden == {}


def test_no_inline_language_ternary_in_the_package() -> None:
    found = [
        f"{p.relative_to(PACKAGE)}:{i}"
        for p in PACKAGE.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if TERNARY.search(line)
    ]
    assert found == []


def test_no_inline_language_ternary_in_the_notebooks() -> None:
    found = []
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "code" and TERNARY.search(source):
                found.append(f"{path.name}:{cell.get('id')}")
    assert found == []


def test_the_ternary_pattern_catches_both_spellings() -> None:
    """The checks above can fail: the pattern finds the two spellings used before ADR 0028."""
    assert TERNARY.search("""words = "是" if lang == "zh" else "yes\"""")
    assert TERNARY.search("title = t_zh if zh else t_en")
    assert not TERNARY.search('if lang == "zh":')


WIRING = re.compile(
    r"ju\.(style_table|notebook_params|attempt_in|apply_house_style|mask_small_groups|"
    r"drop_small_groups|mask_small_cells)\(|display\(Markdown\("
)


def test_notebooks_own_no_wiring() -> None:
    """Every notebook opens its report in one call and leaves styling, language, refusals and
    small-group masking to the package (`open_report`, the `*_table` functions)."""
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c["cell_type"] == "code"
        ]
        assert any("ju.open_report(globals())" in source for source in code), path.name
        wired = [m.group(0) for source in code for m in WIRING.finditer(source)]
        assert wired == [], f"{path.name}: {wired}"


def test_the_wiring_pattern_catches_the_old_spellings() -> None:
    """The check above can fail: the pattern finds what notebooks wrote before `open_report`."""
    assert WIRING.search("ju.style_table(funnel, lang=lang)")
    assert WIRING.search("display(Markdown(ju.funnel_reading(funnel)))")
    assert WIRING.search("ju.mask_small_groups(t, 'cases', min_cell_size=n_min)")
    assert not WIRING.search("rep.table(ju.rework_table(log, min_cell_size=rep.min_cell_size))")

"""Notebooks as committed: no outputs, a parameters cell, no logic defined in the notebook."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from journey_utils.params.run import PARAM_KEYS, load_params

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_every_default_notebook_exists() -> None:
    names = {p.stem for p in NOTEBOOKS}
    for params in ("default", "smoke", "bank_scale"):
        missing = set(load_params(REPO / "params" / f"{params}.yaml").notebooks) - names
        assert not missing, f"params/{params}.yaml names notebooks that do not exist: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    dirty = [i for i, c in enumerate(_code_cells(path)) if c.outputs or c.execution_count]
    assert not dirty, f"{path.name}: code cells {dirty} carry outputs; run nbstripout"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_one_parameters_cell_with_known_keys(path: Path) -> None:
    cells = [c for c in _code_cells(path) if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: expected one cell tagged 'parameters'"
    assigned = {
        t.id
        for node in ast.parse(cells[0].source).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert "params_file" in assigned
    extra = {"case_study"}  # which intervention a per-case-study notebook measures
    assert assigned <= {"params_file", *extra, *PARAM_KEYS}, f"{path.name}: unknown parameters"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_logic_defined_in_notebook(path: Path) -> None:
    for cell in _code_cells(path):
        tree = ast.parse(cell.source)
        defs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        assert not defs, f"{path.name}: define functions in journey_utils, not in the notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_title_and_question(path: Path) -> None:
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "question" in first.source.lower()

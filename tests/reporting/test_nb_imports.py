"""The runner's processes load nbformat without jsonschema's IRI grammar, and notebooks still
read and validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "00_summary.ipynb"


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_nbformat_reads_and_validates_without_the_iri_grammar() -> None:
    out = _run(
        "import sys\n"
        "from journey_utils.reporting.nb_imports import skip_iri_grammar\n"
        "skip_iri_grammar()\n"
        "import nbformat\n"
        f"nb = nbformat.read({str(NOTEBOOK)!r}, as_version=4)\n"
        "nbformat.validate(nb)\n"
        "print(len(nb.cells) > 0, sys.modules.get('rfc3987_syntax') is None)\n"
    )
    assert out == "True True"


def test_no_effect_once_jsonschema_has_loaded() -> None:
    out = _run(
        "import sys, jsonschema\n"
        "from journey_utils.reporting.nb_imports import skip_iri_grammar\n"
        "before = 'rfc3987_syntax' in sys.modules\n"
        "skip_iri_grammar()\n"
        "print(('rfc3987_syntax' in sys.modules) == before)\n"
    )
    assert out == "True"

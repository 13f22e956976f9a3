"""nbformat without a two-second detour, for the runner's processes (never a kernel's).

nbformat validates notebooks with jsonschema. When rfc3987_syntax is installed (Jupyter's own
dependencies bring it), jsonschema imports it to check IRI formats, and that import compiles a
grammar: about 2 s in every process that reads a notebook (`python -X importtime -c "import
nbformat"`: 2.16 s, 0.32 s without it). The notebook schema uses no IRI format, so the runner's
processes skip that one import; anything else that needs it in the same process is unaffected
once jsonschema has loaded.
"""

from __future__ import annotations

import sys

SLOW_OPTIONAL = "rfc3987_syntax"


def skip_iri_grammar() -> None:
    """Make jsonschema's optional IRI checker unavailable before jsonschema first loads."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault(SLOW_OPTIONAL, None)  # type: ignore[assignment]

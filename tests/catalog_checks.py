"""Checks shared by the message-catalog tests: which keys a package's source asks its catalog
for, and which catalog keys no source line names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from journey_utils.i18n import Messages

SRC = Path(__file__).resolve().parents[1] / "src" / "journey_utils"


def _sources(package: str) -> dict[Path, str]:
    """The package's modules (its catalog module left out) and their text."""
    folder = SRC / package
    return {p: p.read_text() for p in sorted(folder.glob("*.py")) if p.name != "messages.py"}


def _is_catalog_call(node: ast.Call) -> bool:
    """`MESSAGES(...)` or `MESSAGES.template(...)`."""
    func = node.func
    if isinstance(func, ast.Attribute):
        return (
            func.attr == "template"
            and isinstance(func.value, ast.Name)
            and (func.value.id == "MESSAGES")
        )
    return isinstance(func, ast.Name) and func.id == "MESSAGES"


def _assigned(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """Every value a name is assigned in the module (for `key = ...; MESSAGES(key, ...)`)."""
    values: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, []).append(node.value)
    return values


def _keys_of(node: ast.expr, names: dict[str, list[ast.expr]], seen: set[str]) -> set[str]:
    """The keys an expression can be: literals as they are, f-strings as 'prefix*'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        head = node.values[0] if node.values else None
        prefix = head.value if isinstance(head, ast.Constant) else ""
        return {f"{prefix}*"}
    if isinstance(node, ast.IfExp):
        return _keys_of(node.body, names, seen) | _keys_of(node.orelse, names, seen)
    if isinstance(node, ast.Name) and node.id in names and node.id not in seen:
        return set().union(*(_keys_of(v, names, seen | {node.id}) for v in names[node.id]))
    return set()


def requested_keys(package: str) -> set[str]:
    """The keys the package's modules pass to its catalog: literal keys, and 'prefix*' for a key
    built by an f-string (a key held in a name is followed to the name's assignments)."""
    keys: set[str] = set()
    for text in _sources(package).values():
        tree = ast.parse(text)
        names = _assigned(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_catalog_call(node) and node.args:
                keys |= _keys_of(node.args[0], names, set())
    return keys


def missing_keys(catalog: Messages, package: str) -> list[str]:
    """Keys the source asks for that the catalog lacks (a prefix no catalog key starts with)."""
    missing = []
    for key in sorted(requested_keys(package) - {""}):  # "" : a name traced to an empty default
        if key.endswith("*"):
            if not any(k.startswith(key[:-1]) for k in catalog.entries):
                missing.append(key)
        elif key not in catalog:
            missing.append(key)
    return missing


def unused_keys(catalog: Messages, package: str) -> list[str]:
    """Catalog keys no module of the package asks for: neither passed to the catalog as a literal
    nor, for a key like 'step_name.pd_model', built from its prefix 'step_name.' (an f-string
    the catalog is called with, or a string opening with the prefix, as in `startswith`)."""
    requested = requested_keys(package)
    prefixes = {k[:-1] for k in requested if k.endswith("*") and len(k) > 1}
    text = "\n".join(_sources(package).values())
    unused = []
    for key in catalog.entries:
        prefix = key[: key.rfind(".") + 1]
        built = any(key.startswith(p) for p in prefixes) or (
            bool(prefix) and re.search(rf'f?"{re.escape(prefix)}', text) is not None
        )
        if key not in requested and not built:
            unused.append(key)
    return unused

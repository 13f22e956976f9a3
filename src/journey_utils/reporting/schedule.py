"""Which executions of a run wait for which, and in what order ready ones start: an execution
waits for every earlier one that writes what it reads or writes (declared globs, compared by
their fixed prefix: conservative); among ready ones the longest remaining chain goes first.
A notebook must not read what a later one writes (the reuse key already ignores it)."""

from __future__ import annotations

from collections.abc import Sequence

from journey_utils.reporting.reuse import SOURCE_FILES, Declared

WILDCARDS = "*?["


def prefix(pattern: str) -> str:
    """The fixed part of a glob before its first wildcard (the sources read as raw/)."""
    if pattern == SOURCE_FILES:
        return "raw/"
    cut = min((pattern.index(c) for c in WILDCARDS if c in pattern), default=len(pattern))
    return pattern[:cut]


def overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two lists of globs may name a common file."""
    return any(p.startswith(q) or q.startswith(p) for p in map(prefix, a) for q in map(prefix, b))


def dependencies(decls: Sequence[Declared]) -> list[set[int]]:
    """Per execution, the earlier executions it must wait for."""
    return [
        {j for j in range(i) if overlap(decls[j].writes, [*decl.reads, *decl.writes])}
        for i, decl in enumerate(decls)
    ]


def priority(deps: Sequence[set[int]], seconds: Sequence[float]) -> list[int]:
    """Executions by the length of the longest chain they start (their own time and that of
    everything that waits on them, transitively), longest first, ties in plan order."""
    chain = [0.0] * len(deps)
    for i in reversed(range(len(deps))):
        after = [chain[k] for k in range(i + 1, len(deps)) if i in deps[k]]
        chain[i] = seconds[i] + max(after, default=0.0)
    return sorted(range(len(deps)), key=lambda i: (-chain[i], i))

"""Reuse of unchanged notebooks: each execution gets a key from what it reads (the notebook, the
package's source, the params and the content of the data files it declares it reads); a report
of an earlier run with the same key, whose declared outputs are still as it left them, is copied
instead of executed, and the manifest says which run it came from."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import journey_utils
from journey_utils.catalog import SOURCES
from journey_utils.params.run import RunParams
from journey_utils.reporting.manifest import package_versions, read_manifest
from journey_utils.reporting.results import OK
from journey_utils.reporting.run_folder import published_runs

HASHES_FILE = ".journey-hashes.json"
"""Per data folder: each file's size, modification time and content hash, so an unchanged file
is not read again to tell that it is unchanged."""
SOURCE_FILES = "sources"
"""A `journey.reads` entry meaning the run's input files as params name them (the synthetic raw
folder, a bank's source files, an event log or a loan book), wherever they are."""
PSEUDO_KEY_ENV = "JOURNEY_PSEUDO_KEY"
NOT_IN_KEY = ("run_id", "workers", "params_file")
"""Parameters that do not change what a notebook computes (every params key is injected on its
own, so the params file's path adds nothing)."""


@dataclass(frozen=True)
class Declared:
    """What a notebook declares in its metadata: data files it reads and writes (globs relative
    to the data folder, or SOURCE_FILES)."""

    reads: tuple[str, ...]
    writes: tuple[str, ...]


READ_EVERYTHING = ("**", SOURCE_FILES)
"""What a notebook reads when it declares nothing: every data file and the sources."""


def journey_metadata(path: Path) -> dict[str, Any]:
    """A notebook file's `journey` metadata, read as plain JSON (nbformat's import alone takes
    1.6 s, more than a whole rerun of unchanged notebooks may); empty if the file is missing."""
    if not path.is_file():
        return {}
    journey = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("journey", {})
    return journey if isinstance(journey, dict) else {}


def declared(path: Path) -> Declared:
    """`journey.reads` (default: everything) and `journey.writes` (default: nothing) of a
    notebook file (a missing notebook declares the defaults)."""
    journey = journey_metadata(path)
    return Declared(tuple(journey.get("reads", READ_EVERYTHING)), tuple(journey.get("writes", ())))


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class ContentHashes:
    """Content hashes of files, remembered per data folder by size and modification time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / HASHES_FILE
        try:
            self.known: dict[str, list[Any]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def of(self, path: Path) -> str:
        """The content hash of one file (read only when its size or time changed)."""
        stat = path.stat()
        key = str(path.resolve())
        seen = self.known.get(key)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return str(seen[2])
        digest = _digest(path)
        self.known[key] = [stat.st_size, stat.st_mtime_ns, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        """Write the remembered hashes back (only files that still exist)."""
        if not self.changed or not self.folder.is_dir():
            return
        alive = {k: v for k, v in self.known.items() if Path(k).exists()}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(alive), encoding="utf-8")
        os.replace(tmp, self.path)
        self.changed = False


def data_files(folder: Path) -> list[Path]:
    """Every file under the data folder but the hash memory, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != HASHES_FILE
                  and not p.name.endswith(".tmp"))  # fmt: skip


def matching(files: Iterable[Path], folder: Path, patterns: Sequence[str]) -> list[Path]:
    """The files whose path relative to `folder` matches one of the globs (SOURCE_FILES aside)."""
    globs = [p for p in patterns if p != SOURCE_FILES]
    out = []
    for path in files:
        relative = path.relative_to(folder).as_posix()
        if any(fnmatch.fnmatch(relative, p) for p in globs):
            out.append(path)
    return out


def source_files(params: RunParams) -> list[Path]:
    """The run's input files as params name them."""
    loan_book = getattr(params, "loan_book", None)
    if loan_book is not None:
        return [params.loan_book_path]
    if getattr(params, "event_log", None) is not None:
        return [params.event_log_path]
    if params.synthetic:
        return data_files(params.raw_dir)
    return [params.source_path(name) for name in SOURCES]


def fingerprint(paths: Iterable[Path], hashes: ContentHashes, base: Path) -> str:
    """One hash of the files' names (relative to `base` where inside it) and contents; a missing
    file counts as missing."""
    lines = []
    for path in paths:
        try:
            name = path.relative_to(base).as_posix()
        except ValueError:
            name = str(path)
        lines.append(f"{name}:{hashes.of(path) if path.is_file() else 'missing'}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def package_fingerprint() -> str:
    """A hash of the package's own files (code and templates): any edit changes it. (The key
    also holds the versions of Python and the main libraries: an upgrade re-executes too.)"""
    root = Path(journey_utils.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Reuse:
    """The keys of one run's executions and the earlier executions they may reuse."""

    def __init__(self, params: RunParams, reports_dir: Path, force: bool = False) -> None:
        self.params = params
        self.folder = params.root
        self.hashes = ContentHashes(self.folder)
        self.code = package_fingerprint() + json.dumps(package_versions(), sort_keys=True)
        self.force = force
        self.earlier = {} if force else _earlier_executions(reports_dir)

    def key(
        self, notebook: Path, parameters: Mapping[str, Any], decl: Declared,
        later: Sequence[str] = (),
    ) -> str:  # fmt: skip
        """The execution key: notebook, package, params (not the run id) and the content of
        what it reads, leaving out the files it writes itself or a later notebook of the run
        writes (its own outputs are checked apart; later ones are not its inputs)."""
        files = data_files(self.folder)
        skip = set(matching(files, self.folder, [*decl.writes, *later]))
        reads = [p for p in matching(files, self.folder, decl.reads) if p not in skip]
        if SOURCE_FILES in decl.reads:
            reads += [p for p in source_files(self.params) if p not in reads and p not in skip]
        secret = os.environ.get(PSEUDO_KEY_ENV, "")
        shown = {k: v for k, v in parameters.items() if k not in NOT_IN_KEY}
        parts = [
            _digest(notebook) if notebook.is_file() else "missing",
            self.code,
            json.dumps(shown, sort_keys=True, default=str),
            hashlib.sha256(f"pseudo-key:{secret}".encode()).hexdigest(),
            fingerprint(reads, self.hashes, self.folder),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def outputs(self, decl: Declared, later: Sequence[str] = ()) -> str:
        """A hash of the files the notebook declares it writes, as they are now (files a later
        notebook of the run also writes are that notebook's to check)."""
        files = data_files(self.folder)
        mine = matching(files, self.folder, decl.writes)
        theirs = set(matching(files, self.folder, later))
        return fingerprint([p for p in mine if p not in theirs], self.hashes, self.folder)

    def find(
        self, name: str, key: str, decl: Declared, later: Sequence[str] = ()
    ) -> tuple[Path, dict[str, Any]] | None:
        """An earlier ok execution of `name` with this key whose outputs are still as it left
        them and whose report still exists: (its run folder, its manifest entry)."""
        found = self.earlier.get((name, key))
        if found is None:
            return None
        folder, entry = found
        if entry.get("outputs") != self.outputs(decl, later):
            return None
        if not (folder / entry["html"]).is_file():
            return None
        return folder, entry

    def save(self) -> None:
        self.hashes.save()


def _earlier_executions(reports_dir: Path) -> dict[tuple[str, str], tuple[Path, dict[str, Any]]]:
    """(report name, key) -> (run folder, manifest entry) of every executed ok report of the
    published runs, the newest winning."""
    found: dict[tuple[str, str], tuple[Path, dict[str, Any]]] = {}
    for folder in reversed(published_runs(reports_dir)):
        manifest = read_manifest(folder) or {}
        for entry in manifest.get("notebooks", []):
            key = entry.get("key")
            if key and entry.get("status") == OK and entry.get("html"):
                origin = entry.get("reused_from")
                home = folder.parent / origin if origin else folder
                found.setdefault((entry["name"], key), (home, entry))
    return found


def newest_reports(reports_dir: Path, run_name: str) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Report name -> (run folder holding it, manifest entry) of the newest published run of
    these params (same `run_name`) with that report ok and its HTML present: what an `--only`
    run copies for the reports it does not re-run."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for folder in reversed(published_runs(reports_dir)):
        manifest = read_manifest(folder) or {}
        if (manifest.get("params") or {}).get("run_name") != run_name:
            continue
        for entry in manifest.get("notebooks", []):
            html = entry.get("html")
            if entry.get("status") == OK and html and (folder / html).is_file():
                found.setdefault(entry["name"], (folder, entry))
    return found


def copy_report(source: Path, target: Path, name: str, executed_dir: str, tables_dir: str) -> None:
    """Copy an earlier run's report of `name` (HTML, executed notebook, shown tables)."""
    shutil.copy2(source / f"{name}.html", target / f"{name}.html")
    executed = source / executed_dir / f"{name}.ipynb"
    if executed.is_file():
        (target / executed_dir).mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed, target / executed_dir / f"{name}.ipynb")
    tables = source / tables_dir / name
    if tables.is_dir():
        shutil.copytree(tables, target / tables_dir / name, dirs_exist_ok=True)

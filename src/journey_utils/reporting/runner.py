"""`run_workbook`: execute a run's notebooks, export reports, write index and manifest, publish."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from journey_utils.errors import ParamsError
from journey_utils.integration.inventory import display_path
from journey_utils.integration.pipeline import available_tables, data_set_kind
from journey_utils.params.run import (
    PROJECT_ROOT_ENV,
    RunParams,
    load_params,
    project_root,
    resolve_path,
)
from journey_utils.reporting.execute import execute_notebook
from journey_utils.reporting.html_export import (
    ReportHeader,
    export_report,
    for_language,
    report_title,
)
from journey_utils.reporting.index_page import (
    data_set_label,
    index_path,
    listing_from_manifest,
    render_reports_index,
    render_run_index,
)
from journey_utils.reporting.manifest import build_manifest, read_manifest, write_manifest
from journey_utils.reporting.results import (
    FAILED,
    NOT_RUN,
    NOT_RUN_REASON,
    OK,
    SKIPPED,
    NotebookResult,
    RunResult,
    run_status,
)
from journey_utils.reporting.run_folder import (
    discard_run,
    publish_run,
    published_runs,
    read_latest,
    reserve_run_folder,
    utc_now,
    write_latest,
    write_text_atomic,
)
from journey_utils.shown_tables import TABLES_ENV

EXECUTED_DIR = "notebooks"
TABLES_DIR = "tables"
"""Folder of the run holding, per report, every table it shows as Parquet (`shown_tables`)."""


@dataclass(frozen=True)
class RunContext:
    """What every notebook of one run shares: params, folders and the papermill parameters."""

    run_id: str
    params: RunParams
    params_file: Path
    root: Path
    notebooks_dir: Path
    folder: Path

    @property
    def parameters(self) -> dict[str, Any]:
        """Injected into each notebook's `parameters` cell: the params, and the run's id with
        `scheduled` (an analyst's own JupyterLab run has neither, so its KPIs are not compared)."""
        return {
            "params_file": str(self.params_file),
            **self.params.as_notebook_parameters(),
            "run_id": self.run_id,
            "scheduled": True,
        }

    @property
    def kernel_env(self) -> Mapping[str, str]:
        """The kernel resolves params paths against the same project root as the runner."""
        return {PROJECT_ROOT_ENV: str(self.root)}


def select_notebooks(params: RunParams, only: str | None, params_file: Path) -> tuple[str, ...]:
    """The notebooks to run, in order: all of `params.notebooks`, or just `only`."""
    if only is None:
        return params.notebooks
    if only not in params.notebooks:
        valid = ", ".join(params.notebooks) or "none"
        raise ParamsError(
            params_file, f"--only {only!r} is not one of the run's notebooks (valid: {valid})"
        )
    return (only,)


def notebook_requirements(nb: nbformat.NotebookNode) -> tuple[str, ...]:
    """Processed tables a notebook needs, from its metadata `journey.requires` (none if absent)."""
    journey = nb.metadata.get("journey", {})
    return tuple(journey.get("requires", ()))


def skipped_for_missing_data(name: str, ctx: RunContext) -> NotebookResult | None:
    """A `skipped` result when the data set lacks a table the notebook requires, else None
    (also when the notebook is missing: running it then reports that as a failure)."""
    path = ctx.notebooks_dir / f"{name}.ipynb"
    if not path.is_file():
        return None
    nb = nbformat.read(path, as_version=4)
    missing = [t for t in notebook_requirements(nb) if t not in available_tables(ctx.params)]
    if not missing:
        return None
    note = f"needs {', '.join(missing)}, which {data_set_kind(ctx.params)} does not provide"
    return NotebookResult(name, SKIPPED, title=report_title(nb, default=name), error=note)


PER_CASE_STUDY = "case_study"
"""Metadata `journey.per` of a notebook run once per intervention in params `case_studies`."""


def notebook_variants(name: str, ctx: RunContext) -> list[tuple[str, dict[str, Any]]]:
    """(report name, extra parameters) of each execution of a notebook: one, or one per case
    study for a notebook marked `journey.per: case_study` (e.g. `06_case_study-form`)."""
    path = ctx.notebooks_dir / f"{name}.ipynb"
    if not path.is_file():
        return [(name, {})]
    per = nbformat.read(path, as_version=4).metadata.get("journey", {}).get("per")
    if per != PER_CASE_STUDY:
        return [(name, {})]
    studies = getattr(ctx.params, "case_studies", ())
    return [(f"{name}-{cs.name}", {PER_CASE_STUDY: cs.name}) for cs in studies]


def run_notebook(
    name: str, ctx: RunContext, report: str | None = None, extra: dict[str, Any] | None = None
) -> NotebookResult:
    """Execute one notebook into the run folder and export its report (also when it failed);
    `report` names the output when one notebook is run several times with `extra` parameters."""
    source = ctx.notebooks_dir / f"{name}.ipynb"
    name = report or name
    executed = ctx.folder / EXECUTED_DIR / f"{name}.ipynb"
    run = execute_notebook(
        source,
        executed,
        {**ctx.parameters, **(extra or {})},
        cwd=ctx.notebooks_dir,
        env={**ctx.kernel_env, TABLES_ENV: str(ctx.folder / TABLES_DIR / name)},
    )
    status = OK if run.ok else FAILED
    title, html, references = name, None, ()
    if run.output is not None:
        nb = nbformat.read(run.output, as_version=4)
        title = report_title(for_language(nb, ctx.params.lang), default=name)
        header = ReportHeader(
            title=title,
            run_id=ctx.run_id,
            as_of=ctx.params.as_of.isoformat(),
            data_set=data_set_label(ctx.params),
            status=status,
            lang=ctx.params.lang,
        )
        html = f"{name}.html"
        references = export_report(run.output, ctx.folder / html, header, ctx.notebooks_dir)
    return NotebookResult(
        name=name,
        status=status,
        title=title,
        started=run.started,
        finished=run.finished,
        duration_s=run.duration_s,
        error=run.error,
        html=html,
        external_references=references,
    )


def run_notebooks(names: tuple[str, ...], ctx: RunContext) -> list[NotebookResult]:
    """Run the notebooks in order; after the first failure the rest are marked `not run`, and a
    notebook whose required tables the data set lacks is `skipped` with a note."""
    results: list[NotebookResult] = []
    for name in names:
        if any(r.status == FAILED for r in results):
            results.append(NotebookResult(name, NOT_RUN, title=name, error=NOT_RUN_REASON))
            continue
        skipped = skipped_for_missing_data(name, ctx)
        if skipped is not None:
            results.append(skipped)
            continue
        variants = notebook_variants(name, ctx)
        if not variants:
            note = "no intervention in params key 'case_studies'"
            results.append(NotebookResult(name, SKIPPED, title=name, error=note))
        for report, extra in variants:
            results.append(run_notebook(name, ctx, report, extra))
    return results


def update_reports_index(reports_dir: Path, lang: str = "en") -> Path:
    """Rewrite `<reports_dir>/index.html` from the manifests of all published runs."""
    listings = [
        listing_from_manifest(manifest)
        for folder in published_runs(reports_dir)
        if (manifest := read_manifest(folder)) is not None
    ]
    page = render_reports_index(listings, read_latest(reports_dir), lang)
    path = index_path(reports_dir)
    write_text_atomic(path, page)
    return path


def run_workbook(
    params_path: str | Path, only: str | None = None, *, notebooks_dir: Path | None = None
) -> RunResult:
    """Execute the notebooks of a params file and publish their HTML reports as one run.

    Everything is written to `<reports_dir>/.tmp-<run_id>/` and renamed to `<reports_dir>/<run_id>/`
    at the end, also when a notebook failed (the run is then marked failed). If the runner itself
    fails, the temp folder is removed and nothing is published. Raises ParamsError for bad params.
    """
    params_file = resolve_path(params_path).resolve()
    params = load_params(params_file)
    names = select_notebooks(params, only, params_file)
    root = project_root()
    reports_dir = resolve_path(params.reports_dir)
    started, clock = utc_now(), time.perf_counter()
    run_id, tmp = reserve_run_folder(reports_dir, params.run_name, started)
    ctx = RunContext(
        run_id=run_id,
        params=params,
        params_file=params_file,
        root=root,
        notebooks_dir=(notebooks_dir or root / "notebooks").resolve(),
        folder=tmp,
    )
    try:
        results = run_notebooks(names, ctx)
        status = run_status(results)
        finished = utc_now()
        times = {
            "started": started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
        }
        page = render_run_index(
            params,
            results,
            run_id=run_id,
            status=status,
            params_file=display_path(params_file, root),
            **times,
        )
        write_text_atomic(index_path(tmp), page)
        manifest = build_manifest(
            params,
            results,
            run_id=run_id,
            status=status,
            duration_s=time.perf_counter() - clock,
            params_file=params_file,
            only=only,
            root=root,
            **times,
        )
        write_manifest(tmp, manifest)
        folder = publish_run(tmp, reports_dir, run_id)
    except BaseException:
        discard_run(tmp)
        raise
    write_latest(reports_dir, run_id)
    update_reports_index(reports_dir, params.lang)
    return RunResult(run_id=run_id, folder=folder, notebooks=tuple(results))

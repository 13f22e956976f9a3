"""`run_workbook`: execute a run's notebooks, export reports, write index and manifest, publish."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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
from journey_utils.reporting.assets import labels
from journey_utils.reporting.execute import execute_notebook
from journey_utils.reporting.html_export import (
    ReportHeader,
    export_report,
    for_language,
    report_title,
)
from journey_utils.reporting.index_page import (
    client_count,
    data_set_label,
    index_path,
    listing_from_manifest,
    render_reports_index,
    render_run_index,
    report_headline,
)
from journey_utils.reporting.manifest import build_manifest, read_manifest, write_manifest
from journey_utils.reporting.nb_imports import skip_iri_grammar
from journey_utils.reporting.progress import Progress, Say, earlier_timings
from journey_utils.reporting.results import (
    FAILED,
    NOT_RERUN_REASON,
    NOT_RUN,
    NOT_RUN_REASON,
    NOT_SELECTED,
    OK,
    SKIPPED,
    UNCHANGED,
    NotebookResult,
    ReuseReason,
    RunResult,
    left_out,
    run_status,
)
from journey_utils.reporting.reuse import (
    Declared,
    Reuse,
    copy_report,
    declared,
    journey_metadata,
    newest_reports,
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
from journey_utils.reporting.schedule import dependencies, priority
from journey_utils.shown_tables import TABLES_ENV

EXECUTED_DIR = "notebooks"
TABLES_DIR = "tables"
"""Folder of the run holding, per report, every table it shows as Parquet (`shown_tables`)."""


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
"""The thread counts of BLAS and OpenMP, read when a kernel first imports numpy."""


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
        """The kernel resolves params paths against the same project root as the runner, and
        when notebooks run at once each kernel's numeric libraries share the cores instead of
        each starting a thread per core (threads the environment already sets are kept)."""
        env = {PROJECT_ROOT_ENV: str(self.root)}
        cores = os.cpu_count() or 1
        workers = min(self.params.workers or cores, cores)
        if workers > 1:
            share = str(max(1, cores // workers))
            env |= {v: os.environ.get(v, share) for v in THREAD_VARIABLES}
        return env


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


def notebook_requirements(path: Path) -> tuple[str, ...]:
    """Processed tables a notebook needs, from its metadata `journey.requires` (none if absent)."""
    return tuple(journey_metadata(path).get("requires", ()))


def skipped_for_missing_data(name: str, ctx: RunContext) -> NotebookResult | None:
    """A `skipped` result when the data set lacks a table the notebook requires, else None
    (also when the notebook is missing: running it then reports that as a failure)."""
    path = ctx.notebooks_dir / f"{name}.ipynb"
    if not path.is_file():
        return None
    missing = [t for t in notebook_requirements(path) if t not in available_tables(ctx.params)]
    if not missing:
        return None
    skip_iri_grammar()
    import nbformat  # only here and after execution: loaded on first use

    nb = nbformat.read(path, as_version=4)
    note = f"needs {', '.join(missing)}, which {data_set_kind(ctx.params)} does not provide"
    title = report_title(nb, default=name, lang=ctx.params.lang)
    return NotebookResult(name, SKIPPED, title=title, error=note)


PER_CASE_STUDY = "case_study"
"""Metadata `journey.per` of a notebook run once per intervention in params `case_studies`."""


@dataclass(frozen=True)
class Variant:
    """One execution of a notebook: its report name, extra parameters and, for a case study,
    its own title (None: the title is the notebook's first heading)."""

    report: str
    extra: dict[str, Any]
    title: str | None = None


def notebook_variants(name: str, ctx: RunContext) -> list[Variant]:
    """Each execution of a notebook: one, or one per case study for a notebook marked
    `journey.per: case_study` (e.g. `06_case_study-form`, titled "Case study: <its title>")."""
    path = ctx.notebooks_dir / f"{name}.ipynb"
    if not path.is_file():
        return [Variant(name, {})]
    per = journey_metadata(path).get("per")
    if per != PER_CASE_STUDY:
        return [Variant(name, {})]
    lang = ctx.params.lang
    pattern = labels(lang)["case_study_title"]
    return [
        Variant(
            f"{name}-{cs.name}",
            {PER_CASE_STUDY: cs.name},
            pattern.format(title=cs.display_title(lang)),
        )
        for cs in getattr(ctx.params, "case_studies", ())
    ]


def run_notebook(
    name: str, ctx: RunContext, report: str | None = None, extra: dict[str, Any] | None = None,
    title: str | None = None,
) -> NotebookResult:  # fmt: skip
    """Execute one notebook into the run folder and export its report (also when it failed);
    `report` names the output when one notebook is run several times with `extra` parameters,
    `title` its own title (else the notebook's first heading)."""
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
    html, references, headline, own_title = None, (), None, title
    title = own_title or name
    if run.output is not None:
        skip_iri_grammar()
        import nbformat  # see skipped_for_missing_data

        nb = for_language(nbformat.read(run.output, as_version=4), ctx.params.lang)
        title = own_title or report_title(nb, default=name, lang=ctx.params.lang)
        headline = report_headline(nb) if run.ok else None
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
        headline=headline,
    )


@dataclass(frozen=True)
class Step:
    """One execution of a notebook: its report name, extra parameters, declared data and own
    title (None: the notebook's first heading)."""

    name: str
    report: str
    extra: dict[str, Any]
    decl: Declared
    title: str | None = None


def plan_steps(names: tuple[str, ...], ctx: RunContext) -> list[Step]:
    """Every execution the run may make, in order (a notebook run per case study is several)."""
    steps = []
    for name in names:
        decl = declared(ctx.notebooks_dir / f"{name}.ipynb")
        steps += [
            Step(name, v.report, v.extra, decl, v.title) for v in notebook_variants(name, ctx)
        ]
    return steps


def reused_result(
    step: Step, ctx: RunContext, found: tuple[Path, dict[str, Any]], reason: ReuseReason,
    key: str | None = None,
) -> NotebookResult:  # fmt: skip
    """Copy an earlier run's report of the step into this run: its result keeps the earlier
    title, headline, key and outputs, and says from which run (the one that executed it) and
    why it was not executed."""
    clock, now = time.perf_counter(), utc_now().isoformat(timespec="seconds")
    folder, entry = found
    copy_report(folder, ctx.folder, step.report, EXECUTED_DIR, TABLES_DIR)
    return NotebookResult(
        name=step.report, status=OK, title=step.title or entry.get("title") or step.report,
        started=now, finished=now, duration_s=round(time.perf_counter() - clock, 3),
        html=entry["html"], external_references=tuple(entry.get("external_references") or ()),
        key=key or entry.get("key"), outputs=entry.get("outputs"),
        reused_from=entry.get("reused_from") or folder.name, reuse_reason=reason,
        headline=entry.get("headline") or headline_of_executed(ctx.folder, step.report),
    )  # fmt: skip


def headline_of_executed(folder: Path, report: str) -> str | None:
    """The headline of a report's executed notebook in a run folder (for a report copied from
    a run whose manifest predates headlines); None without a readable notebook."""
    try:
        nb = json.loads((folder / EXECUTED_DIR / f"{report}.ipynb").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report_headline(nb) if isinstance(nb, dict) else None


@dataclass
class Attempted:
    """One step once looked at: reused (with its result) or its key for the execution."""

    key: str | None
    result: NotebookResult | None = None


def look_up(
    step: Step, ctx: RunContext, reuse: Reuse | None, later: list[str], progress: Progress
) -> Attempted:
    """Announce the step and copy the report of an earlier run whose execution had the same key
    (its outputs still as it left them); else return the key the execution will record."""
    progress.start(step.report)
    if reuse is None:
        return Attempted(None)
    source = ctx.notebooks_dir / f"{step.name}.ipynb"
    key = reuse.key(source, {**ctx.parameters, **step.extra}, step.decl, later)
    found = reuse.find(step.report, key, step.decl, later)
    if found is None:
        return Attempted(key)
    result = reused_result(step, ctx, found, UNCHANGED, key)
    progress.end(step.report, "reused", result.duration_s, f" from run {result.reused_from}")
    return Attempted(key, result)


def executed(
    step: Step, result: NotebookResult, key: str | None, reuse: Reuse | None,
    later: list[str], progress: Progress,
) -> NotebookResult:  # fmt: skip
    """An executed step's result with its key and outputs recorded (when ok)."""
    if reuse is not None and result.status == OK:
        result = replace(result, key=key, outputs=reuse.outputs(step.decl, later))
    progress.end(step.report, result.status, result.duration_s)
    return result


def execute_steps(
    steps: list[Step], ctx: RunContext, reuse: Reuse | None, say: Say | None, workers: int
) -> dict[str, NotebookResult]:
    """Execute (or reuse) the steps, up to `workers` at once where their declared data allows,
    stopping new starts after a failure; returns the result of every step that started."""
    deps = dependencies([s.decl for s in steps])
    earlier = earlier_timings(ctx.folder.parent, ctx.params.run_name)
    progress = Progress([s.report for s in steps], earlier, say, workers)
    order = (
        priority(deps, [earlier.get(s.report, 1.0) for s in steps])
        if workers > 1
        else list(range(len(steps)))
    )
    later = [[w for s in steps[i + 1 :] for w in s.decl.writes] for i in range(len(steps))]
    done: dict[int, NotebookResult] = {}
    running: dict[Future[NotebookResult], tuple[int, str | None]] = {}
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        while True:
            failed = any(r.status == FAILED for r in done.values())
            busy = {i for i, _ in running.values()}
            ready = [] if failed else [
                i for i in order if i not in done and i not in busy and deps[i] <= done.keys()
            ]  # fmt: skip
            if ready and len(running) < workers:
                i = ready[0]
                step = steps[i]
                looked = look_up(step, ctx, reuse, later[i], progress)
                if looked.result is not None:
                    done[i] = looked.result
                elif pool is None:
                    result = run_notebook(step.name, ctx, step.report, step.extra, step.title)
                    done[i] = executed(step, result, looked.key, reuse, later[i], progress)
                else:
                    future = pool.submit(
                        run_notebook, step.name, ctx, step.report, step.extra, step.title
                    )
                    running[future] = (i, looked.key)
                continue
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                i, key = running.pop(future)
                done[i] = executed(steps[i], future.result(), key, reuse, later[i], progress)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return {steps[i].report: r for i, r in done.items()}


def run_notebooks(
    names: tuple[str, ...], ctx: RunContext, reuse: Reuse | None = None,
    say: Say | None = None, workers: int = 1,
) -> list[NotebookResult]:  # fmt: skip
    """Run the notebooks, results in their documented order whatever order they ran in: after
    the first failure no new notebook starts and those not started are `not run`; a notebook
    whose required tables the data set lacks is `skipped` with a note. With `reuse`, an
    execution whose key matches an earlier run's is copied from it; `say` gets one progress line
    per report as it starts and ends; `workers` > 1 runs independent notebooks at once."""
    fixed: dict[str, NotebookResult] = {}
    steps: list[Step] = []
    for name in names:
        skipped, mine = planned(name, ctx)
        if skipped is not None:
            fixed[name] = skipped
        steps += mine
    done = execute_steps(steps, ctx, reuse, say, workers)
    results: list[NotebookResult] = []
    for name in names:
        mine = [s for s in steps if s.name == name]
        started = [done[s.report] for s in mine if s.report in done]
        if any(r.status == FAILED for r in results) and not started:
            results.append(NotebookResult(name, NOT_RUN, title=name, error=NOT_RUN_REASON))
            continue
        results += [fixed[name]] if name in fixed else started
        results += [NotebookResult(s.report, NOT_RUN, title=s.report, error=NOT_RUN_REASON)
                    for s in mine if s.report not in done]  # fmt: skip
    return results


def planned(name: str, ctx: RunContext) -> tuple[NotebookResult | None, list[Step]]:
    """A notebook's executions, or its `skipped` result when the data set lacks a table it
    needs or it is run per case study and params name none."""
    skipped = skipped_for_missing_data(name, ctx)
    if skipped is not None:
        return skipped, []
    steps = plan_steps((name,), ctx)
    if not steps:
        note = "no intervention in params key 'case_studies'"
        return NotebookResult(name, SKIPPED, title=name, error=note), []
    return None, steps


def carried_over(
    step: Step, ctx: RunContext, earlier: dict[str, tuple[Path, dict[str, Any]]],
    say: Say | None,
) -> NotebookResult:  # fmt: skip
    """A report an `--only` run does not re-run: copied from the newest earlier run of these
    params that has it ok, else `not run` (the run is then incomplete)."""
    found = earlier.get(step.report)
    if found is None:
        return NotebookResult(step.report, NOT_RUN, title=step.title or step.report,
                              error=NOT_RERUN_REASON)  # fmt: skip
    result = reused_result(step, ctx, found, NOT_SELECTED)
    if say is not None:
        say(f"{step.report} reused from run {result.reused_from} (not re-run: --only)")
    return result


def complete_run(
    results: list[NotebookResult], only: str | None, ctx: RunContext, say: Say | None = None
) -> list[NotebookResult]:
    """An `--only` run's results with every other report of `params.notebooks` carried over
    from earlier runs, in the documented order, so the published run is whole; a full run's
    results as they are."""
    if only is None:
        return results
    earlier = newest_reports(ctx.folder.parent, ctx.params.run_name)
    complete: list[NotebookResult] = []
    for name in ctx.params.notebooks:
        if name == only:
            complete += results
            continue
        skipped, steps = planned(name, ctx)
        complete += [skipped] if skipped is not None else []
        complete += [carried_over(step, ctx, earlier, say) for step in steps]
    return complete


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
    params_path: str | Path,
    only: str | None = None,
    *,
    notebooks_dir: Path | None = None,
    force: bool = False,
    say: Say | None = None,
) -> RunResult:
    """Execute the notebooks of a params file and publish their HTML reports as one run.

    Everything is written to `<reports_dir>/.tmp-<run_id>/` and renamed to `<reports_dir>/<run_id>/`
    at the end, also when a notebook failed (the run is then marked failed). If the runner itself
    fails, the temp folder is removed and nothing is published. Raises ParamsError for bad params.

    A report whose notebook, package source, params and data read are unchanged since an earlier
    published run is copied from it (the manifest says from which run) unless `force`; `say`
    receives the progress lines.
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
        reuse = Reuse(params, reports_dir, force=force)
        workers = params.workers or os.cpu_count() or 1
        results = complete_run(run_notebooks(names, ctx, reuse, say, workers), only, ctx, say)
        reuse.save()
        status = run_status(results)
        finished = utc_now()
        times = {
            "started": started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
        }
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
        page = render_run_index(
            params,
            results,
            run_id=run_id,
            status=status,
            params_file=display_path(params_file, root),
            only=only,
            clients=client_count(manifest.get("sources") or {}, params),
            **times,
        )
        write_text_atomic(index_path(tmp), page)
        folder = publish_run(tmp, reports_dir, run_id)
    except BaseException:
        discard_run(tmp)
        raise
    moved = move_latest(reports_dir, run_id, results, say)
    update_reports_index(reports_dir, params.lang)
    return RunResult(run_id=run_id, folder=folder, notebooks=tuple(results), latest_moved=moved)


def move_latest(
    reports_dir: Path, run_id: str, results: list[NotebookResult], say: Say | None
) -> bool:
    """Point `latest` at the run unless it is an incomplete `--only` run (a report no earlier
    run had is missing): then say so and leave `latest` where it was."""
    missing = [nb.name for nb in results if left_out(nb)]
    if not missing:
        write_latest(reports_dir, run_id)
        return True
    if say is not None:
        kept = read_latest(reports_dir) or "none yet"
        say(f"latest not moved (still {kept}): this --only run lacks {', '.join(missing)}, "
            "which no earlier run of these params has")  # fmt: skip
    return False

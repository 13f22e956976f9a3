"""The `journey` command: generate the synthetic portfolio, integrate sources, run the workbook."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from tqdm import tqdm

from journey_utils.errors import InputError, JourneyError
from journey_utils.integration.inspect_log import inspect_log, inspection_text, starter_params
from journey_utils.integration.pipeline import check_ready_to_run
from journey_utils.integration.processed import integrate
from journey_utils.params.run import load_params, project_root, resolve_path
from journey_utils.params.text_file import TextFileOptions
from journey_utils.reporting import run_workbook
from journey_utils.synthetic import ensure_synthetic_sources, generate_portfolio


def _generate(args: argparse.Namespace) -> int:
    params = load_params(args.params)

    started = time.perf_counter()
    bars = ChunkProgress(_progress_stream(), "generating {source}: {rows:,} of {total:,}")

    def made(done: int, total: int) -> None:
        bars.seen("clients", done, total)

    try:
        if args.force:
            rows = generate_portfolio(params, made)
            print(f"generated {sum(rows.values()):,} rows in {params.raw_dir}")
        elif ensure_synthetic_sources(params, made):
            print(f"generated {params.raw_dir}")
        else:
            print(f"up to date: {params.raw_dir} (use --force to regenerate)")
    finally:
        bars.close()
    print(f"took {time.perf_counter() - started:.1f} s")
    return 0


def _progress_stream() -> TextIO:
    """A terminal's stderr for bars; stdout for plain lines (errors stay one line on stderr)."""
    return sys.stderr if sys.stderr.isatty() else sys.stdout


class ChunkProgress:
    """Rows done per source (read while integrating, clients while generating): a tqdm bar per
    source on a terminal, a plain line per chunk otherwise (CI logs, cron mail; on stdout, so
    errors stay one line on stderr). `line` formats the plain line ({source}, {rows}, {total})."""

    def __init__(self, stream: TextIO, line: str = "integrating {source}: {rows:,} rows read"):
        self.stream = stream
        self.line = line
        self.terminal = stream.isatty()
        self.bar: tqdm | None = None
        self.source: str | None = None

    def seen(self, source: str, rows: int, total: int | None = None) -> None:
        if not self.terminal:
            text = self.line.format(source=source, rows=rows, total=total or rows)
            print(text, file=self.stream, flush=True)
            return
        if source != self.source:
            self.close()
            self.source = source
            self.bar = tqdm(
                desc=source, total=total, unit=" rows", unit_scale=True, file=self.stream
            )
        assert self.bar is not None
        self.bar.update(rows - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _integrate(args: argparse.Namespace) -> int:
    params = load_params(args.params)

    if params.synthetic:
        made = ChunkProgress(_progress_stream(), "generating {source}: {rows:,} of {total:,}")
        try:
            ensure_synthetic_sources(params, lambda done, total: made.seen("clients", done, total))
        finally:
            made.close()
    bars = ChunkProgress(_progress_stream())
    try:
        result = integrate(params, on_chunk=bars.seen)
    finally:
        bars.close()
    print(result.summary_frame().to_string(index=False))
    for source in result.sources.values():  # never silent: every row set aside, every step
        for reason, rows in source.reasons.items():
            print(f"quarantined: {source.name}: {rows:,} rows: {reason}")
        for note in source.notes:
            print(f"note: {source.name}.{note['column']}: {note['note']} ({note['detail']})")
    print(f"conformed tables in {params.processed_dir}; rows set aside in its quarantine/ folder")
    return 0


def _say(line: str) -> None:
    """A progress line, at once (cron mail and CI logs get it as it happens)."""
    print(line, flush=True)


def _run(args: argparse.Namespace) -> int:
    params = load_params(args.params)

    for note in check_ready_to_run(params, project_root() / "notebooks"):
        print(f"note: {note}")
    say = None if args.quiet else _say
    result = run_workbook(args.params, only=args.only, force=args.force, say=say)
    for nb in result.notebooks:
        reason = f"  ({nb.error})" if nb.status in ("failed", "skipped") and nb.error else ""
        reused = f"  (reused from run {nb.reused_from})" if nb.reused_from else ""
        print(f"  {nb.status:>8}  {nb.name}{reason}{reused}")
    print(f"report index: {result.folder / 'index.html'}")
    if not result.latest_moved:  # said even with --quiet: the published "latest" is older
        print("note: reports/latest was not moved to this incomplete --only run")
    return 0 if result.ok else 1


def _inspect_log(args: argparse.Namespace) -> int:
    import re
    from pathlib import Path

    from pydantic import ValidationError

    path = resolve_path(args.file)
    try:
        options = TextFileOptions(
            encoding=args.encoding, delimiter=args.delimiter, quotechar=args.quotechar
        )
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise InputError("--delimiter/--quotechar", message) from None
    inspection = inspect_log(path, args.format, options)
    print(inspection_text(inspection))
    stem = path.name.split(".")[0]
    run_name = re.sub(r"[^a-z0-9_-]+", "_", stem.lower()).strip("_-") or "event_log"
    out = resolve_path(args.out or Path("params") / f"{run_name}_starter.yaml")
    if out.exists() and not args.force:
        raise InputError(out, "already exists: edit it, or pass --force to write it again")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(starter_params(inspection, run_name), encoding="utf-8")
    print(f"\nstarter params written to {out}: map the TODO activities, then journey run")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface (one subcommand per step)."""
    parser = argparse.ArgumentParser(prog="journey", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the seeded synthetic portfolio (nine sources)")
    gen.add_argument("--params", required=True, help="params YAML, e.g. params/default.yaml")
    gen.add_argument("--force", action="store_true", help="regenerate even if up to date")
    gen.set_defaults(func=_generate)

    integ = sub.add_parser("integrate", help="validate, quarantine, pseudonymise and conform")
    integ.add_argument("--params", required=True)
    integ.set_defaults(func=_integrate)

    ins = sub.add_parser(
        "inspect-log", help="describe an event log and write a starter event_log params file"
    )
    ins.add_argument("file", help="CSV or XES event log (optionally .gz)")
    ins.add_argument("--format", choices=["auto", "csv", "xes"], default="auto")
    ins.add_argument("--encoding", choices=["auto", "utf-8", "gbk", "gb18030"], default="auto")
    ins.add_argument("--delimiter", default=",", help="CSV field separator, e.g. ';' or tab")
    ins.add_argument("--quotechar", default='"')
    ins.add_argument("--out", help="starter params file (default params/<log>_starter.yaml)")
    ins.add_argument("--force", action="store_true", help="overwrite an existing starter file")
    ins.set_defaults(func=_inspect_log, needs_params=False)

    run = sub.add_parser("run", help="execute the notebooks and publish HTML reports")
    run.add_argument("--params", required=True)
    run.add_argument("--only", help="run just this notebook (e.g. 01_data_integration)")
    run.add_argument(
        "--force",
        action="store_true",
        help="execute every notebook, even those unchanged since an earlier run",
    )
    run.add_argument(
        "--quiet",
        action="store_true",
        help="no progress lines, only the outcome per notebook (for cron)",
    )
    run.set_defaults(func=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: bad input ends with one line on stderr and exit code 2, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except JourneyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

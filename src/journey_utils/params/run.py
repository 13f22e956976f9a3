"""Typed run parameters: one YAML file per run, validated before anything else happens."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from journey_utils.catalog import SOURCES
from journey_utils.errors import ParamsError
from journey_utils.params.event_log import EventLogColumns, EventLogSpec
from journey_utils.params.intervention import InterventionSpec
from journey_utils.params.targets import Target, merged_targets
from journey_utils.params.text_file import TextFileOptions

PROJECT_ROOT_ENV = "JOURNEY_PROJECT_ROOT"


class SourceSpec(TextFileOptions):
    """Where one source lives and how it is written (overrides the generator's default file),
    and the bank's own names: `columns` maps our column to the export's, `values` maps the
    export's codes of a column to ours (applied before the contracts; other codes are checked
    and quarantined as usual)."""

    model_config = ConfigDict(extra="forbid")

    path: str | None = Field(default=None, description="the file; default: the generator's")
    columns: dict[str, str] = Field(
        default_factory=dict, description="our column name -> the column's name in the export"
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="our column name -> {the export's code: our code}",
    )

    @model_validator(mode="after")
    def _one_name_each(self) -> SourceSpec:
        theirs = list(self.columns.values())
        twice = sorted({t for t in theirs if theirs.count(t) > 1})
        if twice:
            raise ValueError(f"columns: {twice[0]!r} is named for two of our columns")
        return self


class RiskSpec(BaseModel):
    """Choices of the risk report: the PD outcome window, the out-of-time split and the pricing
    inputs (all rates in percent a year)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    train_until: date = Field(
        default=date(2024, 1, 1), description="PD model: fit on applications before this date"
    )
    pd_window_months: int = Field(default=12, ge=3, le=36, description="default within months")
    demand_horizon_months: int = Field(default=12, ge=3, le=36)
    demand_fit_clients: int = Field(
        default=50_000,  # some 600,000 client-quarters for about 40 coefficients
        ge=1_000,
        description="demand model: fit on a seeded random sample of at most this many of the "
        "training clients (every snapshot of each); the report says when it samples",
    )
    demand_check_clients: int = Field(
        default=50_000,
        ge=1_000,
        description="demand model: check its calibration on a seeded random sample of at most "
        "this many clients held out of the fit (else 30% of clients); the report says when",
    )
    lgd: float = Field(default=0.45, ge=0.0, le=1.0, description="loss given default, a share")
    funding_cost: float = Field(default=1.8, ge=-5.0, le=50.0)
    capital_charge: float = Field(default=0.6, ge=0.0, le=50.0)
    margin: float = Field(default=0.3, ge=-5.0, le=50.0)
    screen_features: tuple[str, ...] = Field(
        default=(
            "leverage",
            "interest_cover_log",
            "firm_age_years",
            "industry",
            "personalised",
            "bureau_score",
            "internal_rating",
        ),
        description="candidate PD features whose information value the report shows",
    )
    base_score: float = Field(default=600.0, description="scorecard points at base_odds")
    base_odds: float = Field(default=50.0, gt=0.0, description="goods per bad at base_score")
    pdo: float = Field(default=20.0, gt=0.0, description="points to double the odds")
    recent_default_rate: float | None = Field(
        default=None,
        gt=0.0,
        lt=1.0,
        description="loan-book report: recalibrate the PDs' level to this recent default rate",
    )
    monotone: dict[str, Literal["increasing", "decreasing"]] = Field(
        default_factory=lambda: {"leverage": "increasing", "interest_cover_log": "decreasing"},
        description="features whose default rate must rise (or fall) across their WoE bins",
    )


class LoanBookSpec(BaseModel):
    """A real loan book with outcomes, read instead of the nine sources; only the credit-risk
    report runs on it. `format: table` reads any CSV, Parquet or Excel file by the columns
    named here; `sba_case` is the SBA teaching file with its own cleaning."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    format: Literal["sba_case", "table"] = "table"
    sheet: str | int = 0
    """The sheet of an Excel book (its name, or its position from 0); the header is its first
    row."""
    id: str | None = None
    """The loan (or client) identifier column; pseudonymised on reading (row numbers if none)."""
    target: str | None = None
    """The outcome column."""
    bad: tuple[str, ...] = ()
    """Target values that mean default (e.g. [1] or ["bad"]); compared as text, numbers as
    numbers."""
    good: tuple[str, ...] = ()
    """Target values that mean no default; empty: every other value. With both lists, a value
    in neither is quarantined."""
    date: str | None = None
    """The application or observation date column (the out-of-time split reads it)."""
    date_format: str | None = None
    """strptime format of `date` (e.g. "%d/%m/%Y"); none: ISO dates."""
    features: tuple[str, ...] | Literal["all"] = "all"
    """Feature columns; "all": every column but id, target and date."""
    categorical: tuple[str, ...] | None = None
    """Features read as categories (every other feature must be numeric); omitted: the features
    whose values are mostly text (the report lists them)."""

    @model_validator(mode="before")
    @classmethod
    def _texts(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for key in ("bad", "good", "categorical"):
                if isinstance(data.get(key), list | tuple):
                    data[key] = tuple(str(v) for v in data[key])
            if isinstance(data.get("features"), list | tuple):
                data["features"] = tuple(str(v) for v in data["features"])
        return data

    @model_validator(mode="after")
    def _check(self) -> LoanBookSpec:
        if self.format == "table":
            if not self.target:
                raise ValueError("a table loan book needs target (the outcome column)")
            if not self.bad:
                raise ValueError("a table loan book needs bad (the target values of a default)")
            both = sorted(set(self.bad) & set(self.good))
            if both:
                raise ValueError(f"target value {both[0]!r} is both bad and good")
        return self


class RunParams(BaseModel):
    """All the choices of a run. The same keys are the notebooks' papermill parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    run_name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    data_dir: str = Field(description="folder of this data set, relative to the project root")
    synthetic: bool = True
    seed: int = 20240601
    n_clients: int = Field(default=20_000, ge=50, le=5_000_000)
    start_date: date = date(2022, 1, 1)
    as_of: date = date(2025, 12, 31)
    dirty_share: float = Field(default=0.0, ge=0.0, le=0.2)
    lang: Literal["en", "zh"] = "en"
    min_cell_size: int = Field(default=10, ge=1)
    abandon_after_days: int = Field(default=60, ge=1)
    driver_maturity_days: int = Field(
        default=180, ge=0, description="pain-point model: only cases started this long before as_of"
    )
    cohort_months: int = Field(default=36, ge=1, le=120, description="months followed per cohort")
    n_segments: int = Field(default=10, ge=2, le=60, description="k of the client segmentation")
    lpr_1y: float = Field(default=3.0, gt=0, lt=20, description="1-year LPR, percent")
    lpr_5y: float = Field(default=3.5, gt=0, lt=20, description="5-year LPR, percent")
    notebooks: tuple[str, ...] = (
        "01_data_integration",
        "02_client_profiling",
        "04_segmentation",
        "03_journey_funnel",
        "05_risk_and_demand",
        "06_case_study",
        "00_summary",
    )
    reports_dir: str = "reports"
    workers: int | None = Field(default=None, ge=1)
    """Notebooks executed at once where their data allows, and sources integrated at once when
    the data is large (default: the machine's cores)."""
    duckdb_memory_limit: str = Field(
        default="2GB",
        pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="DuckDB's working memory per connection; beyond it, it spills to disk",
    )
    duckdb_temp_dir: str | None = Field(
        default=None,
        description="where DuckDB spills, relative to the project root (default: a temporary "
        "folder in the data set's processed/ folder, removed after use)",
    )
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    event_log: EventLogSpec | None = None
    loan_book: LoanBookSpec | None = None
    risk: RiskSpec = Field(default_factory=RiskSpec)
    case_studies: tuple[InterventionSpec, ...] = ()
    targets: dict[str, Target] = Field(
        default_factory=lambda: merged_targets({}),
        description="headline figures' targets and alarm levels (red/amber/green on the "
        "summary); given figures override the defaults one by one",
    )

    _project_root: Path = PrivateAttr(default_factory=lambda: project_root())
    """Fixed when the params are loaded, so later changes of cwd or env cannot move the data."""

    @model_validator(mode="before")
    @classmethod
    def _targets(cls, data: Any) -> Any:
        if isinstance(data, dict) and "targets" in data:
            data = {**data, "targets": merged_targets(data["targets"])}
        return data

    @model_validator(mode="after")
    def _check(self) -> RunParams:
        if self.start_date >= self.as_of:
            raise ValueError("start_date must be before as_of")
        if self.event_log is not None and (self.synthetic or self.sources):
            raise ValueError(
                "an event_log run reads only the event log: set synthetic: false and no sources"
            )
        if self.loan_book is not None and (self.synthetic or self.sources or self.event_log):
            raise ValueError(
                "a loan_book run reads only the loan book: set synthetic: false, no sources and "
                "no event_log"
            )
        names = [cs.name for cs in self.case_studies]
        if len(set(names)) < len(names):
            raise ValueError("two case_studies share a name")
        unknown = sorted(set(self.sources) - set(SOURCES))
        if unknown:
            raise ValueError(f"unknown source {unknown[0]!r} (valid: {', '.join(SOURCES)})")
        for name, spec in self.sources.items():
            ours = set(SOURCES[name].columns)
            named = sorted((set(spec.columns) | set(spec.values)) - ours)
            if named:
                raise ValueError(
                    f"sources.{name}: no column {named[0]!r} in {name} "
                    f"(valid: {', '.join(SOURCES[name].columns)})"
                )
        return self

    # Paths -----------------------------------------------------------------
    @property
    def root(self) -> Path:
        """The data set's folder (absolute)."""
        return self._resolve(self.data_dir)

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def processed_dir(self) -> Path:
        return self.root / "processed"

    @property
    def duckdb_spill_dir(self) -> Path | None:
        """The folder DuckDB spills to when params name one (absolute), else None."""
        return self._resolve(self.duckdb_temp_dir) if self.duckdb_temp_dir else None

    def source_path(self, name: str) -> Path:
        """File of source `name`: the params' override, else the generator's default file."""
        spec = self.sources.get(name)
        if spec is None or spec.path is None:
            return self.raw_dir / SOURCES[name].default_file
        return self._resolve(spec.path)

    def _resolve(self, path: str | Path) -> Path:
        p = Path(path)
        return p if p.is_absolute() else self._project_root / p

    @property
    def event_log_path(self) -> Path:
        """The standard event log file of an event-log run (absolute)."""
        if self.event_log is None:
            raise ValueError("this run has no event_log")
        return Path(os.path.normpath(self._resolve(self.event_log.path)))

    @property
    def loan_book_path(self) -> Path:
        """The loan book file of a loan-book run (absolute)."""
        if self.loan_book is None:
            raise ValueError("this run has no loan_book")
        return Path(os.path.normpath(self._resolve(self.loan_book.path)))

    def source_encoding(self, name: str) -> str:
        spec = self.sources.get(name)
        return spec.encoding if spec else "auto"

    def source_options(self, name: str) -> TextFileOptions:
        """How source `name` is written (delimiter, quote, missing values, date order)."""
        return self.sources.get(name) or TextFileOptions()

    def source_names(self, name: str) -> SourceSpec:
        """Source `name`'s spec, for the bank's own column names and codes (none by default)."""
        return self.sources.get(name) or SourceSpec()

    def case_study(self, name: str) -> InterventionSpec:
        """The intervention called `name` in params `case_studies` (ParamsError if none)."""
        for spec in self.case_studies:
            if spec.name == name:
                return spec
        valid = ", ".join(cs.name for cs in self.case_studies) or "none"
        raise ParamsError("<params>", f"no case study {name!r} in 'case_studies' (valid: {valid})")

    def as_notebook_parameters(self) -> dict[str, Any]:
        """JSON-friendly values for papermill (dates as ISO strings)."""
        return self.model_dump(mode="json")


PARAM_KEYS: tuple[str, ...] = tuple(RunParams.model_fields)


def project_root() -> Path:
    """The workbook's folder: $JOURNEY_PROJECT_ROOT, else the nearest parent of cwd with params/."""
    env = os.environ.get(PROJECT_ROOT_ENV)
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "params").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    return here


def resolve_path(path: str | Path) -> Path:
    """A params path made absolute against the project root."""
    p = Path(path)
    return p if p.is_absolute() else project_root() / p


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(x) for x in err.get("loc", ()))
    if err.get("type") == "extra_forbidden":
        valid = _valid_keys(tuple(err.get("loc", ())))
        return f"unknown key '{loc}' (valid keys: {', '.join(valid)})"
    msg = str(err.get("msg")).removeprefix("Value error, ")  # pydantic's prefix for our checks
    return f"key '{loc}': {msg}" if loc else msg


def _valid_keys(loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The keys valid where an unknown key was found (top level, a source, the event log)."""
    if len(loc) <= 1:
        return PARAM_KEYS
    if loc[0] == "case_studies":
        return tuple(InterventionSpec.model_fields)
    if loc[0] == "risk":
        return tuple(RiskSpec.model_fields)
    if loc[0] == "loan_book":
        return tuple(LoanBookSpec.model_fields)
    if loc[0] == "event_log":
        nested = len(loc) > 2 and loc[1] == "columns"
        return tuple((EventLogColumns if nested else EventLogSpec).model_fields)
    return tuple(SourceSpec.model_fields)


def validate_params(values: dict[str, Any], source: str | Path = "<params>") -> RunParams:
    """Validate a mapping of params; raise ParamsError naming the file and the first bad key."""
    try:
        return RunParams.model_validate(values)
    except ValidationError as exc:
        raise ParamsError(source, _describe(exc.errors()[0])) from None


def load_params(path: str | Path, overrides: dict[str, Any] | None = None) -> RunParams:
    """Read and validate a params YAML file; `overrides` replace keys (e.g. from papermill)."""
    p = resolve_path(path)
    if not p.is_file():
        raise ParamsError(p, "params file not found")
    try:
        values = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ParamsError(
            p, f"malformed YAML: {problem}", row=mark.line + 1 if mark else None
        ) from None
    except UnicodeDecodeError:
        raise ParamsError(p, "not UTF-8 text") from None
    if not isinstance(values, dict):
        raise ParamsError(p, "expected a mapping of keys to values at the top level")
    values = {**values, **(overrides or {})}
    return validate_params(values, p)


def notebook_params(namespace: dict[str, Any]) -> RunParams:
    """Params inside a notebook: `params_file` from its parameters cell, then any RunParams keys
    that papermill injected (or that the analyst set) override the file's values."""
    params_file = namespace.get("params_file", "params/smoke.yaml")
    overrides = {k: namespace[k] for k in PARAM_KEYS if k in namespace and namespace[k] is not None}
    return load_params(params_file, overrides)

"""The public surface follows one naming rule (ADR 0029), so a notebook author can guess a name.

`X_table(...)` returns a DataFrame, `plot_X(table, ...)` draws what `X_table` returned,
`fit_X(...)` returns a result with `coefficients`, `predict` and `exclusions`, and
`min_cell_size` is keyword-only wherever it appears.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator

import pandas as pd
import pytest

import journey_utils

STAGE_PACKAGES = (
    "integration",
    "profiling",
    "journey",
    "segmentation",
    "risk",
    "case_study",
    "summary",
)
# The one `*_table` that returns a Styler: every shown table is styled by it and only by it.
STYLER_FACTORY = "style_table"
FIT_RESULT_MEMBERS = ("coefficients", "predict", "exclusions")


def _surfaces() -> dict[str, object]:
    """Return the top-level package and every stage package, keyed by dotted name."""
    surfaces: dict[str, object] = {"journey_utils": journey_utils}
    for name in STAGE_PACKAGES:
        surfaces[f"journey_utils.{name}"] = importlib.import_module(f"journey_utils.{name}")
    return surfaces


SURFACES = _surfaces()


def _functions(prefix: str = "", suffix: str = "") -> Iterator[tuple[str, str, Callable]]:
    """Yield (surface, name, function) for every exported function matching prefix and suffix."""
    for surface, module in SURFACES.items():
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and name.startswith(prefix) and name.endswith(suffix):
                yield surface, name, obj


def _ids(cases: list[tuple[str, str, Callable]]) -> list[str]:
    """Name each parametrised case by its surface and function."""
    return [f"{surface}:{name}" for surface, name, _ in cases]


def _return_type(function: Callable) -> object:
    """Resolve the return annotation of `function`, evaluated in its own module."""
    annotation = inspect.signature(function).return_annotation
    if isinstance(annotation, str):
        return eval(annotation, function.__globals__)  # our own annotations, in their module
    return annotation


def _members(cls: type) -> set[str]:
    """Every attribute, method and dataclass or annotated field a class declares."""
    members = set(dir(cls))
    for klass in inspect.getmro(cls):
        members |= set(getattr(klass, "__annotations__", {}))
    return members


PLOTS = list(_functions(prefix="plot_"))
TABLES = [case for case in _functions(suffix="_table") if case[1] != STYLER_FACTORY]
FITS = list(_functions(prefix="fit_"))
ALL_FUNCTIONS = list(_functions())


def test_the_surfaces_are_not_empty() -> None:
    """Guard against the walk silently finding nothing to check."""
    assert len(PLOTS) > 10
    assert len(TABLES) > 30
    assert FITS
    assert STYLER_FACTORY in journey_utils.__all__
    assert sum("min_cell_size" in inspect.signature(f).parameters for *_, f in EVERY_FUNCTION) > 10


@pytest.mark.parametrize(("surface", "name", "function"), PLOTS, ids=_ids(PLOTS))
def test_every_plot_has_its_table(surface: str, name: str, function: Callable) -> None:
    """`plot_X` draws what `X_table` returned, so `X_table` is in the same surface."""
    table = name.removeprefix("plot_") + "_table"
    assert table in SURFACES[surface].__all__, f"{name} has no {table} in {surface}"


@pytest.mark.parametrize(("surface", "name", "function"), PLOTS, ids=_ids(PLOTS))
def test_every_plot_takes_a_table_first(surface: str, name: str, function: Callable) -> None:
    """The first parameter of `plot_X` is the table it draws."""
    parameters = list(inspect.signature(function).parameters)
    assert parameters, f"{name} takes no parameter"
    first = parameters[0]
    assert first == "table" or first.endswith("_table"), f"{name} first takes {first!r}"


@pytest.mark.parametrize(("surface", "name", "function"), TABLES, ids=_ids(TABLES))
def test_every_table_returns_a_frame(surface: str, name: str, function: Callable) -> None:
    """`X_table` returns a DataFrame; styling happens where the table is shown."""
    assert _return_type(function) is pd.DataFrame, f"{name} is annotated to return a non-frame"


READINGS = list(_functions(suffix="_reading"))


@pytest.mark.parametrize(("surface", "name", "function"), READINGS, ids=_ids(READINGS))
def test_every_reading_writes_text_in_the_report_language(
    surface: str, name: str, function: Callable
) -> None:
    """`X_reading(table, ..., lang)` returns the plain-language reading as text in `lang`."""
    assert "lang" in inspect.signature(function).parameters, f"{name} takes no lang"
    assert _return_type(function) is str, f"{name} is annotated to return a non-str"


@pytest.mark.parametrize(("surface", "name", "function"), FITS, ids=_ids(FITS))
def test_every_fit_returns_a_result(surface: str, name: str, function: Callable) -> None:
    """`fit_X` returns a result object with coefficients, predict and exclusions."""
    result = _return_type(function)
    assert inspect.isclass(result), f"{name} is annotated to return {result!r}, not a class"
    missing = [member for member in FIT_RESULT_MEMBERS if member not in _members(result)]
    assert not missing, f"{name} returns {result.__name__} without {missing}"
    assert callable(getattr(result, "predict", None)), f"{result.__name__}.predict is no method"


def _every_function() -> Iterator[tuple[str, str, Callable]]:
    """Yield (module, name, function) for every function defined in any journey_utils module."""
    for info in pkgutil.walk_packages(journey_utils.__path__, "journey_utils."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == info.name:
                yield info.name, name, obj


EVERY_FUNCTION = list(_every_function())


@pytest.mark.parametrize(("surface", "name", "function"), EVERY_FUNCTION, ids=_ids(EVERY_FUNCTION))
def test_min_cell_size_is_keyword_only(surface: str, name: str, function: Callable) -> None:
    """A disclosure threshold is never passed by position, so it is never passed by mistake."""
    parameter = inspect.signature(function).parameters.get("min_cell_size")
    if parameter is not None:
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: min_cell_size"


def test_one_named_segments() -> None:
    """Only one function in the package is called `named_segments`."""
    definitions = []
    for module_name in ("journey_utils.segmentation.model", "journey_utils.summary.page"):
        module = importlib.import_module(module_name)
        function = getattr(module, "named_segments", None)
        if inspect.isfunction(function) and function.__module__ == module_name:
            definitions.append(module_name)
    assert len(definitions) <= 1, f"named_segments defined in {definitions}"


def test_surface_names_are_the_functions_own_names() -> None:
    """No export is an alias: a surface name is the name the function was defined with."""
    aliased = [
        f"{surface}:{name}->{function.__name__}"
        for surface, name, function in ALL_FUNCTIONS
        if function.__name__ != name
    ]
    assert not aliased, aliased

"""The reports' Chinese font: Noto Sans CJK SC shipped by a pip package (SIL OFL 1.1), registered
with matplotlib so charts in Chinese show characters, not boxes, on any machine and without root.

The font comes from the ``noto-cjk-sans-otc`` package (NotoSansCJK-Regular.ttc, one collection
holding the SC, TC, HK, JP and KR faces); matplotlib 3.11 and newer register every face of a
collection, so the SC face is picked by name.
"""

from __future__ import annotations

import logging
import warnings
from importlib import resources
from pathlib import Path

from matplotlib import font_manager

FONT_PACKAGE = "noto_cjk_sans_otc"
"""Import name of the package that ships the font file."""

FONT_DISTRIBUTION = "noto-cjk-sans-otc"
"""Its name on PyPI (what `pip install` takes)."""

FONT_FILE = "NotoSansCJK-Regular.ttc"
"""The font file inside the package."""

CJK_FAMILIES: tuple[str, ...] = ("Noto Sans CJK SC", "Source Han Sans SC")
"""Families that set Simplified Chinese in the house design, best first (one design, two names)."""

INSTALL_COMMAND = f"pip install {FONT_DISTRIBUTION}"


class FontWarning(UserWarning):
    """Chinese text in charts will not render: the CJK font is not available."""


_RESOLVED: dict[str, str | None] = {}
"""Family found per font package, so registration and the warning happen once per process."""


def font_path(package: str = FONT_PACKAGE) -> Path | None:
    """The font file inside the installed package, or None when the package or file is missing."""
    try:
        path = Path(str(resources.files(package).joinpath(FONT_FILE)))
    except (ImportError, TypeError):
        return None
    return path if path.is_file() else None


def _families_from(path: Path) -> list[str]:
    """Family names matplotlib knows from one font file (every face of a collection)."""
    target = str(path)
    return [entry.name for entry in font_manager.fontManager.ttflist if str(entry.fname) == target]


def _pick_family(names: list[str]) -> str | None:
    """The best family among `names`: the SC face first, else any non-mono CJK face."""
    for family in CJK_FAMILIES:
        if family in names:
            return family
    cjk = [n for n in names if "CJK" in n and "Mono" not in n]
    return cjk[0] if cjk else (names[0] if names else None)


def _system_family() -> str | None:
    """A house CJK family that matplotlib already finds on the system (e.g. from apt)."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in known), None)


class _RegularOnlyFilter(logging.Filter):
    """Drops matplotlib's 'Failed to find font weight bold for <family>' log line: the packaged
    font ships Regular only, so bold titles use Regular, which needs no note under every chart."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        weight_miss = str(record.msg).startswith("findfont: Failed to find font weight")
        return not (weight_miss and len(args) > 1 and args[1] == self.family)


def _quiet_weight_notes(family: str) -> None:
    """Install the filter for `family` on matplotlib's font logger once."""
    logger = logging.getLogger(font_manager.__name__)
    if not any(isinstance(f, _RegularOnlyFilter) and f.family == family for f in logger.filters):
        logger.addFilter(_RegularOnlyFilter(family))


def register_cjk_font(package: str = FONT_PACKAGE) -> str | None:
    """Register the packaged CJK font with matplotlib once and return its family name; without
    the package, fall back to a system copy or warn once (never raise) and return None."""
    if package in _RESOLVED:
        return _RESOLVED[package]
    path = font_path(package)
    family: str | None
    if path is None:
        family = _system_family()
        if family is None:
            warnings.warn(
                f"Chinese chart text will show as boxes: CJK font package {FONT_DISTRIBUTION!r} "
                f"is not installed (run: {INSTALL_COMMAND})",
                FontWarning,
                stacklevel=2,
            )
    else:
        if not _families_from(path):
            font_manager.fontManager.addfont(path)
        family = _pick_family(_families_from(path))
        if family is not None:
            _quiet_weight_notes(family)
    _RESOLVED[package] = family
    return family


def cjk_family() -> str | None:
    """The CJK family charts use (registering it on first call), or None when none is available."""
    return register_cjk_font()


def font_stack(fallbacks: tuple[str, ...] = ()) -> list[str]:
    """The sans-serif list for rcParams: the registered CJK family first, then `fallbacks`,
    without repeats (so Latin-only fonts never come before the one that has the characters)."""
    family = cjk_family()
    names = [family] if family else []
    return list(dict.fromkeys([*names, *fallbacks]))

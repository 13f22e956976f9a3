"""Chinese in charts: the packaged Noto Sans CJK SC is registered at import, survives seaborn's
theme through apply_house_style, and no glyph is missing when a figure is drawn or saved."""

from __future__ import annotations

import re
import sys
import warnings
from io import BytesIO

import matplotlib

matplotlib.use("Agg")
import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
import seaborn as sns
from matplotlib import font_manager

from journey_utils import fonts, plotting, vocabulary
from journey_utils.catalog import STAGE_LABELS_ZH, STAGES

MISSING_GLYPH = re.compile(r"[Gg]lyph .*missing|missing from (current )?font")

ZH_WORDS = ("不良率", "申请完成率", "客户数", "审批时长（天）", "满意度")


@pytest.fixture(autouse=True)
def _restore_style():
    """Each test starts and ends in house style, whatever it did to rcParams."""
    with mpl.rc_context():
        plotting.apply_house_style()
        yield
    plt.close("all")


def _chinese_figure() -> plt.Figure:
    """A bar chart whose title, axis labels, tick labels and legend are all Chinese."""
    fig, ax = plotting.new_figure()
    labels = [vocabulary.stage_label(s, "zh") for s in STAGES]
    ax.bar(labels, range(len(labels), 0, -1), color=plotting.PALETTE[0], label="申请完成率")
    ax.set_title("贷款旅程漏斗：不良率与申请完成率")
    ax.set_xlabel("旅程阶段")
    ax.set_ylabel("客户数")
    ax.tick_params(axis="x", labelrotation=30)
    for i, word in enumerate(ZH_WORDS):
        ax.annotate(word, (i, 1))
    ax.legend()
    return fig


def _glyph_warnings(fig: plt.Figure) -> list[str]:
    """Messages of missing-glyph warnings raised while drawing and saving `fig` (PNG and SVG)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
        for fmt in ("png", "svg"):
            fig.savefig(BytesIO(), format=fmt)
    return [str(w.message) for w in caught if MISSING_GLYPH.search(str(w.message))]


def test_packaged_font_is_registered_at_import() -> None:
    assert fonts.font_path() is not None, f"font package missing: {fonts.INSTALL_COMMAND}"
    assert plotting.CJK_FAMILY == "Noto Sans CJK SC"
    packaged = [f for f in font_manager.fontManager.ttflist if f.fname == str(fonts.font_path())]
    assert "Noto Sans CJK SC" in {f.name for f in packaged}  # a system copy may also exist
    font_manager.findfont("Noto Sans CJK SC", fallback_to_default=False)  # resolvable


def test_registration_is_idempotent() -> None:
    before = len(font_manager.fontManager.ttflist)
    fonts._RESOLVED.clear()
    assert fonts.register_cjk_font() == "Noto Sans CJK SC"
    assert fonts.register_cjk_font() == "Noto Sans CJK SC"
    assert len(font_manager.fontManager.ttflist) == before


def test_house_style_puts_cjk_family_first() -> None:
    stack = mpl.rcParams["font.sans-serif"]
    assert stack[0] == plotting.CJK_FAMILY
    assert len(stack) == len(set(stack))


def test_chinese_chart_has_no_missing_glyphs() -> None:
    assert _glyph_warnings(_chinese_figure()) == []


def test_house_style_undoes_a_later_seaborn_theme() -> None:
    sns.set_theme()
    assert mpl.rcParams["font.sans-serif"][0] != plotting.CJK_FAMILY
    plotting.apply_house_style()
    assert mpl.rcParams["font.sans-serif"][0] == plotting.CJK_FAMILY
    assert _glyph_warnings(_chinese_figure()) == []


def test_plain_seaborn_theme_loses_chinese_so_the_check_can_fail() -> None:
    sns.set_theme()  # what an analyst might call after apply_house_style
    missing = _glyph_warnings(_chinese_figure())
    assert missing, "a Latin-only font stack should have raised missing-glyph warnings"
    assert any(f"Glyph {ord(STAGE_LABELS_ZH['approval'][0])} " in m for m in missing)


def test_latin_only_font_raises_missing_glyph_warning() -> None:
    mpl.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    assert _glyph_warnings(_chinese_figure())


def test_missing_font_package_warns_with_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, fonts.FONT_PACKAGE, None)  # import now fails
    monkeypatch.setattr(fonts, "_RESOLVED", {})
    monkeypatch.setattr(fonts, "_system_family", lambda: None)
    assert fonts.font_path() is None
    with pytest.warns(fonts.FontWarning, match=re.escape(fonts.INSTALL_COMMAND)) as record:
        assert fonts.register_cjk_font() is None
    assert len(record) == 1 and "\n" not in str(record[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once: a second call is silent
        assert fonts.register_cjk_font() is None
        assert fonts.font_stack(("DejaVu Sans",)) == ["DejaVu Sans"]


def test_missing_package_falls_back_to_a_system_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_RESOLVED", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fonts.register_cjk_font("journey_no_such_font_package") == "Noto Sans CJK SC"


def test_pick_family_prefers_sc_then_any_cjk_face() -> None:
    assert fonts._pick_family(["Noto Sans CJK JP", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert fonts._pick_family(["Noto Sans Mono CJK JP", "Noto Sans CJK JP"]) == "Noto Sans CJK JP"
    assert fonts._pick_family([]) is None


def test_bold_title_logs_no_weight_note(caplog: pytest.LogCaptureFixture) -> None:
    fig = _chinese_figure()  # house style titles are bold; the packaged font is Regular only
    fig.axes[0].set_title("粗体标题 bold title", fontweight="bold", fontsize=17.5)
    with caplog.at_level("WARNING", logger="matplotlib.font_manager"):
        fig.canvas.draw()
    assert not [r for r in caplog.records if "Failed to find font weight" in r.getMessage()]

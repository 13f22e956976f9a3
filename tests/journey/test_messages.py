"""The journey stage's message catalog: every key the package names exists, every key is named
somewhere, and known sentences read in both languages exactly as before the catalog (the expected
strings are the templates of b864f56, filled by hand)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

import journey_utils.journey as journey_package
from journey_utils.errors import InputError
from journey_utils.i18n import CATALOGS, column_words, data_name, sentence_name
from journey_utils.journey import readings
from journey_utils.journey.drivers import driver_name
from journey_utils.journey.messages import MESSAGES
from journey_utils.journey.paths import OTHER_VARIANTS

PACKAGE = Path(journey_package.__file__).parent
SOURCES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "messages.py")


def _is_catalog_call(node: ast.AST) -> bool:
    """MESSAGES(...) or MESSAGES.template(...)."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "MESSAGES"
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "template"
        and isinstance(func.value, ast.Name)
        and func.value.id == "MESSAGES"
    )


def _keys(node: ast.AST, names: dict[str, ast.AST]) -> list[tuple[str, bool]]:
    """The keys an argument can name: (key, False) for a literal, (prefix, True) for an f-string
    whose text starts with a literal prefix; a variable is followed to its assignment."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.value, False)]
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        assert isinstance(first, ast.Constant), (
            f"a catalog key must start with text: {ast.unparse(node)}"
        )
        return [(first.value, True)]
    if isinstance(node, ast.IfExp):
        return _keys(node.body, names) + _keys(node.orelse, names)
    if isinstance(node, ast.Name) and node.id in names:
        return _keys(names[node.id], names)
    raise AssertionError(f"cannot tell which catalog key this names: {ast.unparse(node)}")


def _scope(node: ast.AST) -> list[ast.AST]:
    """The nodes of one scope (a module or a function), without those of functions inside it."""
    nodes = []
    for child in ast.iter_child_nodes(node):
        nodes.append(child)
        if not isinstance(child, ast.FunctionDef | ast.ClassDef):
            nodes.extend(_scope(child))
    return nodes


def _named_keys() -> list[tuple[str, bool, str]]:
    """Every key (or key prefix) the package's modules pass to the catalog, with where."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [
            tree,
            *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)),
        ]
        for scope in scopes:
            nodes = _scope(scope)
            names = {
                t.id: n.value
                for n in nodes
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
            for node in nodes:
                if _is_catalog_call(node):
                    for key, prefix in _keys(node.args[0], names):
                        found.append((key, prefix, f"{path.name}:{node.lineno}"))
    return found


def test_the_catalog_is_registered_under_the_stage() -> None:
    assert CATALOGS["journey"] is MESSAGES


def test_every_key_the_package_names_is_in_the_catalog() -> None:
    named = _named_keys()
    assert len({k for k, _, _ in named}) > 50  # the parser sees the package's calls
    missing = [
        f"{where}: {key}{'*' if prefix else ''}"
        for key, prefix, where in named
        if not (any(k.startswith(key) for k in MESSAGES.entries) if prefix else key in MESSAGES)
    ]
    assert not missing, f"keys not in the journey catalog: {missing}"


def test_every_catalog_key_is_named_by_the_package() -> None:
    named = _named_keys()
    literals = {key for key, prefix, _ in named if not prefix}
    prefixes = {key for key, prefix, _ in named if prefix}
    unused = [
        key
        for key in MESSAGES.entries
        if key not in literals and not any(key.startswith(p) for p in prefixes)
    ]
    assert not unused, f"catalog keys no module uses: {unused}"


def _funnel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": ["information", "application", "due_diligence", "disbursed"],
            "stage_order": [1, 2, 3, 4],
            "cases": [1000, 800, 300, 250],
            "step_conversion": [1.0, 0.8, 0.375, 0.8333],
            "step_low": [float("nan"), 0.77, 0.345, 0.79],
            "step_high": [float("nan"), 0.82, 0.406, 0.87],
            "cumulative_conversion": [1.0, 0.8, 0.3, 0.25],
        }
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Of **1,000 cases** that began at information, **25.0%** ended with the loan "
            "disbursed (250 cases). The narrowest step is from application to due diligence: "
            "only 37.5% of cases get through (95% interval 34.5%–40.6%).",
        ),
        (
            "zh",
            "在从信息获取开始的 **1,000 个案件**中，**25.0%** 最终获得放款（250 个案件）。"
            "转化最窄的一步是从申请与初审到尽职调查：仅 37.5% 的案件通过（95% 置信区间 "
            "34.5%–40.6%）。",
        ),
    ],
)
def test_funnel_reading_reads_as_before(lang: str, expected: str) -> None:
    assert readings.funnel_reading(_funnel(), lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "In this log more cases reach disbursement than the stage before (cases skip "
            "stages), so those steps are counts, not conversions. Of **1,000 cases** that began "
            "at information, **25.0%** ended with the loan disbursed (250 cases). The narrowest "
            "step is from application to due diligence: only 37.5% of cases get through (95% "
            "interval 34.5%–40.6%).",
        ),
        (
            "zh",
            "本日志中放款的到达案件数多于上一阶段（案件会跳过阶段），这些步骤只显示案件数，"
            "不计算转化率。在从信息获取开始的 **1,000 个案件**中，**25.0%** 最终获得放款"
            "（250 个案件）。转化最窄的一步是从申请与初审到尽职调查：仅 37.5% 的案件通过"
            "（95% 置信区间 34.5%–40.6%）。",
        ),
    ],
)
def test_skipped_steps_are_named_as_before(lang: str, expected: str) -> None:
    funnel = _funnel()
    funnel.loc[3, "step_conversion"] = float("nan")
    assert readings.funnel_reading(funnel, lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Compared with Standard form (v1), cases of Simplified form (v2) convert differently "
            "at 1 step(s): disbursement +1.0 pp (95% interval −2.0 pp to +4.0 pp) (Holm-corrected, "
            "5% level).",
        ),
        (
            "zh",
            "与标准申请表相比，简化申请表的案件在 1 个步骤上转化率不同：放款 +1.0 个百分点"
            "（95% 置信区间 −2.0 个百分点 至 +4.0 个百分点）（Holm 校正，5% 显著性水平）。",
        ),
    ],
)
def test_comparison_reading_reads_as_before(lang: str, expected: str) -> None:
    comparison = pd.DataFrame(
        {"stage": ["disbursed"], "difference": [0.01], "diff_low": [-0.02], "diff_high": [0.04],
         "p_holm": [0.001]}
    )  # fmt: skip
    assert readings.comparison_reading(comparison, "v1_standard", "v2_simplified", lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "130 cases ended without a loan. Most of them stopped at **approval** (90 cases, "
            "69.2% of all drop-outs), mostly declined (70). A case counts as abandoned after "
            "60 days without activity.",
        ),
        (
            "zh",
            "130 个案件未获放款即结束。其中最多停在**审批与决策**（90 个案件，"
            "占全部流失的 69.2%），主要为银行拒绝（70）。案件连续 60 天无活动即视为客户放弃。",
        ),
    ],
)
def test_dropoff_reading_reads_as_before(lang: str, expected: str) -> None:
    dropoff = pd.DataFrame(
        {
            "stage": ["application", "application", "approval", "approval"],
            "outcome": ["abandoned", "in_progress", "declined", "withdrawn"],
            "cases": [40, 500, 70, 20],
        }
    )
    assert readings.dropoff_reading(dropoff, abandon_after_days=60, lang=lang) == expected


@pytest.mark.parametrize(
    ("by", "lang", "words"),
    [
        ("form_version", "en", "form version"),
        ("form_version", "zh", "申请表版本"),
        ("loan_type", "en", "loan type"),  # not in the catalog: as words in English ...
        ("loan_type", "zh", "loan_type"),  # ... and as the data spells it in Chinese
    ],
)
def test_survival_reading_names_the_split_as_before(by: str, lang: str, words: str) -> None:
    difference = pd.DataFrame({"by": [by], "chi2": [5.25], "df": [2], "p_value": [0.0004]})
    expected = {
        "en": f"Time to decision differs between {words} groups (log-rank χ² = 5.2, 2 df, "
        "p < 0.001).",
        "zh": f"不同{words}组之间的决策用时存在显著差异（log-rank χ² = 5.2，自由度 2，"
        "p < 0.001）。",
    }[lang]
    assert readings.survival_reading(difference, lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["information › application › declined", "other variants"]),
        ("zh", ["信息获取 › 申请与初审 › 银行拒绝", "其他路径"]),
    ],
)
def test_paths_read_in_the_report_language(lang: str, expected: list[str]) -> None:
    variants = pd.Series(["information › application › declined", OTHER_VARIANTS])
    assert readings.variant_labels(variants, lang).tolist() == expected


def test_timing_words_read_as_before() -> None:
    durations = pd.DataFrame(
        {"stage": ["application", "approval"], "median": [12.0, 0.0], "p90": [float("nan"), 0.0]}
    )
    empty = pd.DataFrame()
    assert readings.timing_reading(durations, empty) == (
        "Before the decision, **application** takes longest: median 12 days, and one case in "
        "ten takes more than more days than the data can show. The events of approval are "
        "recorded in the same instant: 0 days there."
    )
    assert readings.timing_reading(durations, empty, lang="zh") == (
        "在决策之前，**申请与初审**用时最长：中位数 12 天，十分之一的案件超过 "
        "超出数据可观测范围的天数。审批与决策的事件记录在同一时刻：用时为 0 天。"
    )


def test_driver_names_and_their_fallback() -> None:
    assert driver_name("personalised") == "personalised offer"
    assert driver_name("personalised", "zh") == "个性化报价"
    assert driver_name("channel=web_app", "zh") == "channel=web app"  # a control: as words


def test_names_from_the_data_follow_the_report_language() -> None:
    assert data_name("v1_standard", "zh") == "标准申请表"
    assert data_name("v1_standard", "en") == "Standard form (v1)"  # a code as words
    assert data_name("relationship_manager", "en") == "Relationship manager"
    assert data_name("BR001", "en") == "BR001"  # not a code the vocabulary words: as spelled
    assert sentence_name("Due diligence", "en") == "due diligence"
    assert sentence_name("Due diligence", "zh") == "Due diligence"
    assert column_words("form_version", "en") == "form version"
    assert column_words("form_version", "zh") == "form_version"


def test_an_unknown_report_language_is_refused() -> None:
    with pytest.raises(InputError, match="unknown report language"):
        readings.funnel_reading(_funnel(), lang="fr")

"""Where the report templates and the house stylesheet live, and the pages' labels in en / zh."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
REPORT_TEMPLATE = "journey_report"
PAGES_DIR = TEMPLATES_DIR / "journey_pages"
HOUSE_CSS = TEMPLATES_DIR / REPORT_TEMPLATE / "static" / "house.css"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "back": "All reports of this run",
        "all_runs": "All runs",
        "run_id": "Run",
        "as_of": "As of",
        "data_set": "Data set",
        "status": "Status",
        "started": "Started",
        "finished": "Finished",
        "duration": "Duration",
        "report": "Report",
        "notebook": "Notebook",
        "note": "Note",
        "params": "Parameters",
        "params_file": "Params file",
        "param": "Parameter",
        "value": "Value",
        "reports": "Reports",
        "runs": "Runs",
        "run_name": "Run name",
        "latest": "latest",
        "synthetic": "synthetic",
        "offline_warning": "fetches from the network",
        "footer": "Loan Journey Workbook",
        "title_run": "Run",
        "title_runs": "Loan Journey Workbook: all runs",
        "ok": "ok",
        "failed": "failed",
        "not run": "not run",
        "not_run_reason": "an earlier notebook failed",
        "skipped": "skipped",
        "method": "How this was computed: rules, features, diagnostics and model tables",
        "answer": "In short",
        "chart": "Chart: {heading}.",
        "chart_bare": "Chart:",
        "sentence_gap": " ",
        "reused": "reused from run",
        "title_front": "Loan journey reports",
        "run_facts": "About this run",
        "all_params": "All parameters",
        "period": "Period",
        "clients": "Clients",
        "language": "Language",
        "language_en": "English",
        "language_zh": "Chinese",
        "case_studies": "Case studies",
        "case_study_title": "Case study: {title}",
        "not_rerun_reason": "not re-run (--only) and no earlier run of these params has it",
        "reused_only": "reused from run {run} (not re-run: --only)",
        "reused_unchanged": "reused from run {run} (nothing it depends on changed)",
        "only_note": "Only {only} was run (--only); the other reports are copied from the "
        "latest earlier run of these params that has them.",
        "partial_note": "Incomplete: no earlier run has {missing}, so this run is not marked "
        "latest.",
    },
    "zh": {
        "back": "本次运行的全部报告",
        "all_runs": "全部运行",
        "run_id": "运行编号",
        "as_of": "数据截至",
        "data_set": "数据集",
        "status": "状态",
        "started": "开始",
        "finished": "结束",
        "duration": "用时",
        "report": "报告",
        "notebook": "笔记本",
        "note": "说明",
        "params": "参数",
        "params_file": "参数文件",
        "param": "参数",
        "value": "取值",
        "reports": "报告",
        "runs": "运行记录",
        "run_name": "运行名称",
        "latest": "最新",
        "synthetic": "模拟数据",
        "offline_warning": "需联网加载",
        "footer": "贷款旅程分析工作簿",
        "title_run": "运行",
        "title_runs": "贷款旅程分析工作簿：全部运行",
        "ok": "成功",
        "failed": "失败",
        "not run": "未运行",
        "not_run_reason": "前面的笔记本运行失败",
        "skipped": "已跳过",
        "method": "计算方法：规则、特征、诊断与模型明细",
        "answer": "要点",
        "chart": "图表：{heading}。",
        "chart_bare": "图表：",
        "sentence_gap": "",
        "reused": "沿用运行",
        "title_front": "贷款旅程分析报告",
        "run_facts": "本次运行概况",
        "all_params": "全部参数",
        "period": "数据期间",
        "clients": "客户数",
        "language": "语言",
        "language_en": "英文",
        "language_zh": "中文",
        "case_studies": "案例研究",
        "case_study_title": "案例研究：{title}",
        "not_rerun_reason": "未重新运行（--only），且此前各次运行均无此报告",
        "reused_only": "沿用运行 {run} 的报告（未重新运行：--only）",
        "reused_unchanged": "沿用运行 {run} 的报告（所依赖的内容均未变化）",
        "only_note": "本次仅运行了 {only}（--only）；"
        "其余报告复制自此前最近一次包含它们的同参数运行。",
        "partial_note": "本次运行不完整：此前没有任何运行包含 {missing}，"
        "因此本次运行不标记为最新。",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The pages' fixed wording in the report language (English if unknown)."""
    return LABELS.get(lang, LABELS["en"])


@cache
def house_css() -> str:
    """The house stylesheet shared by the reports and the index pages."""
    return HOUSE_CSS.read_text(encoding="utf-8")


def format_duration(seconds: float | None) -> str:
    """`12.3 s`, `4 min 05 s` or `–`."""
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def format_time(iso: str | None) -> str:
    """An ISO timestamp as pages show it: `2025-06-01 08:30:00 UTC` (`–` if unknown)."""
    if not iso:
        return "–"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"

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

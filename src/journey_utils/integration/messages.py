"""The integration report's text in English and Chinese (sources, charts, readings): one catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "integration",
    {
        # report.py: the sources and conformed tables as a reading names them (the English is
        # the code; a chart writes it in words)
        "source.clients": {"en": "clients", "zh": "客户"},
        "source.applications": {"en": "applications", "zh": "贷款申请"},
        "source.credit_history": {"en": "credit history", "zh": "信用记录"},
        "source.financials": {"en": "financials", "zh": "财务报表"},
        "source.stage_events": {"en": "stage events", "zh": "旅程阶段事件"},
        "source.loan_performance": {"en": "loan performance", "zh": "贷后表现"},
        "source.surveys": {"en": "surveys", "zh": "满意度调查"},
        "source.interactions": {"en": "interactions", "zh": "客户互动"},
        "source.digital_events": {"en": "digital events", "zh": "数字渠道行为"},
        "source.client_360": {"en": "client 360", "zh": "客户360视图"},
        "source.journey_log": {"en": "journey log", "zh": "旅程日志"},
        # report.py: chart words
        "rows_of": {"en": "  {q} of {n} rows", "zh": "  {n} 行中 {q} 行"},
        "intake_x": {"en": "share of received rows quarantined", "zh": "被隔离行占接收行的比例"},
        "intake_title": {"en": "Rows quarantined per source", "zh": "各数据源被隔离的行"},
        "intake_within": {"en": "Within the {target} target", "zh": "未超过 {target} 的目标"},
        "intake_above_target": {"en": "Above the {target} target", "zh": "高于 {target} 的目标"},
        "intake_above_alarm": {
            "en": "Above {alarm}: a data problem",
            "zh": "高于 {alarm}：数据有问题",
        },
        "none_quarantined": {"en": "No row was quarantined", "zh": "没有行被隔离"},
        "reasons_x": {"en": "rows quarantined", "zh": "被隔离行数"},
        "reasons_title": {"en": "Why rows were quarantined", "zh": "行被隔离的原因"},
        "top_of": {"en": " (top {n} of {total})", "zh": "（共 {total} 项，显示前 {n} 项）"},
        "none": {"en": "none", "zh": "无"},
        "missing_title": {"en": "Required columns: share missing", "zh": "必填列：缺失比例"},
        "invalid_title": {
            "en": "Share of values breaking the contract",
            "zh": "违反数据约定的值占比",
        },
        "as_of": {"en": " as of", "zh": " 数据截止日"},
        "ranges_title": {"en": "Date range of each source", "zh": "各数据源的日期范围"},
        # report.py: readings
        "intake": {
            "en": "We received **{rows} rows** across {sources} sources and accepted "
            "**{accepted}** of them; {quarantined} rows were set aside in quarantine with a "
            "reason. ",
            "zh": "本次共从 {sources} 个数据源接收 **{rows} 行**数据，"
            "其中 **{accepted}** 通过校验并入库；{quarantined} 行连同原因被移入隔离区。",
        },
        "worst": {
            "en": "The source with the most problems is **{source}** ({rate} of its rows "
            "quarantined). ",
            "zh": "问题最多的数据源是 **{source}**（{rate} 的行被隔离）。",
        },
        "similar": {
            "en": "Quarantine rates are similar across sources ({low} to {high}). ",
            "zh": "各数据源的隔离率相近（{low} 至 {high}）。",
        },
        "reconciles": {
            "en": "Every row is accounted for: rows in = accepted + quarantined for every source.",
            "zh": "每一行都有去向：每个数据源的接收行数 = 入库行数 + 隔离行数。",
        },
        "unreconciled": {
            "en": "**Warning: the counts do not reconcile for at least one source.**",
            "zh": "**警告：至少有一个数据源的行数无法对账。**",
        },
        "no_orphans": {
            "en": "Every record links to a known client or application: no orphans.",
            "zh": "每条记录都能关联到已知的客户或申请：没有孤立记录。",
        },
        "orphans": {
            "en": "{orphans} records pointed to a client or application we do not hold and were "
            "quarantined as orphans; most came from **{source}** ({worst}).",
            "zh": "{orphans} 条记录指向我们未持有的客户或申请，已作为孤立记录移入隔离区；"
            "其中大部分来自 **{source}**（{worst} 条）。",
        },
        "privacy": {
            "en": "**Privacy.** Company names, contact names, phone numbers, staff ids, unified "
            "social credit codes and client ids were replaced by keyed-hash pseudonyms at "
            "integration; free-text notes were removed. No report shows a raw identifier.",
            "zh": "**隐私保护。** 企业名称、联系人姓名、电话号码、员工编号、统一社会信用代码和"
            "客户编号已在数据整合时替换为带密钥的哈希假名；自由文本备注已删除。"
            "任何报告都不显示原始标识符。",
        },
        "demo_key": {
            "en": " **This run used the fixed demo key** (synthetic data, `JOURNEY_PSEUDO_KEY` "
            "not set): its pseudonyms are not secret. Real data requires a secret key.",
            "zh": " **本次运行使用了固定的演示密钥**（合成数据，未设置 `JOURNEY_PSEUDO_KEY`）："
            "其假名并不保密。真实数据必须使用保密密钥。",
        },
        "secret_key": {
            "en": " The key came from the environment (`JOURNEY_PSEUDO_KEY`) and is not stored.",
            "zh": " 密钥取自环境变量（`JOURNEY_PSEUDO_KEY`），且未被存储。",
        },
        "no_notes": {
            "en": "Every value was read as written: no unit had to be decided and no invisible "
            "character removed.",
            "zh": "所有值均按原样读取：无需判定时间单位，也没有删除不可见字符。",
        },
        "notes": {
            "en": "Reading took {n} step(s) beyond the contract, each named below; a value that "
            "could not be read unambiguously was quarantined instead, never guessed.",
            "zh": "读取时在数据约定之外做了 {n} 项处理，逐项列于下表；无法无歧义读取的值一律隔离，"
            "从不猜测。",
        },
        # report.py: what reading decided or cleaned (one per reading note), and the epoch units
        "note.epoch_unit": {
            "en": "whole numbers read as time since 1970 in {detail} (UTC)",
            "zh": "整数按 1970 年起的{detail}（UTC）读取",
        },
        "note.invisible_removed": {
            "en": "invisible characters (NUL, zero-width space, byte-order mark) removed from "
            "{detail} values",
            "zh": "已从 {detail} 个值中删除不可见字符（NUL、零宽空格、字节顺序标记）",
        },
        "epoch_unit.seconds": {"en": "seconds", "zh": "秒"},
        "epoch_unit.milliseconds": {"en": "milliseconds", "zh": "毫秒"},
        "epoch_unit.microseconds": {"en": "microseconds", "zh": "微秒"},
        "epoch_unit.nanoseconds": {"en": "nanoseconds", "zh": "纳秒"},
    },
)
"""Every text of the integration package in both report languages (ADR 0028)."""

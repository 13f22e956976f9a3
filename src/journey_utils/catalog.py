"""The nine source tables of DESIGN §3: names, default file names, columns and personal data.

One place that the generator, the contracts and the integration all read, so a column is named once.
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES: tuple[str, ...] = (
    "information",
    "application",
    "due_diligence",
    "approval",
    "contract_disbursement",
    "post_loan",
)
"""Canonical journey stages, in order (DESIGN §2)."""

STAGE_LABELS_ZH: dict[str, str] = {
    "information": "信息获取",
    "application": "申请与初审",
    "due_diligence": "尽职调查",
    "approval": "审批与决策",
    "contract_disbursement": "合同签署与放款",
    "post_loan": "贷后管理",
}

OUTCOMES: tuple[str, ...] = (
    "disbursed",
    "declined",
    "withdrawn",
    "abandoned",
    "in_progress",
    "ended",
)
"""Outcomes of an application. Raw sources never say `abandoned`: integration infers it.
`ended`: a case of an event log that maps no outcome, inactive past `abandon_after_days` — it
ended, but how (loan, refusal, drop-out) the log does not say."""

RAW_OUTCOMES: tuple[str, ...] = ("disbursed", "declined", "withdrawn", "in_progress")

CLASSIFICATIONS: tuple[str, ...] = ("normal", "special_mention", "substandard", "doubtful", "loss")
"""Chinese five-tier loan classification (正常, 关注, 次级, 可疑, 损失); NPL = last three."""

NPL_CLASSES: tuple[str, ...] = ("substandard", "doubtful", "loss")

INTERNAL_RATINGS: tuple[str, ...] = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C")

DIGITAL_CHANNELS: tuple[str, ...] = ("web", "app", "wechat", "call_centre")
DIGITAL_EVENT_TYPES: tuple[str, ...] = (
    "login",
    "product_page_view",
    "rate_calculator",
    "faq_view",
    "form_started",
    "form_saved",
    "form_submitted",
    "document_upload",
    "message_read",
)
INTERACTION_KINDS: tuple[str, ...] = ("rm_meeting", "branch_visit", "phone_call", "site_visit")
APPLICATION_CHANNELS: tuple[str, ...] = ("branch", "relationship_manager", "web", "app")
PRODUCTS: tuple[str, ...] = (
    "working_capital",
    "fixed_asset",
    "project_finance",
    "trade_finance",
    "sci_tech_loan",
    "inclusive_micro",
)
FORM_VERSIONS: tuple[str, ...] = ("v1_standard", "v2_simplified")
OWNERSHIP_TYPES: tuple[str, ...] = ("state_owned", "private", "foreign", "collective", "mixed")
REGIONS: tuple[str, ...] = (
    "north",
    "northeast",
    "east",
    "central",
    "south",
    "southwest",
    "northwest",
)
STAGE_STATUSES: tuple[str, ...] = ("entered", "completed")

INDUSTRIES: tuple[str, ...] = (
    "manufacturing",
    "wholesale_retail",
    "construction",
    "real_estate",
    "software_it",
    "biotech_pharma",
    "electronics",
    "agriculture",
    "transport_logistics",
    "energy_utilities",
    "textiles",
    "hospitality",
)
"""Industry codes of clients."""

TECH_CAPABLE_INDUSTRIES: tuple[str, ...] = (
    "manufacturing",
    "software_it",
    "biotech_pharma",
    "electronics",
    "energy_utilities",
)
"""Industries in which a firm can be certified high-tech (高新技术企业)."""

PROVINCE_REGION: dict[str, str] = {
    "北京市": "north",
    "天津市": "north",
    "河北省": "north",
    "山西省": "north",
    "内蒙古自治区": "north",
    "辽宁省": "northeast",
    "吉林省": "northeast",
    "黑龙江省": "northeast",
    "上海市": "east",
    "江苏省": "east",
    "浙江省": "east",
    "安徽省": "east",
    "福建省": "east",
    "江西省": "east",
    "山东省": "east",
    "河南省": "central",
    "湖北省": "central",
    "湖南省": "central",
    "广东省": "south",
    "广西壮族自治区": "south",
    "海南省": "south",
    "重庆市": "southwest",
    "四川省": "southwest",
    "贵州省": "southwest",
    "云南省": "southwest",
    "西藏自治区": "southwest",
    "陕西省": "northwest",
    "甘肃省": "northwest",
    "青海省": "northwest",
    "宁夏回族自治区": "northwest",
    "新疆维吾尔自治区": "northwest",
}
"""Provinces by their full registered name (省, 市, 自治区) and the region each lies in."""

PROVINCES: tuple[str, ...] = tuple(PROVINCE_REGION)
assert set(PROVINCE_REGION.values()) <= set(REGIONS), "a province lies in an unknown region"


@dataclass(frozen=True)
class SourceInfo:
    """What a source is: its grain, default file, columns in order, keys and personal columns."""

    name: str
    grain: str
    default_file: str
    default_encoding: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    personal: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()
    parent: tuple[str, str] | None = None
    """(foreign-key column, parent source) — rows whose key has no parent are orphans."""
    other_references: tuple[tuple[str, str], ...] = ()
    """Further (foreign-key column, parent source) pairs; a missing value is not checked."""
    same_owner: tuple[str, str, str] | None = None
    """(foreign key, parent source, column): the row's column must equal its parent's (a
    survey's client is the client of the application it rates)."""

    @property
    def references(self) -> tuple[tuple[str, str], ...]:
        """Every foreign key of the source: its parent first, then the others."""
        return ((self.parent,) if self.parent else ()) + self.other_references


SOURCES: dict[str, SourceInfo] = {
    s.name: s
    for s in (
        SourceInfo(
            "clients",
            "client",
            "clients.csv",
            "gbk",
            (
                "client_id",
                "uscc",
                "name",
                "contact_name",
                "contact_phone",
                "industry",
                "high_tech",
                "province",
                "region",
                "founded_on",
                "employees",
                "ownership",
                "listed",
                "home_branch_id",
            ),
            key=("client_id",),
            personal=("uscc", "name", "contact_name", "contact_phone"),
        ),
        SourceInfo(
            "financials",
            "client x fiscal year",
            "financials.csv",
            "utf-8",
            (
                "client_id",
                "fiscal_year",
                "revenue",
                "net_profit",
                "total_assets",
                "total_liabilities",
                "current_assets",
                "current_liabilities",
                "operating_cash_flow",
                "interest_expense",
            ),
            key=("client_id", "fiscal_year"),
            parent=("client_id", "clients"),
        ),
        SourceInfo(
            "credit_history",
            "client x as-of date",
            "credit_history.csv",
            "utf-8",
            (
                "client_id",
                "as_of_date",
                "internal_rating",
                "bureau_score",
                "past_loans",
                "max_dpd_24m",
                "defaulted_before",
                "inquiries_6m",
            ),
            key=("client_id", "as_of_date"),
            parent=("client_id", "clients"),
        ),
        SourceInfo(
            "digital_events",
            "event",
            "digital_events.parquet",
            "utf-8",
            ("event_id", "client_id", "ts", "channel", "event_type", "session_id"),
            key=("event_id",),
            parent=("client_id", "clients"),
        ),
        SourceInfo(
            "interactions",
            "offline touchpoint",
            "interactions.csv",
            "utf-8",
            ("interaction_id", "client_id", "ts", "kind", "staff_id", "duration_min", "notes"),
            key=("interaction_id",),
            personal=("staff_id",),
            free_text=("notes",),
            parent=("client_id", "clients"),
        ),
        SourceInfo(
            "applications",
            "application",
            "applications.csv",
            "utf-8",
            (
                "application_id",
                "client_id",
                "product",
                "requested_amount",
                "term_months",
                "channel",
                "branch_id",
                "form_version",
                "n_form_fields",
                "documents_requested",
                "personalised",
                "started_at",
                "submitted_at",
                "first_response_hours",
                "outcome",
                "decided_at",
                "approved_amount",
                "offered_rate",
                "offer_accepted",
                "disbursed_at",
            ),
            key=("application_id",),
            parent=("client_id", "clients"),
        ),
        SourceInfo(
            "stage_events",
            "application x stage event",
            "stage_events.parquet",
            "utf-8",
            ("application_id", "stage", "status", "ts"),
            key=("application_id", "stage", "status", "ts"),
            parent=("application_id", "applications"),
        ),
        SourceInfo(
            "loan_performance",
            "loan x month",
            "loan_performance.parquet",
            "utf-8",
            ("application_id", "month", "balance", "dpd", "classification"),
            key=("application_id", "month"),
            parent=("application_id", "applications"),
        ),
        SourceInfo(
            "surveys",
            "survey response",
            "surveys.csv",
            "utf-8",
            ("response_id", "client_id", "application_id", "stage", "ts", "csat", "nps"),
            key=("response_id",),
            parent=("client_id", "clients"),
            other_references=(("application_id", "applications"),),
            same_owner=("application_id", "applications", "client_id"),
        ),
    )
}
"""All sources, in load order (parents before children)."""


LOG_COLUMNS: tuple[str, ...] = ("application_id", "client_id", "stage", "status", "ts", "outcome")
"""Columns every journey log has; anything else is a case attribute."""


def identifier_columns(name: str) -> tuple[str, ...]:
    """Columns of source `name` replaced by pseudonyms: its personal data and client_id."""
    info = SOURCES[name]
    extra = ("client_id",) if "client_id" in info.columns else ()
    return tuple(c for c in info.columns if c in info.personal or c in extra)

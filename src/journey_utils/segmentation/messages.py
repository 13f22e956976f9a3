"""The segmentation stage's report text in English and Chinese (ADR 0028), one catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "segmentation",
    {
        # shared separators
        "sentence_sep": {"en": " ", "zh": ""},
        "clause_sep": {"en": "; ", "zh": "；"},
        "list_sep": {"en": ", ", "zh": "、"},
        # features.py: each numeric feature's axis label and words above / below the portfolio
        # feature_label
        "feature_label.log_firm_age": {"en": "firm age", "zh": "成立年限"},
        "feature_label.log_employees": {"en": "employees", "zh": "员工人数"},
        "feature_label.high_tech": {"en": "high tech", "zh": "高新技术"},
        "feature_label.listed": {"en": "listed", "zh": "上市"},
        "feature_label.log_revenue": {"en": "revenue", "zh": "营业收入"},
        "feature_label.log_revenue_per_employee": {"en": "revenue per employee", "zh": "人均营收"},
        "feature_label.log_assets_to_revenue": {"en": "assets to revenue", "zh": "资产营收比"},
        "feature_label.leverage": {"en": "leverage", "zh": "资产负债率"},
        "feature_label.log_interest_cover": {"en": "interest cover", "zh": "利息保障倍数"},
        "feature_label.net_margin": {"en": "net margin", "zh": "净利率"},
        "feature_label.revenue_growth": {"en": "revenue growth", "zh": "营收增长率"},
        "feature_label.log_current_ratio": {"en": "current ratio", "zh": "流动比率"},
        "feature_label.rating_rank": {"en": "rating rank", "zh": "内部评级"},
        "feature_label.bureau_score": {"en": "bureau score", "zh": "征信评分"},
        "feature_label.past_loans": {"en": "past loans", "zh": "历史贷款"},
        "feature_label.defaulted_before": {"en": "defaulted before", "zh": "历史违约"},
        "feature_label.log_digital_events_12m": {
            "en": "digital events 12m",
            "zh": "数字渠道活跃度",
        },
        "feature_label.share_web_12m": {"en": "share web 12m", "zh": "网银占比"},
        "feature_label.share_app_12m": {"en": "share app 12m", "zh": "手机银行占比"},
        "feature_label.share_wechat_12m": {"en": "share wechat 12m", "zh": "微信占比"},
        "feature_label.share_call_centre_12m": {
            "en": "share call centre 12m",
            "zh": "客服中心占比",
        },
        "feature_label.log_interactions_12m": {
            "en": "interactions 12m",
            "zh": "客户经理与网点接触",
        },
        "feature_label.log_applications": {"en": "applications", "zh": "申请次数"},
        "feature_label.disbursed_share": {"en": "disbursed share", "zh": "放款占比"},
        # feature_higher
        "feature_higher.log_firm_age": {"en": "older firms", "zh": "成立更久"},
        "feature_higher.log_employees": {"en": "more employees", "zh": "员工更多"},
        "feature_higher.high_tech": {"en": "more high-tech", "zh": "高新技术企业更多"},
        "feature_higher.listed": {"en": "more often listed", "zh": "上市企业更多"},
        "feature_higher.log_revenue": {"en": "higher revenue", "zh": "营收更高"},
        "feature_higher.log_revenue_per_employee": {
            "en": "higher revenue per employee",
            "zh": "人均营收更高",
        },
        "feature_higher.log_assets_to_revenue": {"en": "asset-heavy", "zh": "重资产"},
        "feature_higher.leverage": {"en": "higher leverage", "zh": "杠杆更高"},
        "feature_higher.log_interest_cover": {"en": "better interest cover", "zh": "利息保障更强"},
        "feature_higher.net_margin": {"en": "higher margins", "zh": "利润率更高"},
        "feature_higher.revenue_growth": {"en": "faster growth", "zh": "增长更快"},
        "feature_higher.log_current_ratio": {"en": "more liquid", "zh": "流动性更好"},
        "feature_higher.rating_rank": {"en": "weaker internal rating", "zh": "内部评级更弱"},
        "feature_higher.bureau_score": {"en": "higher bureau score", "zh": "征信评分更高"},
        "feature_higher.past_loans": {"en": "more past loans", "zh": "历史贷款更多"},
        "feature_higher.defaulted_before": {"en": "more past defaults", "zh": "历史违约更多"},
        "feature_higher.log_digital_events_12m": {
            "en": "more digital activity",
            "zh": "数字渠道更活跃",
        },
        "feature_higher.share_web_12m": {"en": "more web use", "zh": "更多使用网上银行"},
        "feature_higher.share_app_12m": {"en": "more app use", "zh": "更多使用手机银行"},
        "feature_higher.share_wechat_12m": {"en": "more WeChat use", "zh": "更多使用微信"},
        "feature_higher.share_call_centre_12m": {
            "en": "more call-centre use",
            "zh": "更多使用客服中心",
        },
        "feature_higher.log_interactions_12m": {
            "en": "more RM and branch contact",
            "zh": "线下接触更多",
        },
        "feature_higher.log_applications": {"en": "more applications", "zh": "申请更多"},
        "feature_higher.disbursed_share": {
            "en": "more applications disbursed",
            "zh": "申请放款比例更高",
        },
        # feature_lower
        "feature_lower.log_firm_age": {"en": "younger firms", "zh": "成立更晚"},
        "feature_lower.log_employees": {"en": "fewer employees", "zh": "员工更少"},
        "feature_lower.high_tech": {"en": "less high-tech", "zh": "高新技术企业更少"},
        "feature_lower.listed": {"en": "rarely listed", "zh": "上市企业很少"},
        "feature_lower.log_revenue": {"en": "lower revenue", "zh": "营收更低"},
        "feature_lower.log_revenue_per_employee": {
            "en": "lower revenue per employee",
            "zh": "人均营收更低",
        },
        "feature_lower.log_assets_to_revenue": {"en": "asset-light", "zh": "轻资产"},
        "feature_lower.leverage": {"en": "lower leverage", "zh": "杠杆更低"},
        "feature_lower.log_interest_cover": {"en": "weaker interest cover", "zh": "利息保障更弱"},
        "feature_lower.net_margin": {"en": "lower margins", "zh": "利润率更低"},
        "feature_lower.revenue_growth": {"en": "shrinking revenue", "zh": "营收收缩"},
        "feature_lower.log_current_ratio": {"en": "less liquid", "zh": "流动性更差"},
        "feature_lower.rating_rank": {"en": "better rating", "zh": "内部评级更好"},
        "feature_lower.bureau_score": {"en": "lower bureau score", "zh": "征信评分更低"},
        "feature_lower.past_loans": {"en": "fewer past loans", "zh": "历史贷款更少"},
        "feature_lower.defaulted_before": {"en": "fewer past defaults", "zh": "历史违约更少"},
        "feature_lower.log_digital_events_12m": {
            "en": "less digital activity",
            "zh": "数字渠道较少使用",
        },
        "feature_lower.share_web_12m": {"en": "less web use", "zh": "较少使用网上银行"},
        "feature_lower.share_app_12m": {"en": "less app use", "zh": "较少使用手机银行"},
        "feature_lower.share_wechat_12m": {"en": "less WeChat use", "zh": "较少使用微信"},
        "feature_lower.share_call_centre_12m": {
            "en": "less call-centre use",
            "zh": "较少使用客服中心",
        },
        "feature_lower.log_interactions_12m": {
            "en": "less RM and branch contact",
            "zh": "线下接触更少",
        },
        "feature_lower.log_applications": {"en": "fewer applications", "zh": "申请更少"},
        "feature_lower.disbursed_share": {
            "en": "fewer applications disbursed",
            "zh": "申请放款比例更低",
        },
        # features.py: the feature audit (blocks, themes, rules) and its reading
        "block.structural": {"en": "structural", "zh": "结构性"},
        "block.descriptive": {"en": "descriptive", "zh": "描述性"},
        "block.categorical": {"en": "categorical", "zh": "类别型"},
        "theme.firmographics": {"en": "firmographics", "zh": "企业基本信息"},
        "theme.financials": {"en": "financials", "zh": "财务"},
        "theme.credit": {"en": "credit", "zh": "信用"},
        "theme.behaviour": {"en": "behaviour", "zh": "行为"},
        "theme.journey": {"en": "journey", "zh": "客户旅程"},
        "rule_dropped": {"en": "dropped: {reason}", "zh": "已剔除：{reason}"},
        "drop_reason.all_missing": {"en": "all values missing", "zh": "全部缺失"},
        "drop_reason.single_value": {
            "en": "a single value, no information",
            "zh": "只有单一取值，无信息量",
        },
        "audit_rule.missing_level": {
            "en": "missing as its own level '{level}'",
            "zh": "缺失值单列为“{level}”类别",
        },
        "audit_rule.imputed": {
            "en": "median imputed, missing indicator added",
            "zh": "以中位数填补，并加缺失标记",
        },
        "audit_rule.complete": {"en": "complete", "zh": "无缺失"},
        "dropped_item": {"en": "{feature} ({reason})", "zh": "{feature}（{reason}）"},
        "audit_blocks": {
            "en": "{used} features describe each client: {structural} structural (firmographics "
            "and financials, full weight), {descriptive} descriptive (credit, behaviour, journey; "
            "weight {weight}) and {categorical} categorical (one-hot).",
            "zh": "每个客户由 {used} 个特征描述：{structural} 个结构性特征（企业基本信息与财务，"
            "全权重）、{descriptive} 个描述性特征（信用、行为、客户旅程；权重 {weight}）和 "
            "{categorical} 个类别型特征（独热编码）。",
        },
        "audit_none_missing": {
            "en": "No feature has missing values.",
            "zh": "没有特征存在缺失值。",
        },
        "audit_imputed": {
            "en": "{n} have missing values, filled by the median (numeric, with a missing flag) "
            "or a 'missing' level (categorical); the most is {top} ({count} clients, {share}).",
            "zh": "{n} 个特征有缺失值，数值型以中位数填补（并加缺失标记），类别型单列"
            "“missing”类别；缺失最多的是 {top}（{count} 户客户，{share}）。",
        },
        "audit_none_dropped": {"en": "No feature had to be dropped.", "zh": "没有特征需要剔除。"},
        "audit_dropped": {"en": "Dropped: {listed}.", "zh": "已剔除：{listed}。"},
        # model.py: diagnostics across k
        "k_panel_inertia": {"en": "Inertia per client (elbow)", "zh": "簇内离差（肘部）"},
        "k_panel_silhouette": {"en": "Silhouette (higher is better)", "zh": "轮廓系数（越高越好）"},
        "k_panel_bic": {
            "en": "BIC, Gaussian mixture (lower is better)",
            "zh": "BIC（高斯混合，越低越好）",
        },
        "k_empty": {
            "en": "Too few clients to compare numbers of segments.",
            "zh": "客户太少，无法比较不同的分群数。",
        },
        "k_no_chosen": {
            "en": "The silhouette is highest at k = {sil_k} ({sil}); the BIC is lowest at "
            "k = {bic_k}.",
            "zh": "轮廓系数在 k = {sil_k} 时最高（{sil}）；BIC 在 k = {bic_k} 时最低。",
        },
        "k_chosen": {
            "en": "The run uses k = {k} segments. Their silhouette is {sil} (the highest across "
            "k = {k_min}–{k_max} is {best_sil}, at k = {sil_k}).",
            "zh": "本次运行分为 k = {k} 个客户群，轮廓系数为 {sil}（k = {k_min}–{k_max} 中最高为 "
            "{best_sil}，出现在 k = {sil_k}）。",
        },
        "k_elbow": {
            "en": "Going from {k_prev} to {k} segments cuts the within-segment spread by "
            "{before}; one more segment (to {k_next}) would cut it by only {after}.",
            "zh": "从 {k_prev} 个增至 {k} 个分群使群内离差下降 {before}；"
            "再增加一个（至 {k_next} 个）只能再下降 {after}。",
        },
        "k_no_elbow": {
            "en": "Going from {k_prev} to {k} segments cuts the within-segment spread by "
            "{before}, and one more segment would still cut it by {after}.",
            "zh": "从 {k_prev} 个增至 {k} 个分群使群内离差下降 {before}，再增加一个仍可下降 "
            "{after}。",
        },
        "k_bic_edge": {
            "en": "keeps falling up to k = {k_max}, so it names no best k here",
            "zh": "一直下降到 k = {k_max}，因此在此范围内没有给出最优 k",
        },
        "k_bic_at": {"en": "is lowest at k = {bic_k}", "zh": "在 k = {bic_k} 时最低"},
        "k_bic": {
            "en": "The Gaussian-mixture BIC {bic}; the Calinski–Harabasz score is highest at "
            "k = {ch_k}{few}.",
            "zh": "高斯混合模型的 BIC {bic}；Calinski–Harabasz 指数在 k = {ch_k} 时最高{few}。",
        },
        "k_few": {"en": " (it favours few segments)", "zh": "（该指标偏好较少的分群）"},
        # model.py: stability
        "stability_median": {"en": "median", "zh": "中位数"},
        "stability_threshold": {"en": "stable from", "zh": "稳定阈值"},
        "stability_axis": {
            "en": "Adjusted Rand index against the full fit",
            "zh": "调整兰德指数（与全量拟合相比）",
        },
        "stability_title": {
            "en": "Segment stability across resamples",
            "zh": "分群稳定性（重抽样）",
        },
        "stability_empty": {"en": "No resamples were drawn.", "zh": "未进行重抽样。"},
        "stability_verdict.stable": {
            "en": "stable: refitting on other clients gives essentially the same groups",
            "zh": "稳定：换一批客户重新拟合，得到的分群基本相同",
        },
        "stability_verdict.moderate": {
            "en": "only moderately stable: some groups shift when the clients change",
            "zh": "仅中等稳定：客户变化时部分分群会有移动",
        },
        "stability_verdict.unstable": {
            "en": "unstable: treat the segment boundaries with caution",
            "zh": "不稳定：分群边界需谨慎看待",
        },
        "stability_reading": {
            "en": "Across {n} refits on {clients} clients each, the agreement with the full "
            "segmentation (adjusted Rand index) has median {median}, ranging {low}–{high}. The "
            "segments are {verdict} (threshold {threshold}).",
            "zh": "在 {n} 次重抽样拟合中（每次 {clients} 户客户），与全量分群的一致性（调整兰德"
            "指数）中位数为 {median}，范围 {low}–{high}。分群{verdict}（阈值 {threshold}）。",
        },
        # model.py: the saved segments
        "segments_saved": {
            "en": "The segment of each of the {n} clients is saved as `{file}` (client_id, "
            "segment, names) with the fitted model (`{model}`) beside it in the run's processed "
            "folder: the risk, case-study and funnel notebooks read the same segments, and "
            "`predict_segments` places a new client without refitting.",
            "zh": "{n} 户客户各自的分群已保存为 `{file}`（client_id、分群编号、名称），拟合好的模型"
            "（`{model}`）保存在同一处理数据目录：风险、案例研究与漏斗分析使用同一套分群，"
            "`predict_segments` 无需重新拟合即可为新客户分群。",
        },
        # profiles.py: key features of a profile card
        "key_feature": {"en": "{words} ({d:+.1f} SD)", "zh": "{words}（{d:+.1f} 个标准差）"},
        "close_to_portfolio": {"en": "close to the portfolio", "zh": "与全量客户接近"},
        # profiles.py: segment names (lifecycle, qualifier, noun; told apart when shared)
        "name_word_sep": {"en": " ", "zh": ""},
        "qualifier_high_tech": {"en": "high-tech", "zh": "科技型"},
        "noun_firms": {"en": "firms", "zh": "企业"},
        "noun_tech_firms": {"en": "tech firms", "zh": "科技企业"},
        "noun_mixed_industry": {"en": "mixed-industry firms", "zh": "多行业企业"},
        "industry_pair": {"en": "{first} and {second}", "zh": "{first}与{second}"},
        "pair_shared_word": {"en": "", "zh": "企业"},
        "name_told_apart": {"en": "{name}, {word}", "zh": "{word}的{name}"},
        "name_numbered": {"en": "{name} ({segment})", "zh": "{name}（{segment}）"},
        "industry_noun.manufacturing": {"en": "manufacturers", "zh": "制造企业"},
        "industry_noun.wholesale_retail": {"en": "traders", "zh": "商贸企业"},
        "industry_noun.software_it": {"en": "software firms", "zh": "软件企业"},
        "industry_noun.electronics": {"en": "electronics makers", "zh": "电子企业"},
        "industry_noun.biotech_pharma": {"en": "biotech firms", "zh": "生物医药企业"},
        "industry_noun.construction": {"en": "builders", "zh": "建筑企业"},
        "industry_noun.real_estate": {"en": "property developers", "zh": "房地产企业"},
        "industry_noun.energy_utilities": {"en": "utilities", "zh": "能源公用企业"},
        "industry_noun.transport_logistics": {"en": "logistics firms", "zh": "物流企业"},
        "industry_noun.agriculture": {"en": "agri-businesses", "zh": "农业经营主体"},
        "industry_noun.hospitality": {"en": "hospitality businesses", "zh": "餐饮住宿企业"},
        "industry_noun.textiles": {"en": "textile makers", "zh": "纺织企业"},
        "ownership_word.state_owned": {"en": "state-owned", "zh": "国有"},
        "ownership_word.foreign": {"en": "foreign-owned", "zh": "外资"},
        "ownership_word.collective": {"en": "collective", "zh": "集体"},
        "ownership_word.mixed": {"en": "mixed-ownership", "zh": "混合所有制"},
        "lifecycle_word.start_up": {"en": "young", "zh": "初创"},
        "lifecycle_word.fast_growing": {"en": "fast-growing", "zh": "高成长"},
        "lifecycle_word.mature": {"en": "mature", "zh": "成熟"},
        "lifecycle_word.declining": {"en": "declining", "zh": "衰退"},
        "lifecycle_word.established": {"en": "", "zh": ""},
        "size_word.micro": {"en": "micro", "zh": "小微"},
        "size_word.small": {"en": "small", "zh": "小型"},
        "size_word.mid": {"en": "", "zh": ""},
        "size_word.large": {"en": "large", "zh": "大型"},
        "distinguisher.median_net_margin": {"en": "loss-making", "zh": "亏损"},
        "distinguisher.median_revenue_growth": {"en": "fastest-growing", "zh": "增长最快"},
        "distinguisher.median_firm_age": {"en": "newest", "zh": "最年轻"},
        "distinguisher.median_employees": {"en": "largest", "zh": "规模最大"},
        # profiles.py: strategy cells (product, limit and repayment, risk model, channel),
        # the source case's three seed rules and their words in the reading
        "product.low_threshold": {
            "en": "Low-threshold products: inclusive micro loans / starter credit, light documents",
            "zh": "低门槛产品：普惠小微贷款 / 初创信用贷，材料从简",
        },
        "product.sci_tech": {
            "en": "Sci-tech loan (IP pledge, R&D-linked), working capital",
            "zh": "科技贷款（知识产权质押、与研发挂钩）、流动资金贷款",
        },
        "product.project_finance": {
            "en": "Project finance and syndicated fixed-asset loans",
            "zh": "项目融资与银团固定资产贷款",
        },
        "product.trade_finance": {
            "en": "Trade finance and revolving working capital",
            "zh": "贸易融资与循环流动资金贷款",
        },
        "product.agricultural": {
            "en": "Seasonal agricultural loans, supply-chain finance",
            "zh": "季节性农业贷款、供应链金融",
        },
        "product.development": {
            "en": "Secured development and fixed-asset loans",
            "zh": "有抵押的开发贷款与固定资产贷款",
        },
        "product.working_capital": {
            "en": "Working capital and fixed-asset loans",
            "zh": "流动资金贷款与固定资产贷款",
        },
        "limit.capped": {
            "en": "Limit capped to cash flow, collateral, amortising repayment, tighter covenants",
            "zh": "额度以现金流为上限，要求抵押，分期摊还，加严约束条款",
        },
        "limit.high_flexible": {
            "en": "High limit, flexible repayment (revolving line, grace periods, bullet options)",
            "zh": "高额度、灵活还款（循环额度、宽限期、可到期一次还本）",
        },
        "limit.small_start": {
            "en": "Small starting limit, raised with repayment history; monthly instalments",
            "zh": "起始额度小，随还款记录提额；按月分期",
        },
        "limit.by_rating": {
            "en": "Limit by rating and revenue; standard amortisation",
            "zh": "按评级和营收核定额度；标准分期摊还",
        },
        "risk_model.tech": {
            "en": "Specialised tech risk model (IP, R&D intensity, growth, equity backing)",
            "zh": "科技企业专属风险模型（知识产权、研发强度、成长性、股权投资背景）",
        },
        "risk_model.start_up": {
            "en": "Start-up scorecard (founders, cash runway, short history)",
            "zh": "初创企业评分卡（创始人、现金可支撑期、短经营历史）",
        },
        "risk_model.watch_list": {
            "en": "Standard scorecard plus early-warning watch list",
            "zh": "标准评分卡加预警观察名单",
        },
        "risk_model.standard": {"en": "Standard corporate scorecard", "zh": "标准对公评分卡"},
        "channel.dedicated_rm": {"en": "Dedicated relationship manager", "zh": "专属客户经理"},
        "channel.shared_rm": {
            "en": "Shared RM team with WeChat call-back",
            "zh": "客户经理团队服务加微信回访",
        },
        "channel.app": {"en": "Mobile app self-service", "zh": "手机银行自助服务"},
        "channel.web": {
            "en": "Online banking (web) with RM back-up",
            "zh": "网上银行，客户经理支持",
        },
        "channel.wechat": {"en": "WeChat mini-program and call-back", "zh": "微信小程序与回访"},
        "channel.branch": {"en": "Branch and call centre", "zh": "网点与客服中心"},
        "seed_rule.start_up": {"en": "start-ups: low threshold", "zh": "初创企业：低门槛"},
        "seed_rule.mature": {
            "en": "mature firms: high limits, flexible repayment",
            "zh": "成熟企业：高额度、灵活还款",
        },
        "seed_rule.high_tech": {
            "en": "high-tech: specialised risk model",
            "zh": "科技企业：专属风险模型",
        },
        "seed_rule.none": {"en": "none of the three", "zh": "三条规则均不适用"},
        "rule_words.start_up": {"en": "low-threshold products", "zh": "低门槛产品"},
        "rule_words.mature": {"en": "high limits and flexible repayment", "zh": "高额度与灵活还款"},
        "rule_words.high_tech": {
            "en": "the specialised tech risk model",
            "zh": "科技企业专属风险模型",
        },
        # profiles.py: profile reading and charts
        "profile_empty": {
            "en": "Every segment is below the minimum cell size, so no profile is shown.",
            "zh": "所有分群都低于最小单元格规模，因此不展示画像。",
        },
        "profile_largest": {
            "en": "{n} segments; the largest, *{name}*, holds {share} of clients ({features}).",
            "zh": "共 {n} 个分群；最大的是 *{name}*，占客户的 {share}（{features}）。",
        },
        "profile_npl": {
            "en": "NPL rates range from {low} (*{low_name}*) to {high} (*{high_name}*).",
            "zh": "各分群不良率从 {low}（*{low_name}*）到 {high}（*{high_name}*）不等。",
        },
        "profile_conversion": {
            "en": "Applications are disbursed most often for *{high_name}* ({high}) and least "
            "for *{low_name}* ({low}).",
            "zh": "申请放款比例最高的是 *{high_name}*（{high}），最低的是 *{low_name}*（{low}）。",
        },
        "map_colour_label": {"en": "SD from portfolio", "zh": "与全量的标准差"},
        "map_title": {
            "en": "Segment map: how each segment differs",
            "zh": "分群画像：与全量客户的差异",
        },
        "outcome_share": {"en": "share of clients", "zh": "客户占比"},
        "outcome_conversion": {"en": "applications disbursed", "zh": "放款转化率"},
        "outcome_npl": {"en": "NPL rate (clients with loans)", "zh": "不良率（有贷款客户）"},
        "outcomes_title": {
            "en": "Size, conversion and NPL by segment",
            "zh": "各分群：规模、转化与不良",
        },
        # profiles.py: strategy reading
        "strategy_none": {
            "en": "No segment matches the rule for {words}.",
            "zh": "没有分群适用“{words}”规则。",
        },
        "strategy_hit": {
            "en": "{words}: {names} ({share} of clients).",
            "zh": "{words}：{names}（占客户的 {share}）。",
        },
    },
)
"""Every report sentence, label and heading of segmentation/, by key."""

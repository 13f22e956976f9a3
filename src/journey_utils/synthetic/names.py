"""Chinese company names, contact names, mobile numbers and free-text notes, built vectorised."""

from __future__ import annotations

import numpy as np

TRADE_CHARS = tuple(
    "华鑫盛达恒泰宏瑞鼎丰兴隆源凯博新科智远航中天宇海金信诚德安利康永正广明通晟昊睿祥嘉和润"
    "聚百汇佳辰启星联创越峰景华振腾飞龙亿旺东南北阳光合众力胜富荣"
)
"""Characters of two-character trade names (字号)."""

INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "manufacturing": ("机械制造", "精密制造", "装备制造", "五金制品", "汽车零部件"),
    "wholesale_retail": ("商贸", "贸易", "供应链管理", "百货"),
    "construction": ("建设工程", "建筑工程", "市政工程", "路桥建设"),
    "real_estate": ("房地产开发", "置业", "地产"),
    "software_it": ("信息技术", "软件科技", "网络科技", "数据科技"),
    "biotech_pharma": ("生物医药", "生物科技", "医药科技"),
    "electronics": ("电子科技", "微电子", "光电科技", "智能科技"),
    "agriculture": ("农业发展", "农业科技", "生态农业"),
    "transport_logistics": ("物流", "运输", "国际货运代理"),
    "energy_utilities": ("能源", "电力", "新能源", "燃气"),
    "textiles": ("纺织", "服饰", "针织"),
    "hospitality": ("餐饮管理", "酒店管理", "文化旅游"),
}

SURNAMES = tuple("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
GIVEN_NAMES = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "丽娟",
    "国庆",
    "文博",
    "子涵",
    "雨轩",
    "浩然",
    "欣怡",
    "俊杰",
    "佳怡",
    "建国",
    "卫东",
    "红梅",
    "春生",
)
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
)

NOTE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "rm_meeting": (
        "与客户财务负责人面谈，了解{product}需求及用款计划。",
        "拜访客户，介绍我行普惠金融产品，客户表示将尽快提交申请。",
        "客户反映申请表格过于复杂，希望简化材料清单。",
        "与客户沟通授信方案，客户关注利率和还款方式。",
        "客户询问审批进度，已解释尽调安排。",
    ),
    "phone_call": (
        "电话回访，客户确认已收到补充材料清单。",
        "客户来电咨询利率，已告知参考LPR加点定价。",
        "电话通知客户补充近三年财务报表，客户联系电话{phone}。",
        "客户反馈等待时间较长，已安排专人跟进，联系人手机{phone}。",
        "电话确认客户收到审批结果。",
    ),
    "branch_visit": (
        "客户到网点递交营业执照及财务报表复印件。",
        "客户到网点咨询贷款产品，留下联系电话{phone}。",
        "客户到网点办理合同签署手续。",
    ),
    "site_visit": (
        "实地走访厂区，生产经营正常，存货充足。",
        "实地核查经营场所，与申报信息一致。",
        "贷后走访，企业订单稳定，现金流正常。",
        "实地查看抵押物，权属清晰，需补充评估报告。",
    ),
}
"""Short notes per interaction kind; `{phone}` is filled with a mobile number (personal data)."""

PRODUCT_WORDS: dict[str, str] = {
    "working_capital": "流动资金贷款",
    "fixed_asset": "固定资产贷款",
    "project_finance": "项目融资",
    "trade_finance": "贸易融资",
    "sci_tech_loan": "科技贷",
    "inclusive_micro": "普惠小微贷款",
}


def pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    """`n` strings drawn uniformly from `pool`, as an object array."""
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), size=n)]


def mobile_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` 11-digit mainland mobile numbers (prefix + 8 random digits)."""
    prefix = np.asarray(MOBILE_PREFIXES, dtype="U3")[rng.integers(0, len(MOBILE_PREFIXES), size=n)]
    tail = rng.integers(0, 100_000_000, size=n)
    return np.char.add(prefix, np.char.zfill(tail.astype("U8"), 8)).astype(object)


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` Chinese personal names (surname + given name)."""
    return pick(rng, SURNAMES, n) + pick(rng, GIVEN_NAMES, n)


def company_names(
    rng: np.random.Generator,
    city: np.ndarray,
    industry: np.ndarray,
    *,
    cooperative: np.ndarray,
    group: np.ndarray,
    listed: np.ndarray,
) -> np.ndarray:
    """City + trade name + industry word + legal form (有限公司 / 股份有限公司 / 集团 / 合作社)."""
    n = len(city)
    trade = pick(rng, TRADE_CHARS, n) + pick(rng, TRADE_CHARS, n)
    word = np.empty(n, dtype=object)
    for ind, words in INDUSTRY_WORDS.items():
        m = industry == ind
        if m.any():
            word[m] = pick(rng, words, int(m.sum()))
    form = np.where(listed, "股份有限公司", "有限公司").astype(object)
    form = np.where(group, "集团有限公司", form)
    word = np.where(cooperative, "农民专业", word)
    form = np.where(cooperative, "合作社", form)
    return city + trade + word + form

"""Provinces, cities with real administrative division codes, regions and the bank's branches."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journey_utils.catalog import PROVINCE_REGION, PROVINCES, REGIONS


@dataclass(frozen=True)
class City:
    """A city (or a municipality's district) where clients are registered."""

    province: str
    region: str
    name: str
    """Short name used in company names, e.g. 深圳."""
    admin_code: str
    """Real 6-digit administrative division code (GB/T 2260), e.g. 440300."""
    weight: float
    """Relative number of enterprise clients."""


# Cities of each province: (short name, admin code, weight). The provinces, in this order, and
# their regions are the catalog's.
_CITIES: dict[str, tuple[tuple[str, str, float], ...]] = {
    "北京市": (("北京", "110108", 3.0), ("北京", "110105", 2.5)),
    "天津市": (("天津", "120116", 1.8),),
    "河北省": (("石家庄", "130100", 1.2), ("唐山", "130200", 0.9), ("保定", "130600", 0.7)),
    "山西省": (("太原", "140100", 1.0), ("大同", "140200", 0.3)),
    "内蒙古自治区": (("呼和浩特", "150100", 0.6), ("包头", "150200", 0.5)),
    "辽宁省": (("沈阳", "210100", 1.2), ("大连", "210200", 1.1)),
    "吉林省": (("长春", "220100", 0.9), ("吉林", "220200", 0.3)),
    "黑龙江省": (("哈尔滨", "230100", 1.0), ("大庆", "230600", 0.3)),
    "上海市": (("上海", "310115", 3.0), ("上海", "310112", 1.5)),
    "江苏省": (("南京", "320100", 2.0), ("无锡", "320200", 1.4), ("苏州", "320500", 2.4)),
    "浙江省": (("杭州", "330100", 2.4), ("宁波", "330200", 1.5), ("温州", "330300", 1.0)),
    "安徽省": (("合肥", "340100", 1.4), ("芜湖", "340200", 0.5)),
    "福建省": (("福州", "350100", 1.0), ("厦门", "350200", 1.0), ("泉州", "350500", 0.9)),
    "江西省": (("南昌", "360100", 0.9), ("赣州", "360700", 0.4)),
    "山东省": (("济南", "370100", 1.4), ("青岛", "370200", 1.6), ("烟台", "370600", 0.8)),
    "河南省": (("郑州", "410100", 1.6), ("洛阳", "410300", 0.6)),
    "湖北省": (("武汉", "420100", 1.9), ("宜昌", "420500", 0.4)),
    "湖南省": (("长沙", "430100", 1.6), ("株洲", "430200", 0.4)),
    "广东省": (
        ("广州", "440100", 2.6),
        ("深圳", "440300", 3.0),
        ("佛山", "440600", 1.3),
        ("东莞", "441900", 1.3),
        ("珠海", "440400", 0.5),
    ),
    "广西壮族自治区": (("南宁", "450100", 0.9), ("柳州", "450200", 0.4)),
    "海南省": (("海口", "460100", 0.5),),
    "重庆市": (("重庆", "500112", 1.5), ("重庆", "500105", 0.8)),
    "四川省": (("成都", "510100", 2.2), ("绵阳", "510700", 0.4)),
    "贵州省": (("贵阳", "520100", 0.7),),
    "云南省": (("昆明", "530100", 0.9),),
    "西藏自治区": (("拉萨", "540100", 0.1),),
    "陕西省": (("西安", "610100", 1.6),),
    "甘肃省": (("兰州", "620100", 0.5),),
    "青海省": (("西宁", "630100", 0.2),),
    "宁夏回族自治区": (("银川", "640100", 0.3),),
    "新疆维吾尔自治区": (("乌鲁木齐", "650100", 0.6),),
}
assert tuple(_CITIES) == PROVINCES, "geography out of step with the catalog's provinces"

CITIES: tuple[City, ...] = tuple(
    City(prov, PROVINCE_REGION[prov], name, code, weight)
    for prov, cities in _CITIES.items()
    for name, code, weight in cities
)

CITY_PROVINCE = np.array([PROVINCES.index(c.province) for c in CITIES])
CITY_REGION = np.array([REGIONS.index(c.region) for c in CITIES])
CITY_WEIGHT = np.array([c.weight for c in CITIES])
CITY_NAME = np.array([c.name for c in CITIES], dtype=object)
CITY_ADMIN = np.array([c.admin_code for c in CITIES])

N_BRANCHES = 60


@dataclass(frozen=True)
class Branches:
    """The bank's branches: id, province index and region index of each."""

    branch_id: tuple[str, ...]
    province: np.ndarray
    region: np.ndarray

    def by_province(self) -> list[np.ndarray]:
        """Branch indices of each province (every province has at least one branch)."""
        return [np.flatnonzero(self.province == p) for p in range(len(PROVINCES))]

    def records(self) -> list[dict[str, str]]:
        return [
            {"branch_id": b, "province": PROVINCES[p], "region": REGIONS[r]}
            for b, p, r in zip(self.branch_id, self.province, self.region, strict=True)
        ]


def make_branches(rng: np.random.Generator, n_branches: int = N_BRANCHES) -> Branches:
    """One branch per province, the rest spread by the provinces' client weight; ids BR001..."""
    n_prov = len(PROVINCES)
    prov_weight = np.bincount(CITY_PROVINCE, weights=CITY_WEIGHT, minlength=n_prov)
    extra = rng.choice(n_prov, size=n_branches - n_prov, p=prov_weight / prov_weight.sum())
    province = np.sort(np.concatenate([np.arange(n_prov), extra]))
    region = np.array([REGIONS.index(PROVINCE_REGION[PROVINCES[p]]) for p in province])
    ids = tuple(f"BR{i + 1:03d}" for i in range(n_branches))
    return Branches(ids, province, region)

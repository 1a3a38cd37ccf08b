"""Every code the case domain stores, with the Chinese label residents and staff see.

One table per vocabulary, so the console, the CLI and resident messages agree on wording.
"""

from __future__ import annotations

CASE_TYPES: tuple[str, ...] = ("consultation", "complaint", "mediation", "clue", "suggestion")

TYPE_LABELS: dict[str, str] = {
    "consultation": "法律咨询",
    "complaint": "投诉/举报",
    "mediation": "矛盾纠纷调解申请",
    "clue": "问题线索",
    "suggestion": "意见建议",
}

STATUS_LABELS: dict[str, str] = {
    "new": "待受理",
    "accepted": "已受理",
    "in_progress": "办理中",
    "waiting_resident": "待您补充材料",
    "mediated": "调解成功",
    "mediation_failed": "调解未成功",
    "answered": "已答复",
    "closed": "已办结",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
# The office's work is done in these states: the resolve clock stops.
RESOLVED_STATUSES = frozenset({"mediated", "mediation_failed", "answered", "closed"})

# Categories are stored as these short Chinese words; routing rules refer to them.
CATEGORIES: tuple[str, ...] = ("邻里", "家庭", "婚姻", "劳动", "土地", "交通", "治安", "干部作风", "环境", "其他")
_CATEGORY_ALIASES: dict[str, str] = {
    "neighbour": "邻里", "neighbor": "邻里", "邻居": "邻里", "相邻": "邻里",
    "family": "家庭", "赡养": "家庭", "继承": "家庭", "抚养": "家庭",
    "marriage": "婚姻", "离婚": "婚姻", "彩礼": "婚姻",
    "labour": "劳动", "labor": "劳动", "工资": "劳动", "欠薪": "劳动", "工伤": "劳动",
    "land": "土地", "宅基地": "土地", "承包地": "土地", "山林": "土地",
    "traffic": "交通", "交通事故": "交通",
    "security": "治安", "public_order": "治安", "crime": "治安", "诈骗": "治安", "赌博": "治安", "打架": "治安",
    "official": "干部作风", "officials": "干部作风", "作风": "干部作风", "干部": "干部作风", "部门": "干部作风",
    "environment": "环境", "污染": "环境",
    "other": "其他",
}


def normalise_category(value: str | None) -> str | None:
    """Map an English code or a near-synonym onto one of ``CATEGORIES`` (unknown → 其他, empty → None)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value in CATEGORIES:
        return value
    return _CATEGORY_ALIASES.get(value.lower(), _CATEGORY_ALIASES.get(value, "其他"))


def type_label(case_type: str) -> str:
    return TYPE_LABELS.get(case_type, case_type)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)

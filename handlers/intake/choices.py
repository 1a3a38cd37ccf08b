"""Fields answered by picking from a list: the parties' relationship and the village.

Both accept the list number (3, ３, 三, 第三个) or the words residents use for an entry
(邻居 for 邻里, 石桥铺 for 石桥村), so nobody has to type the exact label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handlers.intake import notices
from handlers.intake.fields import Answer, Field, Outcome, choice_number, squash

# Relationship choices, in the order they are numbered; each is also the routing category.
RELATIONSHIPS: tuple[str, ...] = ("邻里", "家庭", "婚姻", "劳动", "土地", "其他")
_RELATIONSHIP_WORDS: dict[str, tuple[str, ...]] = {
    "邻里": ("邻里", "邻居", "隔壁", "相邻", "对门", "院坝"),
    "家庭": ("家庭", "家人", "家里", "兄弟", "姐妹", "父母", "老人", "子女", "儿子", "女儿", "儿媳", "赡养", "分家",
             "继承", "遗产", "亲戚", "婆媳"),
    "婚姻": ("婚姻", "夫妻", "离婚", "老公", "老婆", "丈夫", "妻子", "媳妇", "男人", "婆娘", "彩礼", "结婚"),
    "劳动": ("劳动", "工钱", "工资", "欠薪", "老板", "包工头", "工伤", "打工", "务工", "雇主", "厂里", "上班"),
    "土地": ("土地", "宅基地", "承包地", "山林", "林地", "地界", "界址", "边界", "田坎", "自留地", "田", "地"),
    "其他": ("其他", "其它", "别的", "都不是", "不知道", "说不清"),
}


def relationship_hint(text: str) -> str | None:
    """The one relationship ``text`` clearly names (为土地和邻居吵 names two: no hint).

    One-character words (地, 田) count only as a whole answer: inside a sentence they are
    everywhere (工地, 地方).
    """
    t = squash(text)
    found = {name for name, words in _RELATIONSHIP_WORDS.items()
             if name != "其他" and any(len(w) > 1 and w in t for w in words)}
    return found.pop() if len(found) == 1 else None


@dataclass
class RelationshipField(Field):
    """The parties' relationship, by number or word; it also sets the routing category."""

    key: str = "relationship"
    label: str = "双方关系"

    def prompt(self, values: Mapping[str, Any]) -> str:
        return notices.ASK_RELATIONSHIP

    def parse(self, answer: Answer) -> Outcome:
        number = choice_number(answer.text)
        if number is not None:
            if 1 <= number <= len(RELATIONSHIPS):
                return self._chosen(RELATIONSHIPS[number - 1])
            return Outcome(error=notices.RELATIONSHIP_AGAIN)
        t = squash(answer.text)
        exact = [name for name, words in _RELATIONSHIP_WORDS.items() if t in words]
        if exact:
            return self._chosen(exact[0])
        hint = relationship_hint(answer.text)
        if hint and len(t) <= 12:
            return self._chosen(hint)
        return Outcome(error=notices.RELATIONSHIP_AGAIN)

    @staticmethod
    def _chosen(name: str) -> Outcome:
        return Outcome(name, extra={"category": name})


_NOT_KNOWN = re.compile(r"^\s*(我)?(也)?(不晓得|不知道|不清楚|说不清|搞不清|记不得|忘了)(是)?"
                        r"(哪个|啥子?|什么)?(村|社区|地方)?(的|了)?[嘛哦啊呢。.!！？?]*\s*$")
""""不晓得是哪个村": a third QA pass found it asked again and again; the form goes on without one."""


@dataclass
class VillageField(Field):
    """The village or community, from the configured list, by number, name or alias.

    The value kept is ``{"id", "name"}``: the id for routing, the name for the summary.
    """

    ask: str = notices.ASK_VILLAGE
    key: str = "village"
    label: str = "村（社区）"

    def prompt(self, values: Mapping[str, Any]) -> str:
        return self.ask + "\n" + village_menu()

    def parse(self, answer: Answer) -> Outcome:
        from bot.cases.service import find_village

        if _NOT_KNOWN.match(answer.text):  # staff ask later; routing falls back to the township's office
            return Outcome({"id": None, "name": notices.VILLAGE_NOT_KNOWN})
        number = choice_number(answer.text)
        text = str(number) if number is not None else answer.text.strip()
        village = find_village(text) if text else None
        if village is None:
            return Outcome(error=notices.VILLAGE_AGAIN + "\n" + village_menu())
        return Outcome({"id": village.id, "name": village.name})

    def show(self, value: Any) -> str:
        return str(value.get("name", "")) if isinstance(value, dict) else str(value)


def village_menu() -> str:
    """The numbered village list, several to a line so it fits one phone screen."""
    from bot.cases.service import villages

    names = [f"{i}.{v.name}" for i, v in enumerate(villages(), start=1)]
    return "\n".join("  ".join(names[i:i + 3]) for i in range(0, len(names), 3))

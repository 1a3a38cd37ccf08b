"""The five intake forms as tables: which fields, in which order, under which condition.

Each form collects the minimum its case type needs (PIPL): a suggestion has no village, an
anonymous clue, suggestion or complaint no phone (an anonymous complaint no village either),
and only mediation asks about the other party. The
privacy notice (a consent field) comes before the first personal detail it covers. Adding a
form is adding a table here; the engine in :mod:`handlers.intake.engine` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from handlers.intake.choices import RelationshipField, VillageField
from handlers.intake.fields import ConsentField, DescriptionField, Field, OtherPartyField, PhoneField

Condition = Callable[[Mapping[str, Any]], bool]


def always(values: Mapping[str, Any]) -> bool:
    return True


def consented(values: Mapping[str, Any]) -> bool:
    """A phone is asked only of residents who agreed to leave one (not "匿名")."""
    return values.get("consent") == "yes"


@dataclass(frozen=True)
class Step:
    """One question; ``when`` decides from earlier answers whether it is asked, and ``depends``
    names the answer it waits on (until then it is counted in "第i步，共n步")."""

    field: Field
    when: Condition = always
    depends: str = ""

    @property
    def key(self) -> str:
        return self.field.key


@dataclass(frozen=True)
class Form:
    """One case type's conversation: the state is the key of the step being asked."""

    case_type: str
    title: str  # short name in replies: 投诉, 调解申请
    label: str  # in the summary heading
    intro: str  # first line when the form starts
    steps: tuple[Step, ...]
    menu_key: str

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def applicable(self, values: Mapping[str, Any]) -> list[Step]:
        return [s for s in self.steps if s.when(values)]

    def counted(self, values: Mapping[str, Any]) -> list[Step]:
        """The steps the resident may still be asked: applicable, or undecided yet."""
        return [s for s in self.steps if s.when(values) or (s.depends and s.depends not in values)]

    def details_keys(self) -> tuple[str, ...]:
        """Values that go into the case's ``details`` rather than a column of their own."""
        columns = {"description", "village", "phone", "consent"}
        return tuple(s.key for s in self.steps if s.key not in columns)


def _consent(collects: str, optional: bool = False) -> ConsentField:
    return ConsentField(collects=collects, optional=optional)


FORMS: dict[str, Form] = {
    form.case_type: form
    for form in (
        Form(
            "consultation", "法律咨询", "法律咨询", "好的，帮您约工作人员解答法律问题。",
            (
                Step(DescriptionField("请简单说说您想问什么事，比如“儿子不给赡养费怎么办”。打字或说话都可以。")),
                Step(_consent("您的村（社区）和手机号")),
                Step(VillageField()),
                Step(PhoneField()),
            ),
            "MENU_CONSULT",
        ),
        Form(
            "complaint", "投诉", "投诉/举报", "好的，帮您登记投诉/举报。",
            (
                Step(DescriptionField("请说说您要投诉什么事：什么时候、在哪里、谁、怎么回事。打字或说话都可以。")),
                # a complaint or report may be anonymous: the result still comes through the account
                Step(_consent("您的村（社区）和手机号（可以不留）", optional=True)),
                Step(VillageField(), when=consented, depends="consent"),
                Step(PhoneField(), when=consented, depends="consent"),
            ),
            "MENU_COMPLAINT",
        ),
        Form(
            "mediation", "调解申请", "矛盾纠纷调解申请",
            "好的，帮您申请调解。调解就是调解员请双方坐下来商量解决，不收费。",
            (
                Step(DescriptionField("请说说是什么纠纷，比如“邻居占了我家的路”。打字或说话都可以。")),
                Step(_consent("对方的称呼、你们的关系、您的村（社区）和手机号")),
                Step(OtherPartyField()),
                Step(RelationshipField()),
                Step(VillageField()),
                Step(PhoneField()),
            ),
            "MENU_MEDIATION",
        ),
        Form(
            "clue", "线索", "问题线索", "好的，帮您登记线索（路上、安全方面的隐患或违法的事）。",
            (
                Step(DescriptionField("请说说是什么情况、在哪里，比如“场口弯道护栏坏了”。也可以发照片和位置。")),
                Step(VillageField(ask="这件事在哪个村（社区）？回复前面的数字或村名就行：")),
                Step(_consent("手机号（可以不留）", optional=True)),
                Step(PhoneField(), when=consented, depends="consent"),
            ),
            "MENU_CLUE",
        ),
        Form(
            "suggestion", "意见建议", "意见建议", "好的，欢迎您提意见建议。",
            (
                Step(DescriptionField("请说说您的意见或建议。打字或说话都可以。", label="意见建议")),
                Step(_consent("手机号（可以不留）", optional=True)),
                Step(PhoneField(), when=consented, depends="consent"),
            ),
            "MENU_SUGGESTION",
        ),
    )
}

BY_MENU_KEY: dict[str, Form] = {form.menu_key: form for form in FORMS.values()}

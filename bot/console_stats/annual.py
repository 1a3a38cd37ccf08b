"""年度报告数据: the handful of numbers the township's annual rule-of-law report quotes.

Each number is counted with the same filter and subsets as the statistics page and carries
the :class:`Selection` of the cases behind it, so the report's author can open the list and
check (and a reader of the report can be shown where a number came from). Counted over
cases received in the calendar year; who may see which cases follows the console's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func

from bot.cases.clock import local
from bot.cases.models import Case
from bot.console.access import visible_cases
from bot.console_stats.caselist import Selection
from bot.console_stats.figures import Figures, faq_figures
from bot.console_stats.scope import StatsFilter, year_range
from bot.extensions import db
from bot.org.models import User


@dataclass(frozen=True)
class ReportLine:
    label: str
    value: int | float | None
    unit: str
    selection: Selection | None = None
    note: str = ""


def _line(label: str, unit: str, selection: Selection, user: User, at: datetime, note: str = "") -> ReportLine:
    return ReportLine(label, selection.count(user, at), unit, selection, note)


def report(year: int, user: User, at: datetime) -> list[ReportLine]:
    start, end = year_range(year)
    every = StatsFilter(start, end)
    consult = StatsFilter(start, end, case_type="consultation")
    disputes = StatsFilter(start, end, case_type="mediation")
    clues = StatsFilter(start, end, case_type="clue")
    mediated = _line("其中调解成功", "件", Selection(disputes, "mediated"), user, at)
    failed = Selection(disputes, "mediation-failed").count(user, at)
    decided = mediated.value + failed if isinstance(mediated.value, int) else 0
    rate = round(100.0 * mediated.value / decided, 1) if decided and isinstance(mediated.value, int) else None
    answered = faq_figures(Figures(), every)
    return [
        _line("受理群众各类诉求", "件", Selection(every), user, at),
        _line("提供法律咨询", "人次", Selection(consult), user, at, "群众通过公众号提交、由工作人员解答的法律咨询"),
        _line("排查矛盾纠纷", "件", Selection(disputes), user, at, "群众申请调解的矛盾纠纷"),
        mediated,
        ReportLine("调解成功率", rate, "%", None, f"调解成功 ÷（调解成功 + 调解不成），共 {decided} 件有结果"),
        _line("矛盾纠纷已办结", "件", Selection(disputes, "closed"), user, at),
        _line("群众反映隐患和问题线索", "件", Selection(clues), user, at),
        _line("其中已整改办结", "件", Selection(clues, "closed"), user, at),
        ReportLine("智能问答解答群众提问", answered.faq_answered, "人次", None,
                   f"公众号自动解答的法律问题；另有 {answered.faq_unanswered} 人次未能自动解答（已记录，供补充问答）"),
    ]


def years(user: User, today: date) -> list[int]:
    """Years that have cases the user can see, newest first (always including this year)."""
    first = db.session.scalar(visible_cases(user).with_only_columns(func.min(Case.created_at)))
    start = local(first).year if first is not None else today.year
    return list(range(today.year, min(start, today.year) - 1, -1))


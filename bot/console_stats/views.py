"""The statistics pages: figures with charts, the cases behind a number, the annual report
numbers, and the downloads. Leads and admins only (see ``scope``)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot import audit
from bot.cases.clock import local, now
from bot.cases.labels import CASE_TYPES, TYPE_LABELS
from bot.console.auth import current_staff, role_required
from bot.console_stats import annual, charts, exports
from bot.console_stats.answered import flush
from bot.console_stats.blueprint import bp
from bot.console_stats.caselist import COLUMNS, PAGE, Selection, row
from bot.console_stats.figures import Bar, compute
from bot.console_stats.scope import ROLES, StatsFilter, office_choices, parse, village_choices


def _filter() -> tuple[StatsFilter, list[str]]:
    return parse(request.args, current_staff(), local(now()).date())


def _choices() -> dict[str, Any]:
    return {"offices": office_choices(current_staff()), "villages": village_choices(),
            "types": [(t, TYPE_LABELS[t]) for t in CASE_TYPES]}


def link_for(flt: StatsFilter) -> Any:
    """A function giving the case-list URL of a bar (None when the bar stands for no cases)."""

    def link(bar: Bar) -> str | None:
        if bar.args is None:
            return None
        args: dict[str, Any] = {**flt.args(), **bar.args}
        return url_for("console_stats.cases", **args)

    return link


@bp.get("/")
@role_required(*ROLES)
def index() -> ResponseReturnValue:
    flt, problems = _filter()
    flush()  # today's answered questions are still only in Redis
    fig = compute(flt, current_staff(), now())
    link = link_for(flt)
    graphs = {
        "type": charts.bars(fig.by_type, "按类型", link),
        "office": charts.bars(fig.by_office, "按承办部门", link),
        "village": charts.bars(fig.by_village, "按村（社区）", link),
        "month": charts.columns(fig.by_month, "按月份", line=True, tick=lambda b: b.label.removesuffix("月")),
        "category": charts.bars(fig.by_category, "事项分类", link),
        "rating": charts.bars(fig.ratings, "评价分布", link),
        "tags": charts.bars(fig.faq_tags, "问答热点标签"),
    }
    return render_template("console_stats/index.html", fig=fig, flt=flt, problems=problems, graphs=graphs,
                           list_args=lambda **extra: {**flt.args(), **extra}, **_choices())


@bp.get("/cases")
@role_required(*ROLES)
def cases() -> ResponseReturnValue:
    flt, problems = _filter()
    selection = Selection.from_args(flt, request.args)
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < len(page) < 6 else 1
    at = now()
    user = current_staff()
    total = selection.count(user, at)
    rows = [row(c, at) for c in selection.cases(user, at, page=number)]
    pages = max(1, -(-total // PAGE))
    return render_template("console_stats/cases.html", selection=selection, flt=flt, problems=problems, rows=rows,
                           total=total, page=min(number, pages), pages=pages, columns=COLUMNS, **_choices())


@bp.get("/annual")
@role_required(*ROLES)
def annual_report() -> ResponseReturnValue:
    user, at = current_staff(), now()
    today = local(at).date()
    choices = annual.years(user, today)
    year_arg = request.args.get("year", "")
    year = int(year_arg) if year_arg.isdigit() and int(year_arg) in choices else today.year
    flush()
    lines = annual.report(year, user, at)
    return render_template("console_stats/annual.html", year=year, years=choices, lines=lines)


@bp.get("/export/<kind>.<fmt>")
@role_required(*ROLES)
def export(kind: str, fmt: str) -> ResponseReturnValue:
    """figures.csv / figures.xlsx / cases.csv / cases.xlsx for the current filter (audited)."""
    if kind not in {"figures", "cases"} or fmt not in {"csv", "xlsx"}:
        abort(404)
    flt, _ = _filter()
    user, at = current_staff(), now()
    name = exports.filename(kind, flt, fmt)
    if kind == "figures":
        flush()
        table = exports.figure_rows(compute(flt, user, at))
        audit.record(user, "stats.export", "stats:figures", {"filter": flt.args(), "format": fmt})
        if fmt == "csv":
            return exports.csv_response(exports.FIGURE_HEADER, table, name)
        return exports.xlsx_response([("统计", exports.FIGURE_HEADER, table)], name)
    selection = Selection.from_args(flt, request.args)
    found = [row(c, at) for c in selection.cases(user, at)]
    audit.record(user, "stats.export", "stats:cases", {"filter": selection.args(), "format": fmt, "count": len(found)})
    values = [[r[c] for c in COLUMNS] for r in found]
    if fmt == "csv":
        return exports.csv_response(COLUMNS, values, name)
    return exports.xlsx_response([("事项", COLUMNS, values)], name)

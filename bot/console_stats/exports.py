"""CSV and XLSX downloads of the figures and of the case list.

CSV is UTF-8 with a byte-order mark, or Excel on a township PC shows the Chinese as garbage.
Text that a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) gets a
leading apostrophe; names of villages and offices are typed by people, after all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response

from bot.console_stats.figures import Bar, Figures, Rate
from bot.console_stats.scope import StatsFilter

CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Row = tuple[str, str, Any]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _rate(section: str, label: str, rate: Rate) -> list[Row]:
    return [(section, f"{label}（件）", rate.part), (section, "应计件数", rate.whole),
            (section, f"{label}率（%）", rate.percent if rate.percent is not None else "")]


def _bars(section: str, bars: Iterable[Bar]) -> list[Row]:
    return [(section, b.label, b.value) for b in bars]


def figure_rows(fig: Figures) -> list[Row]:
    """The figures as (section, item, value) rows: the shape both formats write."""
    rows: list[Row] = [("总数", "收到事项（件）", fig.total)]
    rows += _bars("按类型", fig.by_type) + _bars("按承办部门", fig.by_office) + _bars("按村（社区）", fig.by_village)
    rows += _bars("按月份", fig.by_month) + _bars("事项分类（前十）", fig.by_category)
    rows += _rate("受理", "按时受理", fig.accepted) + _rate("办结", "按时办结", fig.closed)
    rows += [("办结", "已办结（件）", fig.closed_count),
             ("办结", "办理时长中位数（天）", fig.median_days if fig.median_days is not None else "")]
    rows += _rate("调解", "调解成功", fig.mediation)
    rows += [("群众评价", "平均分", fig.rating_average if fig.rating_average is not None else ""),
             ("群众评价", "评价件数", fig.rated)] + _bars("群众评价分布", fig.ratings)
    rows += [("智能问答", "已解答（人次）", fig.faq_answered), ("智能问答", "未能解答（人次）", fig.faq_unanswered)]
    rows += _bars("问答热点标签（前十）", fig.faq_tags)
    return rows


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_safe(v) for v in r] for r in rows)
    body = "\ufeff" + buffer.getvalue()
    return _download(body.encode("utf-8"), CSV_MIME, filename)


def xlsx_response(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], filename: str) -> Response:
    """A workbook with one sheet per (title, header, rows)."""
    from openpyxl import Workbook  # imported here: with numpy, ~25 MB more in every web process

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for r in rows:
            sheet.append([_safe(v) for v in r])
        for i, name in enumerate(header):
            sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = max(10, 2 * len(str(name)) + 4)
    buffer = io.BytesIO()
    book.save(buffer)
    return _download(buffer.getvalue(), XLSX_MIME, filename)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename(kind: str, flt: StatsFilter, ext: str) -> str:
    """ASCII only (older browsers mangle Chinese file names): fazhi-cases-2026-01-01-2026-12-31.csv."""
    return f"fazhi-{kind}-{flt.start.isoformat()}-{flt.end.isoformat()}.{ext}"


FIGURE_HEADER = ("分组", "项目", "数值")

"""`flask --app wsgi cases …`: list, reply, close, sla-check, dispatch, seed, holidays.

Phone and ID numbers in descriptions are masked in every output: terminals get copied into
chats and tickets.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from bot.cases.clock import aware, local
from bot.cases.models import Case, Holiday
from bot.cases.org_cli import lookup, offices_cli, users_cli, villages_cli
from bot.extensions import db
from bot.org.models import Office, User
from bot.privacy import mask_text

cases_cli = AppGroup("cases", help="Cases handed in by residents.")


def _case(number: str) -> Case:
    from bot.cases.service import find_case

    case = find_case(number)
    if case is None:
        raise click.ClickException(f"no case {number}")
    return case


def _user(username: str) -> User:
    return lookup(User, "username", username)


def _row(case: Case) -> dict[str, object]:
    return {
        "number": case.number, "type": case.case_type, "category": case.category, "status": case.status,
        "openid": case.openid, "village": case.village.name if case.village else None,
        "office": case.office.code if case.office else None, "phone": case.masked_phone,
        "description": mask_text(case.description), "created_at": aware(case.created_at).isoformat(),
        "overdue": case.overdue,
    }


@cases_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--office", "office_code", help="Only this office (code).")
@click.option("--status", help="Only this status (new, accepted, in_progress, …).")
@click.option("--limit", default=100, show_default=True)
def list_cases(as_json: bool, office_code: str | None, status: str | None, limit: int) -> None:
    """List cases, newest first."""
    query = select(Case).order_by(Case.created_at.desc(), Case.id.desc()).limit(limit)
    if office_code:
        query = query.join(Office, Case.office_id == Office.id).where(Office.code == office_code)
    if status:
        query = query.where(Case.status == status)
    for case in db.session.scalars(query):
        row = _row(case)
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            flag = " 超期" if case.overdue else ""
            click.echo(f"{case.number}  {case.type_label}  {case.status_label}{flag}  {row['office'] or '-'}  "
                       f"{row['village'] or '-'}  {str(row['description'])[:40]}")


@cases_cli.command("reply")
@click.argument("number")
@click.argument("text")
@click.option("--as", "username", required=True, help="Staff username the reply is from.")
def reply(number: str, text: str, username: str) -> None:
    """Send the resident a reply (customer-service message; waits if their window is closed)."""
    from bot.cases.service import staff_reply

    msg = staff_reply(_case(number), text, author=_user(username))
    click.echo(f"reply stored as message {msg.id} ({msg.status})")


@cases_cli.command("close")
@click.argument("number")
@click.option("--outcome", required=True, help="What was done; the resident is told.")
@click.option("--as", "username", default=None, help="Staff username (default: cli).")
def close(number: str, outcome: str, username: str | None) -> None:
    """Close a case and ask the resident to rate it."""
    from bot.cases.service import close_case

    close_case(_case(number), outcome=outcome, author=_user(username) if username else "cli")
    click.echo(f"{number} closed; rating requested")


@cases_cli.command("sla-check")
@click.option("--now", "now_iso", default=None, help="Pretend it is this time (ISO 8601; naive = township time).")
def sla_check_cmd(now_iso: str | None) -> None:
    """Flag overdue cases and alert their office leads."""
    from bot.cases.clock import local_zone
    from bot.cases.jobs import sla_check

    now = None
    if now_iso:
        parsed = datetime.fromisoformat(now_iso)
        now = (parsed if parsed.tzinfo else parsed.replace(tzinfo=local_zone())).astimezone(UTC)
    click.echo(f"{sla_check(now)} overdue alert(s) queued")


@cases_cli.command("dispatch")
@click.option("--loop", "interval", type=float, default=0, help="Keep dispatching every N seconds.")
def dispatch(interval: float) -> None:
    """Hand pending outbox rows to the queue (the worker also does this every CASE_TICK_SECONDS)."""
    from bot.cases.outbox import dispatch_outbox

    while True:
        click.echo(f"{dispatch_outbox()} job(s) enqueued")
        if interval <= 0:
            return
        db.session.remove()
        time.sleep(interval)


@cases_cli.command("seed")
def seed() -> None:
    """Add the offices, villages and routing rules from bot/data that are missing (idempotent)."""
    from bot.cases.seed import seed_all

    counts = seed_all()
    click.echo(", ".join(f"{k}: +{v}" for k, v in counts.items()))


@cases_cli.command("holiday")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--workday", is_flag=True, help="A make-up working day (调休) instead of a holiday.")
@click.option("--name", default=None)
def holiday(day: datetime, workday: bool, name: str | None) -> None:
    """Mark a public holiday, or a weekend make-up working day, for deadline counting."""
    d: date = day.date()
    row = db.session.get(Holiday, d) or Holiday(day=d)
    row.is_workday, row.name = workday, name
    db.session.add(row)
    db.session.commit()
    click.echo(f"{d} {'working day' if workday else 'holiday'}")


@cases_cli.command("show")
@click.argument("number")
def show(number: str) -> None:
    """A case and its history."""
    case = _case(number)
    click.echo(json.dumps(_row(case), ensure_ascii=False, indent=2))
    for event in case.events:
        click.echo(f"{local(event.at):%Y-%m-%d %H:%M}  {event.kind:<16} {event.author:<12} {mask_text(event.text)}")


def register(app: Flask) -> None:
    """Add the case, office, village and user command groups to ``app.cli``."""
    for group in (cases_cli, offices_cli, villages_cli, users_cli):
        app.cli.add_command(group)

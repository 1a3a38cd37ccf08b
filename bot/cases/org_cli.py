"""`flask --app wsgi offices|villages|users …`: the organisation as data, edited from the shell."""

from __future__ import annotations

from typing import TypeVar

import click
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bot.extensions import db
from bot.org.models import Office, User, Village

offices_cli = AppGroup("offices", help="Offices that handle cases.")
staff_cli = AppGroup("staff", help="Staff of an office.")
offices_cli.add_command(staff_cli)
villages_cli = AppGroup("villages", help="Villages and communities.")
users_cli = AppGroup("users", help="Staff accounts.")

KINDS = ("judicial", "police", "safety", "petition", "economic", "social", "village_mediation", "other")
ROLES = ("staff", "lead", "admin")
T = TypeVar("T")


def lookup(model: type[T], column: str, value: str) -> T:
    """The row of ``model`` whose ``column`` is ``value``, or a command error naming what is missing."""
    row = db.session.scalar(select(model).where(getattr(model, column) == value))
    if row is None:
        raise click.ClickException(f"no {model.__name__.lower()} {value}")
    return row


def _office(code: str) -> Office:
    return lookup(Office, "code", code)


def _village(code: str) -> Village:
    return lookup(Village, "code", code)


@offices_cli.command("list")
def offices_list() -> None:
    for o in db.session.scalars(select(Office).order_by(Office.village_id.is_not(None), Office.id)):
        people = ", ".join(f"{u.username}({u.role}{'' if u.on_duty else ',off'})" for u in o.staff) or "-"
        click.echo(f"{o.code:<14} {o.kind:<18} {'' if o.active else '[inactive] '}{o.name}  staff: {people}")


@offices_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--village", "village_code", default=None, help="Village code (for a mediation committee).")
@click.option("--phone", default=None)
def offices_add(code: str, name: str, kind: str, village_code: str | None, phone: str | None) -> None:
    if db.session.scalar(select(Office).where(Office.code == code)) is not None:
        raise click.ClickException(f"office {code} exists")
    village_id = _village(village_code).id if village_code else None
    db.session.add(Office(code=code, name=name, kind=kind, village_id=village_id, phone=phone))
    db.session.commit()
    click.echo(f"office {code} added")


@offices_cli.command("edit")
@click.argument("code")
@click.option("--name", default=None)
@click.option("--kind", type=click.Choice(KINDS), default=None)
@click.option("--phone", default=None)
@click.option("--active/--inactive", default=None)
def offices_edit(code: str, name: str | None, kind: str | None, phone: str | None, active: bool | None) -> None:
    office = _office(code)
    for attr, value in (("name", name), ("kind", kind), ("phone", phone), ("active", active)):
        if value is not None:
            setattr(office, attr, value)
    db.session.commit()
    click.echo(f"office {code} updated")


@staff_cli.command("add")
@click.argument("code")
@click.argument("username")
def staff_add(code: str, username: str) -> None:
    """Make USERNAME a member of office CODE."""
    office = _office(code)
    user = lookup(User, "username", username)
    if office not in user.offices:
        user.offices.append(office)
    db.session.commit()
    click.echo(f"{username} is staff of {code}")


@villages_cli.command("list")
def villages_list() -> None:
    for number, v in enumerate(db.session.scalars(select(Village).order_by(Village.sort_order, Village.id)), 1):
        aliases = "、".join(v.aliases or [])
        click.echo(f"{number:>2}. {v.code:<12} {v.name}{'' if v.active else ' [inactive]'}  {aliases}")


@villages_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True)
@click.option("--order", "sort_order", type=int, default=None, help="Position key (default: last).")
@click.option("--no-committee", is_flag=True, help="Do not create a mediation committee office.")
def villages_add(code: str, name: str, aliases: tuple[str, ...], sort_order: int | None, no_committee: bool) -> None:
    if db.session.scalar(select(Village).where((Village.code == code) | (Village.name == name))) is not None:
        raise click.ClickException(f"village {code} / {name} exists")
    if sort_order is None:
        last = db.session.scalar(select(Village.sort_order).order_by(Village.sort_order.desc()).limit(1))
        sort_order = (last or 0) + 10
    village = Village(code=code, name=name, aliases=list(aliases), sort_order=sort_order)
    db.session.add(village)
    db.session.flush()
    if not no_committee:
        db.session.add(Office(code=f"{code}-tw", name=f"{name}人民调解委员会", kind="village_mediation",
                              village_id=village.id))
    db.session.commit()
    click.echo(f"village {name} added")


@villages_cli.command("rename")
@click.argument("code")
@click.argument("new_name")
def villages_rename(code: str, new_name: str) -> None:
    """Rename a village; the old name stays an alias, and its committee is renamed too."""
    village = _village(code)
    old = village.name
    village.name = new_name
    village.aliases = [*[a for a in (village.aliases or []) if a != new_name], old]
    for office in db.session.scalars(select(Office).where(Office.village_id == village.id)):
        office.name = office.name.replace(old, new_name)
    db.session.commit()
    click.echo(f"{old} → {new_name}")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="staff", show_default=True)
@click.option("--office", "office_codes", multiple=True, help="Office code (repeatable).")
@click.option("--openid", default=None, help="WeChat OpenID for case notices.")
@click.option("--display-name", default=None)
def users_create(username: str, role: str, office_codes: tuple[str, ...], openid: str | None,
                 display_name: str | None) -> None:
    """Create a staff account. The password is asked for with a hidden prompt; it is never an
    argument, so it stays out of shell history and process lists."""
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise click.ClickException(f"user {username} exists")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("password must have at least 8 characters")
    user = User(username=username, display_name=display_name or username, role=role, wechat_openid=openid,
                password_hash=generate_password_hash(password, method="scrypt"))
    user.offices.extend(_office(code) for code in office_codes)
    db.session.add(user)
    db.session.commit()
    click.echo(f"user {username} ({role}) created")

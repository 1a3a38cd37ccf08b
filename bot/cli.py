"""Flask CLI commands owned by the foundation (`flask --app wsgi wechat ...`, `jobs ...`, `db-init`)."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from bot.schema import db_cli

wechat_cli = AppGroup("wechat", help="Talk to the WeChat platform.")
menu_cli = AppGroup("menu", help="The custom menu.")
jobs_cli = AppGroup("jobs", help="Background jobs.")
wechat_cli.add_command(menu_cli)


@menu_cli.command("push")
def menu_push() -> None:
    """Push the current menu to WeChat (menu/create): the version saved in the admin console,
    else bot/data/menu.yaml; checked first, audited as ``menu.push`` by ``cli``."""
    from bot.menu import push_menu

    menu = push_menu("cli")
    click.echo("菜单已推送 / menu pushed: " + ", ".join(b["name"] for b in menu["button"]))


@menu_cli.command("show")
def menu_show() -> None:
    """Print the menu as it would be pushed (the saved version, else bot/data/menu.yaml)."""
    from bot.menu import current_menu

    click.echo(json.dumps(current_menu(), ensure_ascii=False, indent=2))


@jobs_cli.command("failed")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def jobs_failed(as_json: bool) -> None:
    """List jobs in rq's failed registries of every configured queue."""
    from rq import Queue
    from rq.job import Job

    for name in current_app.config["QUEUES"]:
        queue = Queue(name, connection=current_app.redis)  # type: ignore[attr-defined]
        registry = queue.failed_job_registry
        for job_id in registry.get_job_ids():
            job = Job.fetch(job_id, connection=current_app.redis)  # type: ignore[attr-defined]
            exc = (job.exc_info or "").strip().splitlines()
            row = {"id": job.id, "queue": name, "func": job.func_name, "args": [str(a) for a in job.args],
                   "ended_at": job.ended_at.isoformat() if job.ended_at else None,
                   "error": exc[-1] if exc else ""}
            click.echo(json.dumps(row, ensure_ascii=False) if as_json else
                       f"{row['id']}  {row['queue']}  {row['func']}{tuple(row['args'])}  {row['error']}")


@click.command("db-init")
def db_init() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from bot.schema import upgrade

    upgrade("heads")
    click.echo("database ready")


@click.command("seed")
def seed() -> None:
    """Load the shipped defaults (offices, villages, routing, knowledge base); safe to repeat."""
    for name, seeder in current_app.extensions.get("fazhi.seeders", {}).items():
        click.echo(f"seeding {name}: {seeder()}")


def register_commands(app: Flask) -> None:
    app.cli.add_command(wechat_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(db_init)
    app.cli.add_command(db_cli)
    app.cli.add_command(seed)

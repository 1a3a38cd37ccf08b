"""``flask --app wsgi users token NAME``: issue (or revoke) a staff account's API token.

Added to the ``users`` command group of ``bot.cases.org_cli`` so account commands stay together.
"""

from __future__ import annotations

import click
from sqlalchemy import select

from bot import audit
from bot.api.tokens import issue_token, revoke_token
from bot.cases.org_cli import users_cli
from bot.extensions import db
from bot.org.models import User


@users_cli.command("token")
@click.argument("username")
@click.option("--revoke", is_flag=True, help="Remove the account's token instead of issuing a new one.")
def users_token(username: str, revoke: bool) -> None:
    """Issue a new API token for USERNAME (replacing any old one) and print it once."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no user {username}")
    if revoke:
        revoke_token(user)
        audit.record("cli", "api.token_revoked", f"user:{user.id}")
        click.echo(f"token of {username} revoked")
        return
    if not user.active:
        raise click.ClickException(f"user {username} is not active")
    token = issue_token(user)
    audit.record("cli", "api.token_issued", f"user:{user.id}")
    click.echo("API token (shown only now; keep it secret) / 访问令牌（只显示这一次，请妥善保管）：")
    click.echo(token)

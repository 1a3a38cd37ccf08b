"""Commands: ``flask --app wsgi kb import|export|seed|unanswered|history|restore|statutes import``
and ``flask --app wsgi bot explain``.

Thin wrappers over the service functions the admin console uses too; failures print
Chinese and English lines to stderr and exit non-zero, so ``make`` and scripts stop.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import AppGroup

KB_DATA = Path(__file__).resolve().parent / "data"
SEED_AUTHOR = "seed"

kb_cli = AppGroup("kb", help="Knowledge base: FAQ entries and statutes.")
statutes_cli = AppGroup("statutes", help="Statute texts (laws and articles).")
bot_cli = AppGroup("bot", help="Inspect what the bot does.")
kb_cli.add_command(statutes_cli)


def _fail(headline: str, lines: Iterable[str] = ()) -> NoReturn:
    click.echo(headline, err=True)
    for line in lines:
        click.echo(f"  {line}", err=True)
    sys.exit(1)


def _import(paths: list[Path], replace: bool, author: str, protect_others: bool = False) -> None:
    from knowledge.changes import import_files
    from knowledge.entries import EntryFileError

    try:
        result = import_files(paths, author=author, replace=replace, protect_others=protect_others)
    except EntryFileError as exc:
        _fail("导入失败，没有写入任何条目 / import failed, nothing was written:", (str(p) for p in exc.problems))
    click.echo(result.summary())
    _embed()


def _embed() -> None:
    """Embed new questions now rather than leave a big import to the worker (see service)."""
    said = embed_missing()
    if said:
        click.echo(said, err=True)


def embed_missing() -> str:
    """Embed the live questions without a stored vector; what happened, in one line ("" if nothing)."""
    from sqlalchemy.exc import SQLAlchemyError

    from knowledge.service import embed_all

    try:
        count = embed_all()
    except SQLAlchemyError as exc:  # e.g. a database not yet migrated to the vectors table
        return f"问题向量未保存，检索只用词语 / question vectors not stored, words-only search: {exc}"
    return f"embedded {count} questions" if count else ""


@kb_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Delete every entry not in the files (default: upsert by id).")
@click.option("--author", default="cli", show_default=True, help="Recorded in the entries' history.")
def kb_import(paths: tuple[Path, ...], replace: bool, author: str) -> None:
    """Import entries from YAML/CSV files or directories, all or nothing."""
    _import(list(paths), replace, author)


@kb_cli.command("seed")
@click.option("--author", default=SEED_AUTHOR, show_default=True)
def kb_seed(author: str) -> None:
    """Load the shipped knowledge base (knowledge/data), keeping entries others have changed."""
    _import([KB_DATA], False, author, protect_others=True)


def seed_statutes() -> str:
    """``flask seed``: statute texts from ``FAZHI_STATUTES_DIR`` (default ../shared/laws), once.

    The project ships no statute texts; a deployment imports current official texts with
    ``kb statutes import``. This only fills an empty statute store, e.g. for ``make run``.
    """
    import os

    from sqlalchemy import func, select

    from bot.extensions import db
    from knowledge.statute_store import Law, import_statutes

    if db.session.scalar(select(func.count()).select_from(Law)):
        return "already imported"
    directory = Path(os.environ.get("FAZHI_STATUTES_DIR") or KB_DATA.parents[2] / "shared" / "laws")
    if not directory.is_dir():
        return f"skipped ({directory} not found)"
    report = import_statutes(directory)
    return f"{len(report.counts)} laws, {report.total} articles" if report.ok else f"failed: {report.errors[0]}"


def seed_shipped() -> str:
    """``flask seed`` (``make run``): the shipped entries, never overwriting an admin's change."""
    from knowledge.changes import import_files

    summary = import_files([KB_DATA], author=SEED_AUTHOR, protect_others=True).summary()
    said = embed_missing()
    return f"{summary}; {said}" if said else summary


@kb_cli.command("export")
@click.argument("path", type=click.Path(path_type=Path))
def kb_export(path: Path) -> None:
    """Write every entry to PATH (.yaml/.yml or .csv)."""
    from knowledge.changes import all_entries
    from knowledge.entries import EntryFileError, write

    entries = all_entries()
    try:
        write(path, entries)
    except (EntryFileError, OSError) as exc:
        _fail("导出失败 / export failed:", [str(exc)])
    click.echo(f"已导出 {len(entries)} 条 / exported {len(entries)} entries to {path}")


@kb_cli.command("history")
@click.argument("entry_id")
def kb_history(entry_id: str) -> None:
    """List an entry's versions, newest first."""
    from knowledge.changes import history

    rows = history(entry_id)
    if not rows:
        _fail(f"没有条目 {entry_id} 的记录 / no history for {entry_id}")
    for row in rows:
        when = row.changed_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"v{row.version}  {row.action:<8} {when}  {row.changed_by}  {row.note}")


@kb_cli.command("restore")
@click.argument("entry_id")
@click.argument("version", type=int)
@click.option("--author", default="cli", show_default=True)
def kb_restore(entry_id: str, version: int, author: str) -> None:
    """Make an old version current again (recorded as a new version)."""
    from knowledge.changes import ChangeError, restore_entry

    try:
        result = restore_entry(entry_id, version, author)
    except ChangeError as exc:
        _fail("恢复失败 / restore failed:", [str(exc)])
    click.echo(f"{entry_id}: {result}")


@kb_cli.command("unanswered")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per group.")
@click.option("--days", default=30, show_default=True, help="Only questions of the last N days.")
def kb_unanswered(as_json: bool, days: int) -> None:
    """Questions the bot could not answer, grouped by similarity, biggest group first."""
    from knowledge.unanswered import unanswered_groups

    for group in unanswered_groups(days=days):
        if as_json:
            click.echo(json.dumps(group.to_dict(), ensure_ascii=False))
            continue
        picked = f", opened by {group.chosen} resident(s)" if group.chosen else ""
        closest = f"  (closest: {group.closest}{picked})" if group.closest else ""
        click.echo(f"{group.count:>4} × {group.examples[0]}{closest}")
        for example in group.examples[1:]:
            click.echo(f"       {example}")


@statutes_cli.command("import")
@click.argument("directory", type=click.Path(path_type=Path))
def statutes_import(directory: Path) -> None:
    """Import statute markdown files (one transaction; a broken file stops everything)."""
    from knowledge.statute_store import import_statutes

    report = import_statutes(directory)
    if not report.ok:
        _fail("法条导入失败，没有写入任何内容 / statute import failed, nothing was written:",
              (str(p) for p in report.errors))
    click.echo(f"已导入 {len(report.counts)} 部法律、{report.total} 条 / imported {len(report.counts)} laws, "
               f"{report.total} articles")


@bot_cli.command("explain")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message.")
def bot_explain(as_json: bool) -> None:
    """Read messages (one per line) from stdin; show what a new conversation would get."""
    from bot.explain import explain

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    _embed()
    keys = ("text", "handler", "faq_id", "score", "reply")
    stream = sys.stdin
    if not as_json:
        click.echo(f"{'handler':<13}{'faq_id':<36}{'score':>6}  message → reply")
    for line in iter(stream.readline, ""):
        if not line.strip():
            continue
        result = explain(app, line.rstrip("\n"))
        if as_json:
            click.echo(json.dumps({k: result[k] for k in keys}, ensure_ascii=False))
            continue
        score = "-" if result["score"] is None else f"{result['score']:.2f}"
        reply = (result["reply"] or "").replace("\n", " ")
        click.echo(f"{result['handler'] or '-':<13}{result['faq_id'] or '-':<36}{score:>6}  {result['text']}")
        click.echo(f"{'':<57}→ {reply[:80]}{'…' if len(reply) > 80 else ''}")


def register_commands(app: Flask) -> None:
    app.cli.add_command(kb_cli)
    app.cli.add_command(bot_cli)

"""Every change to the knowledge base goes through here: imports, console edits, deletes, restores.

One path means every change is recorded (full previous content, author, time) and bumps the
knowledge version, so no edit can slip past the history or past the other processes' indexes.
Functions are plain service calls for the CLI and the admin console alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.extensions import db
from bot.models import utcnow
from knowledge.entries import EntryData, load, parse_entry
from knowledge.models import FaqEntry, FaqEntryVersion
from knowledge.service import notify_changed


class ChangeError(ValueError):
    """A change that cannot be made (invalid content, unknown entry or version); message is zh / en."""


@dataclass
class ImportResult:
    """What an import changed, by entry id."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Entries left alone because someone else changed them since (seeding only)."""

    def summary(self) -> str:
        return (f"新增 {len(self.created)}，更新 {len(self.updated)}，删除 {len(self.deleted)}，"
                f"未变 {len(self.unchanged)}，保留他人修改 {len(self.kept)} / created {len(self.created)}, "
                f"updated {len(self.updated)}, deleted {len(self.deleted)}, unchanged {len(self.unchanged)}, "
                f"kept {len(self.kept)}")


def _last_change(entry_id: str) -> FaqEntryVersion | None:
    query = select(FaqEntryVersion).where(FaqEntryVersion.entry_id == entry_id)
    return db.session.scalars(query.order_by(FaqEntryVersion.version.desc()).limit(1)).first()


def _record(entry_id: str, version: int, action: str, content: dict[str, Any] | None,
            previous: dict[str, Any] | None, author: str, note: str) -> None:
    db.session.add(FaqEntryVersion(entry_id=entry_id, version=version, action=action, content=content,
                                   previous=previous, changed_by=author[:60], changed_at=utcnow(), note=note[:200]))


def _save(data: EntryData, author: str, note: str, action: str | None = None) -> str:
    """Create or update one entry without committing; returns created/updated/unchanged."""
    entry = db.session.get(FaqEntry, data.id)
    new = data.content()
    now = utcnow()
    if entry is None:
        last = db.session.scalar(select(func.max(FaqEntryVersion.version)).where(FaqEntryVersion.entry_id == data.id))
        entry = FaqEntry(id=data.id, version=(last or 0) + 1, created_at=now, updated_at=now, updated_by=author[:60])
        entry.set_content(new)
        db.session.add(entry)
        _record(data.id, entry.version, action or "create", new, None, author, note)
        return "created"
    old = entry.content()
    if old == new:
        return "unchanged"
    entry.set_content(new)
    entry.version += 1
    entry.updated_at, entry.updated_by = now, author[:60]
    _record(data.id, entry.version, action or "update", new, old, author, note)
    return "updated"


def _delete(entry: FaqEntry, author: str, note: str) -> None:
    _record(entry.id, entry.version + 1, "delete", None, entry.content(), author, note)
    db.session.delete(entry)


def _commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    notify_changed()


def validated(values: dict[str, Any]) -> EntryData:
    """Console input to ``EntryData``, or ``ChangeError`` listing every problem."""
    data, problems = parse_entry(values)
    if data is None:
        raise ChangeError("\n".join(f"{name or '-'}: {zh} / {en}" for name, (zh, en) in problems))
    return data


def save_entry(data: EntryData, author: str, note: str = "") -> str:
    """Create or update an entry (recording the previous content); created/updated/unchanged."""
    try:
        result = _save(data, author, note)
    except Exception:
        db.session.rollback()
        raise
    if result != "unchanged":
        _commit()
    return result


def delete_entry(entry_id: str, author: str, note: str = "") -> bool:
    """Delete an entry, keeping its last content in the history; False if there was none."""
    entry = db.session.get(FaqEntry, entry_id)
    if entry is None:
        return False
    _delete(entry, author, note)
    _commit()
    return True


def restore_entry(entry_id: str, version: int, author: str) -> str:
    """Make ``version``'s content current again, as a new version (history stays linear)."""
    row = db.session.scalar(
        select(FaqEntryVersion).where(FaqEntryVersion.entry_id == entry_id, FaqEntryVersion.version == version)
    )
    if row is None or row.content is None:
        raise ChangeError(f"条目 {entry_id} 没有可恢复的第 {version} 版 / entry {entry_id} has no version {version}")
    data = validated({"id": entry_id, **row.content})
    result = _save(data, author, f"restore of version {version}", action="restore")
    if result != "unchanged":
        _commit()
    return result


def history(entry_id: str) -> list[FaqEntryVersion]:
    """Every change to an entry, newest first."""
    query = select(FaqEntryVersion).where(FaqEntryVersion.entry_id == entry_id)
    return list(db.session.scalars(query.order_by(FaqEntryVersion.version.desc())))


def apply_entries(entries: Sequence[EntryData], *, author: str, replace: bool = False, protect_others: bool = False,
                  note: str = "") -> ImportResult:
    """Upsert ``entries`` by id (``replace``: and delete every other entry) in one transaction.

    ``protect_others`` (used by seeding) leaves alone entries whose last change was made by
    someone other than ``author``, so shipping a new knowledge base never overwrites an
    admin's edit or brings back an entry an admin deleted.
    """
    result = ImportResult()
    try:
        for data in entries:
            last = _last_change(data.id) if protect_others else None
            if last is not None and last.changed_by != author[:60]:
                result.kept.append(data.id)
                continue
            getattr(result, _save(data, author, note)).append(data.id)
        if replace:
            wanted = {e.id for e in entries}
            for entry in db.session.scalars(select(FaqEntry).where(FaqEntry.id.not_in(wanted))).all():
                _delete(entry, author, note)
                result.deleted.append(entry.id)
    except Exception:
        db.session.rollback()
        raise
    if result.created or result.updated or result.deleted:
        _commit()
    return result


def import_files(paths: Iterable[Path | str], *, author: str, replace: bool = False,
                 protect_others: bool = False) -> ImportResult:
    """Validate every file, then apply all entries at once (``EntryFileError`` if any problem)."""
    files = [Path(p) for p in paths]
    entries = [e.data for e in load(files)]
    note = "import " + ", ".join(p.name for p in files)
    return apply_entries(entries, author=author, replace=replace, protect_others=protect_others, note=note)


def all_entries() -> list[EntryData]:
    """Every entry, drafts and expired ones included, for export."""
    return [EntryData.from_model(e) for e in db.session.scalars(select(FaqEntry).order_by(FaqEntry.id))]

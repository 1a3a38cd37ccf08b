"""Statute texts in the database: import the corpus, look up articles, check citations.

Residents asking for "民法典第一千零七十九条" get the imported official wording, never a
paraphrase. Imports are all-or-nothing, so a broken file can never leave a law
half-replaced while residents are using the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.extensions import db
from knowledge.lookup import format_citation, parse_article_query, parse_citation, split_for_wechat
from knowledge.numerals import int_to_cn
from knowledge.statutes import (
    PRC,
    REPLACED_BY,
    StatuteFormatError,
    canonical_law_name,
    parse_corpus,
    parse_law_file,
    resolve_law_name,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Law(db.Model):  # type: ignore[name-defined,misc]
    """One law or regulation; 民法典 is a single law whose articles keep their book."""

    __tablename__ = "laws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str] = mapped_column(String(100), index=True)
    category: Mapped[str] = mapped_column(String(50), default="")
    source_file: Mapped[str] = mapped_column(String(1000), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    articles: Mapped[list[StatuteArticle]] = relationship(
        back_populates="law",
        order_by="StatuteArticle.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class StatuteArticle(db.Model):  # type: ignore[name-defined,misc]
    """One article, e.g. 第一千零七十九条; ``text`` excludes the label."""

    __tablename__ = "statute_articles"
    __table_args__ = (UniqueConstraint("law_id", "number", name="uq_statute_articles_law_id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("laws.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(30))
    book: Mapped[str | None] = mapped_column(String(50))
    part: Mapped[str | None] = mapped_column(String(100))
    chapter: Mapped[str | None] = mapped_column(String(100))
    section: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    law: Mapped[Law] = relationship(back_populates="articles")


@dataclass(frozen=True)
class ImportProblem:
    """Why a file was rejected, precise enough to fix the source text."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did: articles per law, or the problems that stopped it."""

    counts: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _problem(error: StatuteFormatError) -> ImportProblem:
    return ImportProblem(str(error.path), error.line, error.reason)


def _check_files(directory: Path) -> list[ImportProblem]:
    """Parse every file on its own first, so one run reports all broken files."""
    problems: list[ImportProblem] = []
    for path in sorted(directory.rglob("*.md")):
        if path.name.upper().startswith("README"):
            continue
        try:
            parse_law_file(path)
        except StatuteFormatError as error:
            problems.append(_problem(error))
    return problems


def import_statutes(directory: Path | str) -> ImportReport:
    """Import all statute files in one transaction; re-importing replaces a law's articles.

    Nothing is written when any file is malformed: the report lists file, line and
    reason instead. Laws in the database but not in ``directory`` are left alone.
    """
    directory = Path(directory)
    report = ImportReport()
    if not directory.is_dir():
        report.errors.append(ImportProblem(str(directory), 0, "directory not found"))
        return report
    report.errors.extend(_check_files(directory))
    if report.errors:
        return report
    try:
        laws = parse_corpus(directory)
    except StatuteFormatError as error:
        report.errors.append(_problem(error))
        return report
    now = utcnow()
    try:
        for parsed in laws:
            law = db.session.scalar(select(Law).where(Law.name == parsed.name))
            if law is None:
                law = Law(name=parsed.name)
                db.session.add(law)
            else:
                report.replaced.append(parsed.name)
                db.session.execute(delete(StatuteArticle).where(StatuteArticle.law_id == law.id))
            law.short_name = parsed.name.removeprefix(PRC)
            law.category = parsed.category
            law.source_file = ", ".join(str(p.relative_to(directory)) for p in parsed.sources)
            law.imported_at = now
            db.session.flush()
            rows = [
                {
                    "law_id": law.id,
                    "number": a.number,
                    "label": a.label,
                    "book": a.book,
                    "part": a.part,
                    "chapter": a.chapter,
                    "section": a.section,
                    "text": a.text,
                }
                for a in parsed.articles
            ]
            db.session.execute(insert(StatuteArticle), rows)
            report.counts[parsed.name] = len(rows)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def find_law(law_text: str) -> Law | None:
    """The imported law a resident or citation means (民法典, 《…》, 道交法), if any."""
    cleaned = canonical_law_name(law_text)
    if not cleaned:
        return None
    names = {resolve_law_name(law_text) or cleaned, cleaned, cleaned.removeprefix(PRC)}
    query = select(Law).where(or_(Law.name.in_(names), Law.short_name.in_(names)))
    return db.session.scalars(query.order_by(Law.id).limit(1)).first()


def find_article(law_text: str, number: int) -> StatuteArticle | None:
    """Article ``number`` of the law named by ``law_text``; None if either is missing."""
    law = find_law(law_text)
    if law is None:
        return None
    query = select(StatuteArticle).where(StatuteArticle.law_id == law.id, StatuteArticle.number == number)
    return db.session.scalars(query).first()


def answer_article_query(text: str) -> list[str] | None:
    """Messages answering an article lookup, or None when ``text`` is not one.

    The first message starts with the citation header, e.g.
    "《中华人民共和国民法典》第一千零七十九条", followed by the article text.
    """
    query = parse_article_query(text)
    if query is None:
        return None
    law = find_law(query.law or query.law_text)
    wanted = f"第{int_to_cn(query.number)}条{query.added}"
    if law is None:
        name = query.law or canonical_law_name(query.law_text)
        successor = REPLACED_BY.get(name)
        if query.law is None and not successor:
            # not a name we know: say so in the resident's words rather than make up 《中华人民共和国…》
            return [
                f"抱歉，没有找到叫“{query.law_text}”的法律，可能是名称不全。请发送法律的全称和条号，"
                "比如“道路交通安全法第九十一条”，或者直接描述遇到的问题。"
            ]
        if successor:
            return [
                f"《{name}》已经废止，相关规定现已纳入《{successor}》。"
                f"您可以发送“{successor.removeprefix(PRC)}第X条”查询现行条文。"
            ]
        return [
            f"抱歉，暂时没有收录《{name}》的条文，无法为您查询{wanted}。"
            "您也可以直接描述遇到的问题，我们会尽量为您解答。"
        ]
    article = None if query.added else find_article(law.name, query.number)  # 之一 is not article N
    if article is None and query.added:
        return [f"抱歉，《{law.name}》的{wanted}暂时没有收录。您也可以直接描述遇到的问题。"]
    if article is None:
        count = db.session.scalar(select(func.max(StatuteArticle.number)).where(StatuteArticle.law_id == law.id))
        return [f"抱歉，《{law.name}》共{count or 0}条，没有找到您要查的{wanted}。请您核对条号后再发送一次。"]
    return split_for_wechat(f"{format_citation(law.name, article.number)}\n{article.text}")


def citation_exists(law: str, article: str) -> bool | None:
    """Whether every article a knowledge-base citation names exists.

    None when the law is not imported (the citation cannot be checked); True for a
    whole-law citation (empty article) or the Constitution's 序言.
    """
    names = parse_citation(law, article)
    row = find_law(names[0][0] if names else law.split("》")[0])
    if row is None:
        return None
    if not names:
        return not article.strip() or article.strip() == "序言"
    numbers = {number for _, number in names}
    found = db.session.scalar(
        select(func.count())
        .select_from(StatuteArticle)
        .where(StatuteArticle.law_id == row.id, StatuteArticle.number.in_(numbers))
    )
    return found == len(numbers)

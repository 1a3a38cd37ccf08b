"""Statute import and lookup against an in-memory database and the real corpus."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from flask import Flask
from sqlalchemy import func, select

from bot.extensions import db
from knowledge import statute_store
from knowledge.statute_store import (
    Law,
    StatuteArticle,
    answer_article_query,
    citation_exists,
    find_article,
    import_statutes,
)

LAWS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "laws"
needs_corpus = pytest.mark.skipif(not LAWS_DIR.is_dir(), reason="../shared/laws absent")
CIVIL = "中华人民共和国民法典"
MEDIATION = "中华人民共和国人民调解法"


@pytest.fixture
def store_app() -> Iterator[Flask]:
    """A bare Flask app on in-memory SQLite: the store needs nothing else."""
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite://", TESTING=True)
    db.init_app(app)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not LAWS_DIR.is_dir():
        pytest.skip("../shared/laws absent")
    target = tmp_path_factory.mktemp("laws") / "laws"
    shutil.copytree(LAWS_DIR, target)
    return target


@pytest.fixture
def imported(store_app: Flask, corpus_copy: Path) -> Path:
    report = import_statutes(corpus_copy)
    assert report.ok, report.errors
    return corpus_copy


def article_count(law_name: str) -> int:
    query = select(func.count()).select_from(StatuteArticle).join(Law).where(Law.name == law_name)
    return db.session.scalar(query) or 0


def small_law(name: str, *articles: str) -> str:
    body = "\n\n".join(f"第{n}条 {text}" for n, text in zip("一二三四五", articles, strict=False))
    return f"# {name}\n\n2024年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n{body}\n"


@needs_corpus
def test_import_real_corpus(store_app: Flask, corpus_copy: Path) -> None:
    report = import_statutes(corpus_copy)
    assert report.ok
    assert report.counts[CIVIL] == 1260
    assert report.counts["中华人民共和国宪法"] == 143
    assert report.counts[MEDIATION] == 35
    assert report.counts["信访工作条例"] == 50
    assert len(report.counts) == 18
    assert report.total == db.session.scalar(select(func.count()).select_from(StatuteArticle))
    law = db.session.scalar(select(Law).where(Law.name == CIVIL))
    assert law is not None
    assert (law.short_name, law.category) == ("民法典", "民法典")
    assert "民法典/婚姻家庭编.md" in law.source_file


@needs_corpus
def test_find_article_by_any_name(imported: Path) -> None:
    article = find_article("民法典", 1079)
    assert article is not None
    assert article.label == "第一千零七十九条"
    assert article.text.startswith("夫妻一方要求离婚的")
    assert (article.book, article.chapter) == ("婚姻家庭编", "第四章 离婚")
    assert find_article("《中华人民共和国民法典》", 1079) == article
    assert find_article("宪法", 33) is not None
    assert find_article("信访条例", 50) is not None
    assert find_article("民法典", 1261) is None
    assert find_article("公司法", 1) is None


@needs_corpus
def test_answer_article_query(imported: Path) -> None:
    messages = answer_article_query("民法典第一千零七十九条")
    assert messages is not None and len(messages) == 1
    header, text = messages[0].split("\n", 1)
    assert header == "《中华人民共和国民法典》第一千零七十九条"
    assert text.startswith("夫妻一方要求离婚的")
    assert answer_article_query("民法典1079条") == messages
    assert answer_article_query("人民调解法第四条是什么") == [
        "《中华人民共和国人民调解法》第四条\n人民调解委员会调解民间纠纷，不收取任何费用。"
    ]


@needs_corpus
def test_long_article_is_split(imported: Path) -> None:
    messages = answer_article_query("宪法第六十七条")
    assert messages is not None and len(messages) == 2
    assert messages[0].startswith("《中华人民共和国宪法》第六十七条\n")
    assert all(len(message) <= 600 for message in messages)


@needs_corpus
def test_answer_not_found_messages(imported: Path) -> None:
    missing = answer_article_query("人民调解法第四十条")
    assert missing is not None and len(missing) == 1
    assert "没有找到" in missing[0] and "35" in missing[0] and "第四十条" in missing[0]
    not_collected = answer_article_query("劳动法第三条")
    assert not_collected is not None
    assert "《中华人民共和国劳动法》" in not_collected[0] and "没有收录" in not_collected[0]
    repealed = answer_article_query("婚姻法第三十二条")
    assert repealed is not None and "民法典" in repealed[0]
    assert answer_article_query("民法典规定彩礼要退吗") is None


def test_answer_when_nothing_is_imported(store_app: Flask) -> None:
    messages = answer_article_query("民法典第一千零七十九条")
    assert messages is not None and "没有收录" in messages[0]


@needs_corpus
def test_citation_exists(imported: Path) -> None:
    assert citation_exists("《中华人民共和国民法典》", "第一千零七十六条、第一千零七十七条")
    assert citation_exists("《中华人民共和国宪法》", "第三十三条至第五十六条")
    assert citation_exists("《中华人民共和国宪法》", "第二十二条第一款")
    assert citation_exists("《中华人民共和国宪法》", "")
    assert citation_exists("《中华人民共和国宪法》", "第一百四十四条") is False
    assert citation_exists("《中华人民共和国宪法》", "第一条、第二百条") is False
    assert citation_exists("《全国人民代表大会常务委员会关于设立国家宪法日的决定》", "") is None
    assert citation_exists("《中华人民共和国劳动法》", "第三条") is None


def test_reimport_replaces_articles(store_app: Flask, tmp_path: Path) -> None:
    law_file = tmp_path / "社会法" / "测试法.md"
    law_file.parent.mkdir()
    law_file.write_text(small_law("中华人民共和国测试法", "旧甲。", "旧乙。", "旧丙。"), "utf-8")
    first = import_statutes(tmp_path)
    assert first.counts == {"中华人民共和国测试法": 3} and first.replaced == []
    law_file.write_text(small_law("中华人民共和国测试法", "新甲。", "新乙。"), "utf-8")
    second = import_statutes(tmp_path)
    assert second.counts == {"中华人民共和国测试法": 2}
    assert second.replaced == ["中华人民共和国测试法"]
    assert article_count("中华人民共和国测试法") == 2
    article = find_article("测试法", 1)
    assert article is not None and article.text == "新甲。"
    assert db.session.scalar(select(func.count()).select_from(Law)) == 1


def test_malformed_file_imports_nothing(store_app: Flask, tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(small_law("中华人民共和国测试法", "甲。", "乙。"), "utf-8")
    assert import_statutes(tmp_path).ok
    # Change the good law and add a broken one: neither change may land.
    (tmp_path / "good.md").write_text(small_law("中华人民共和国测试法", "改。"), "utf-8")
    broken = small_law("中华人民共和国坏法", "甲。").replace("第二条", "第三条")
    broken += "\n第三条 跳号。\n"
    (tmp_path / "bad.md").write_text(broken, "utf-8")
    (tmp_path / "worse.md").write_text("没有标题\n", "utf-8")
    report = import_statutes(tmp_path)
    assert not report.ok and report.counts == {}
    assert [(Path(e.path).name, e.line) for e in report.errors] == [("bad.md", 11), ("worse.md", 1)]
    assert "expected article 2, found 3" in report.errors[0].reason
    assert str(report.errors[0]).endswith("bad.md:11: expected article 2, found 3")
    assert article_count("中华人民共和国测试法") == 2
    assert article_count("中华人民共和国坏法") == 0


def test_database_failure_rolls_back_everything(
    store_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text(small_law("中华人民共和国甲法", "甲。"), "utf-8")
    (tmp_path / "b.md").write_text(small_law("中华人民共和国乙法", "乙。"), "utf-8")
    calls = {"n": 0}

    def failing_insert(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return sqlalchemy.insert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(statute_store, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        import_statutes(tmp_path)
    assert db.session.scalar(select(func.count()).select_from(Law)) == 0
    assert db.session.scalar(select(func.count()).select_from(StatuteArticle)) == 0


def test_missing_directory_is_reported(store_app: Flask, tmp_path: Path) -> None:
    report = import_statutes(tmp_path / "nope")
    assert not report.ok and report.errors[0].reason == "directory not found"

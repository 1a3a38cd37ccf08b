"""Article lookups ("民法典第一千零七十九条", "民法典1079条") and "法条" after an FAQ answer.

Residents get the imported official wording, never a paraphrase. Articles can be longer than
one WeChat message, so the first part is the passive reply and the rest are sent by the
worker as customer-service messages.
"""

from __future__ import annotations

from typing import Any, ClassVar

from bot.dispatch import Context, Reply
from handlers.faq import CITATION, MAX_REPLY, TEXT_KINDS, wants_cited
from knowledge.citations import split_citation
from knowledge.lookup import format_citation, parse_article_query, split_for_wechat
from knowledge.statute_store import answer_article_query, find_article

MAX_ARTICLES = 5
NO_CITATION = "请发送法律名称和条号，我把原文发给您，比如“民法典第1079条”“人民调解法第四条”。"
NO_ARTICLE_CITED = ("这条解答依据的是{law}，没有引用具体的条号，所以没有原文可发。"
                    "想看某一条，请发法律名称和条号，比如“民法典第1079条”。")
NOT_COLLECTED = "抱歉，这条解答引用的法条暂时没有收录原文。您可以发送法律名称和条号试试，比如“民法典第1079条”。"


def cited_articles(cited: dict[str, Any]) -> list[str]:
    """The articles an FAQ answer cited, as WeChat-sized messages (at most ``MAX_ARTICLES``)."""
    texts: list[str] = []
    parts = split_citation(cited.get("law", ""), cited.get("article", ""))
    for law, number in ((p.canonical, n) for p in parts for n in p.numbers):
        article = find_article(law, number)
        if article is not None:
            texts.append(f"{format_citation(article.law.name, article.number)}\n{article.text}")
    if not texts:
        if not any(p.numbers for p in parts):  # the answer names a law but no article
            return [NO_ARTICLE_CITED.format(law="".join(f"《{p.law}》" for p in parts) or "法律")]
        return [NOT_COLLECTED]
    shown = texts[:MAX_ARTICLES]
    if len(texts) > MAX_ARTICLES:
        shown.append(f"以上是前{MAX_ARTICLES}条，其余条文可发送法律名称和条号查询。")
    return _pack(shown)


def _pack(texts: list[str]) -> list[str]:
    """Put whole articles together while they fit one message; split only an article too long."""
    messages: list[str] = []
    for text in texts:
        if messages and len(messages[-1]) + 1 + len(text) <= MAX_REPLY:
            messages[-1] += "\n" + text
        else:
            messages += split_for_wechat(text, MAX_REPLY)
    return messages


class Statute:
    name: ClassVar[str] = "statute"

    def matches(self, ctx: Context) -> bool:
        text = ctx.message.text
        if ctx.message.kind not in TEXT_KINDS or not text:
            return False
        return wants_cited(text) or parse_article_query(text) is not None

    def handle(self, ctx: Context) -> Reply:
        text = ctx.message.text
        if wants_cited(text) and parse_article_query(text) is None:
            cited = ctx.session.get(CITATION)
            messages = cited_articles(cited) if cited else [NO_CITATION]
        else:
            messages = answer_article_query(text) or [NO_CITATION]
        return Reply(messages[0], later=messages[1:])

"""Turn ranked candidates into what the bot does: answer, ask which one was meant, or admit it
does not know (and offer a person).

The index's scores are calibrated (roughly "probability this entry is the right one"), so the
thresholds here mean the same thing for short and long messages and for a bigger knowledge
base.  A wrong answer costs more than a clarifying question, and a clarifying question costs
more than "I'm not sure" for a message the knowledge base cannot answer, hence three bands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.index import Candidate

DecisionKind = Literal["answer", "clarify", "unsure"]


@dataclass(frozen=True)
class Thresholds:
    """Score bands, chosen with the index's calibration on the dev messages and the even lines of
    benchmarks/data/heldout_bench.jsonl: a right answer counts 1, a clarification with the right
    entry first 0.5, a wrong answer -3, an out-of-scope message answered -1 and clarified -0.1.
    A near miss (a sibling entry covers part of the message) may be offered as a choice: the
    resident can decline it, while a wrong answer is taken as the law."""

    answer: float = 0.5
    """Top score needed to answer outright."""
    margin: float = 0.5
    """A runner-up whose log-odds are this close to the top's turns an answer into a question.
    Log-odds, not raw scores: two strong siblings at 0.97 and 0.98 are a close call."""
    clarify: float = 0.2
    """Top score needed to offer a clarifying choice at all; below it the bot is unsure."""
    option: float = 0.05
    """A runner-up needs this much to be listed as an option."""
    max_options: int = 3
    runner_up: float = 0.1
    """After an answer, the next entry scoring at least this is offered by number ("如果您想问的是
    …，请回复 1"): in the tuning sets it was the right entry for 19 of the 31 wrong answers (siblings:
    a petition's acceptance or its deadline), and it shows under about one right answer in eight."""
    unsure_keep: int = 3
    """How many candidates an unsure decision keeps (for the unanswered-questions log)."""


DEFAULT = Thresholds()


@dataclass(frozen=True)
class Decision:
    """answer: 1 candidate; clarify: 2-3 (numbered to the resident); unsure: best few, for the log."""

    kind: DecisionKind
    candidates: tuple[Candidate, ...]
    runner_up: Candidate | None = None
    """With an answer: the next entry, if it scores ``Thresholds.runner_up`` or more."""


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def decide(candidates: Sequence[Candidate], thresholds: Thresholds = DEFAULT) -> Decision:
    """Answer, clarify or unsure for ``candidates`` (any order) from ``FaqIndex.search``."""
    t = thresholds
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    if not ranked or ranked[0].score < t.clarify:
        return Decision("unsure", tuple(ranked[: t.unsure_keep]))
    top = ranked[0]
    rivals = [
        c for c in ranked[1 : t.max_options] if _logit(top.score) - _logit(c.score) < t.margin and c.score >= t.option
    ]
    if top.score >= t.answer and not rivals:
        second = ranked[1] if len(ranked) > 1 and ranked[1].score >= t.runner_up else None
        return Decision("answer", (top,), second)
    options = [top, *rivals]
    if len(options) < 2:
        options += [c for c in ranked[1:2] if c.score >= t.option]
    if len(options) < 2:
        return Decision("unsure", tuple(ranked[: t.unsure_keep]))
    return Decision("clarify", tuple(options[: t.max_options]))

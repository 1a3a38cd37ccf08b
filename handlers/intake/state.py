"""A form in progress as plain JSON in the session, and the rule that finds the step to ask.

The step being asked is not stored: it is the first applicable step without a value. That
makes 上一步 (drop the last answer), 重填 (drop all) and skipped steps (a description given up
front, a phone not asked of an anonymous clue) fall out of one rule instead of a transition
table, and keeps the stored state meaningful across deploys that add or reorder steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.intake.forms import FORMS, Form, Step


@dataclass
class FormState:
    """One resident's form in progress, as stored in the session (plain JSON)."""

    case_type: str
    values: dict[str, Any] = field(default_factory=dict)
    media: list[int] = field(default_factory=list)
    # step key -> extra value keys its answer set (a relationship also sets the category)
    extras: dict[str, list[str]] = field(default_factory=dict)

    @property
    def form(self) -> Form:
        return FORMS[self.case_type]

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.case_type, "values": self.values, "media": self.media, "extras": self.extras}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormState | None:
        if not isinstance(data, dict) or data.get("type") not in FORMS:
            return None
        return cls(data["type"], dict(data.get("values") or {}), list(data.get("media") or []),
                   dict(data.get("extras") or {}))

    def current(self) -> Step | None:
        """The step to ask now; None when everything is answered (the summary)."""
        return next((s for s in self.form.applicable(self.values) if s.key not in self.values), None)

    def previous(self, before: Step | None) -> Step | None:
        """The last answered step before ``before`` (before the summary when None)."""
        steps = self.form.applicable(self.values)
        end = steps.index(before) if before is not None else len(steps)
        return next((s for s in reversed(steps[:end]) if s.key in self.values), None)

    def forget(self, step: Step) -> None:
        self.values.pop(step.key, None)
        for key in self.extras.pop(step.key, []):
            self.values.pop(key, None)

    def answered(self) -> dict[str, Any]:
        """Values of the steps that apply (an answer left over from a changed choice is dropped)."""
        values: dict[str, Any] = {}
        for step in self.form.applicable(self.values):
            if step.key in self.values:
                values[step.key] = self.values[step.key]
                for key in self.extras.get(step.key, []):
                    values[key] = self.values.get(key)
        return values

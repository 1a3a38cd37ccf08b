"""Select-box options in the form WTForms wants them (``SelectChoice``; tuples are deprecated in
3.3 and go away in 3.4), built from the ``(value, label)`` pairs the pages already have."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectChoice


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """One ``SelectChoice`` per ``(value, label)``, in order."""
    return [SelectChoice(value, label) for value, label in pairs]

"""Intake conversations: a guided form per case type (consultation, complaint, mediation, clue,
suggestion), declared as step tables in ``forms`` and run by one engine.

Registry entries (see ``handlers/__init__.py`` for where each goes)::

    *intake.active_forms(), intake.ExpiredForm()      # right after follow/unfollow
    *intake.menu_starters()                           # 我要办事 menu buttons
    intake.Handoff(), *intake.text_starters()         # "人工" and free text, before the FAQ
"""

from __future__ import annotations

from handlers.intake.start import ExpiredForm, Handoff, active_forms, menu_starters, text_starters

__all__ = ["ExpiredForm", "Handoff", "active_forms", "menu_starters", "text_starters"]

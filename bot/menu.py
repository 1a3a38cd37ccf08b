"""The custom menu, kept as data in ``bot/data/menu.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MENU_FILE = Path(__file__).with_name("data") / "menu.yaml"
MAX_TOP, MAX_SUB = 3, 5


class MenuError(ValueError):
    pass


def load_menu(path: Path = MENU_FILE) -> dict[str, Any]:
    """Read and validate the menu against WeChat's limits before anything is pushed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    buttons = data.get("button") if isinstance(data, dict) else None
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_TOP:
        raise MenuError(f"{path}: 'button' must list 1 to {MAX_TOP} buttons")
    for top in buttons:
        subs = top.get("sub_button")
        if subs is not None and not 1 <= len(subs) <= MAX_SUB:
            raise MenuError(f"{path}: '{top.get('name')}' must have 1 to {MAX_SUB} sub-buttons")
        for button in subs or [top]:
            if button.get("type") == "click" and not button.get("key"):
                raise MenuError(f"{path}: click button '{button.get('name')}' has no key")
    return data


def button_names(menu: dict[str, Any] | None = None) -> dict[str, str]:
    """Menu key → the words residents see on that button."""
    menu = menu or load_menu()
    names: dict[str, str] = {}
    for top in menu["button"]:
        for button in top.get("sub_button") or [top]:
            if button.get("key"):
                names[button["key"]] = button["name"]
    return names

"""Every push button of the window's tabs and dialogs that has a name and a text is made by
`ui.widgets.controls.push_button` (object name, tooltip, accessible name and click handler in
one call), not set up again by hand, statement by statement (issue 16)."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop_app import ui

UI = Path(ui.__file__).parent
#: The helper itself, and modules another piece of issue 16 owns (their buttons move when
#: they are next changed).
LEFT_OUT = {"widgets/controls.py", "main_window.py", "widgets/sync_log_panel.py"}


def _buttons_built_by_hand(path: Path, root: Path = UI) -> list[str]:
    """`x = QPushButton(text, parent)` followed by `x.setObjectName(...)`: where and which."""
    found: list[str] = []
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement, following in zip(body, body[1:]):
            if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)
                    and isinstance(statement.value.func, ast.Name)
                    and statement.value.func.id == "QPushButton"
                    and len(statement.value.args) == 2):
                continue
            target = ast.unparse(statement.targets[0])
            if (isinstance(following, ast.Expr) and isinstance(following.value, ast.Call)
                    and ast.unparse(following.value.func) == f"{target}.setObjectName"):
                found.append(f"{path.relative_to(root)}:{statement.lineno} {target}")
    return found


def test_the_check_finds_a_button_built_by_hand(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def build(self):\n"
                      "    self.b = QPushButton(self.tr('Go'), self)\n"
                      "    self.b.setObjectName('go_button')\n"
                      "    self.c = push_button(self, 'c_button', self.tr('C'))\n")
    assert _buttons_built_by_hand(sample, tmp_path) == ["sample.py:2 self.b"]


def test_the_tabs_and_dialogs_make_their_buttons_with_push_button():
    by_hand = [where for path in sorted(UI.rglob("*.py"))
               if path.relative_to(UI).as_posix() not in LEFT_OUT
               for where in _buttons_built_by_hand(path)]
    assert by_hand == []

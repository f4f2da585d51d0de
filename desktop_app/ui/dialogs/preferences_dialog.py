"""PreferencesDialog: the settings of the application itself (for now, its language).

The language is saved in QSettings ("ui/language", see `desktop_app.i18n`) and applies the
next time Shop Sync starts: the window and the tabs build their texts once.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app import i18n


class PreferencesDialog(QDialog):
    """Asks for the interface language; OK saves it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle(self.tr("Preferences"))

        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language_combo")
        system = i18n.NATIVE_NAMES[i18n.system_language()]
        self.language_combo.addItem(self.tr("System language (%1)").replace("%1", system), "")
        for code in i18n.SUPPORTED:
            # Each language under its own name, so a merchant finds theirs in any interface.
            self.language_combo.addItem(i18n.NATIVE_NAMES[code], code)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(i18n.saved_language()), 0))
        self.language_combo.setAccessibleName(self.tr("Interface language"))
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        label = QLabel(self.tr("&Language:"), self)
        label.setBuddy(self.language_combo)

        self.note_label = QLabel(self)
        self.note_label.setObjectName("language_note_label")
        self.note_label.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(label, self.language_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(buttons)
        self._on_language_combo_changed()

    def language(self) -> str:
        """The chosen override: "en", "fr", or "" for the system's language."""
        return self.language_combo.currentData()

    def _on_language_combo_changed(self, _index: int = 0) -> None:
        wanted = self.language() or i18n.system_language()
        if wanted == i18n.current_language():
            self.note_label.setText(self.tr("Dates, numbers and amounts follow the language."))
        else:
            self.note_label.setText(self.tr("Shop Sync shows the new language the next time it "
                                            "starts."))

    def accept(self) -> None:
        i18n.save_language(self.language())
        super().accept()

"""Dialogs (one per *_dialog.py)."""

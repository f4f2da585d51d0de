"""The desktop window: main window, tabs, dialogs, table models and feedback."""

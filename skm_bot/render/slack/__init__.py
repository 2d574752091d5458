"""Slack Block Kit renderers: pure functions from core objects to message dicts."""

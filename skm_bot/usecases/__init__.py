"""Use cases shared by every trigger: diagnose-and-check, re-diagnose."""

"""Renderers: a Diagnosis turned into what one screen shows. Pure functions, no I/O."""

"""
The objects built at start-up kept out of the garbage collector's full passes.

The catalogue, the matcher's tables, bolt, SQLAlchemy and their modules are well over 100,000
objects that live as long as the process. A full collection walks them all, about 50–100 ms
during which the event loop answers nothing: the slowest /healthz and Slack acks were these
pauses. Frozen once the app is built, they are never walked again; what requests create is
collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collect once, then move every object alive now out of the collector's sight."""
    gc.collect()
    gc.freeze()

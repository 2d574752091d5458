"""Golden files: the JSON a renderer made once and a person checked, kept to compare against."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def golden(path: Path, actual: Any) -> Any:
    """
    The JSON kept at `path`.

    With UPDATE_GOLDEN=1 it is first rewritten from `actual`: after a deliberate change, the
    diff of the golden files is what a reviewer reads.
    """
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))

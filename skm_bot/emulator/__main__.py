"""`python -m skm_bot.emulator`: run the SKM emulator (same options as `skm-bot emulator`)."""

from __future__ import annotations

import sys

from skm_bot.emulator.command import main

sys.exit(main())

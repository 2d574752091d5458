"""`python3 -m skm_bot.cli`: the same as the `skm-bot` command."""

import sys

from skm_bot.cli import main

sys.exit(main())

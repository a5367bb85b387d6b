"""`python -m drafter.cli …`, the same as the `drafter` command."""

from __future__ import annotations

import sys

from drafter.cli import main

sys.exit(main())

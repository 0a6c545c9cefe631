"""Entry point for `python -m assessment`."""

from __future__ import annotations

import sys

from assessment.cli.main import main

sys.exit(main())

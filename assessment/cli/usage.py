"""The one exception a command raises for wrong usage (the CLI exits 2 with its message)."""

from __future__ import annotations


class UsageError(Exception):
    """Wrong usage of a command (exit 2)."""

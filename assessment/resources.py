"""Where the bundled files are: inside the installed package, or in a checkout.

A wheel carries the repository's top-level ``questionnaires/`` and ``report_templates/``
folders as ``assessment/bundled/questionnaires`` and ``assessment/bundled/report_templates``
(mapped at build time in ``pyproject.toml``) and finds them through ``importlib.resources``.
A checkout (editable install or plain ``python -m assessment``) has no copy inside the
package, so the same names resolve to the top-level folders themselves: one set of files,
two ways to reach it.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
# The environment variable naming the database (any SQLAlchemy URL); read by the store, the
# serve command and the app.
ENV_URL = "CRM_READINESS_DATABASE_URL"
# The environment variable naming the app's public address (the one phones in the room reach),
# which links and QR codes start with; read by the app and the handout command.
ENV_PUBLIC_URL = "CRM_READINESS_PUBLIC_URL"


def bundled(folder: str) -> Path:
    """The directory of bundled ``folder`` (``questionnaires`` or ``report_templates``)."""
    packaged = files("assessment") / "bundled" / folder
    if packaged.is_dir():
        return Path(str(packaged))
    return CHECKOUT / folder


def installed() -> bool:
    """True when running from a wheel (the bundled files sit inside the package)."""
    return (files("assessment") / "bundled").is_dir()


def data_home() -> Path:
    """Where the default SQLite file lives: ``data/`` in a checkout, else the user's data folder.

    An installed package must not write into site-packages, so it uses ``$XDG_DATA_HOME``
    (default ``~/.local/share``) or ``%LOCALAPPDATA%`` on Windows, under ``crm-readiness``.
    """
    if not installed():
        return CHECKOUT / "data"
    base = os.environ.get("XDG_DATA_HOME") or os.environ.get("LOCALAPPDATA")
    return (Path(base) if base else Path.home() / ".local" / "share") / "crm-readiness"

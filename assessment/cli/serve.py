"""The `serve` command: start the Streamlit app of this installation (checkout or wheel).

The core never imports streamlit or ``app_pages``: the app's folder is found with
``importlib.util.find_spec`` and run by ``python -m streamlit run`` in a child process.
The app's Streamlit settings live in ONE file, the checkout's ``.streamlit/config.toml``
(a wheel carries it as ``app_pages/settings/config.toml``); Streamlit itself only reads
``.streamlit/`` from the current folder, so every option is passed as a flag instead and
an installed app behaves exactly like the checkout, wherever it is started.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from assessment.resources import ENV_URL

DEFAULT_PORT = 8501
# Options the command line sets itself; the settings file does not get a say.
OWN_OPTIONS = frozenset({"server.headless", "server.port", "server.address"})


def register(sub: Any) -> None:
    """Add the serve command to the CLI."""
    p = sub.add_parser(
        "serve",
        help="start the app in a browser-facing web server",
        description=(
            "Serve the CRM Readiness app with Streamlit. The database is "
            f"--database, else ${ENV_URL}, else a local SQLite file (data/ in a checkout, "
            "the user's data folder when installed). Ctrl-C stops it."
        ),
    )
    p.add_argument("--port", type=port_number, metavar="N", help=f"default: {DEFAULT_PORT}")
    p.add_argument("--address", metavar="HOST", help="interface to listen on (default: all)")
    p.add_argument("--database", metavar="URL", help="SQLAlchemy URL of the database")
    p.set_defaults(handler=serve)


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535 (argparse type: wrong values exit 2 with this message)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


def app_folder() -> Path | None:
    """The folder of the ``app_pages`` package, found without importing it."""
    try:
        spec = importlib.util.find_spec("app_pages")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        if (Path(location) / "main.py").is_file():
            return Path(location)
    return None


def settings_file(app: Path) -> Path | None:
    """The app's Streamlit settings: the wheel's copy, else the checkout's one file."""
    for path in (app / "settings" / "config.toml", app.parent / ".streamlit" / "config.toml"):
        if path.is_file():
            return path
    return None


def load_settings(path: Path | None) -> dict[str, Any]:
    """The settings file as a dict (empty without one)."""
    if path is None:
        return {}
    with path.open("rb") as f:
        return tomllib.load(f)


def _options(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(section.key, value) for every option, nested tables flattened."""
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _options(value, f"{name}.")
        else:
            yield name, value


def _flag_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def settings_flags(settings: Mapping[str, Any]) -> list[str]:
    """Every option of the settings as ``--section.key=value`` (lists repeat the flag)."""
    flags: list[str] = []
    for name, value in _options(settings):
        if name in OWN_OPTIONS:
            continue
        for item in value if isinstance(value, list) else [value]:
            flags.append(f"--{name}={_flag_value(item)}")
    return flags


def streamlit_command(
    port: int, address: str | None, settings: Mapping[str, Any], main: Path | str = "main.py"
) -> list[str]:
    """The child's command line: ``python -m streamlit run MAIN`` with every setting as a flag."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(main), "--server.headless=true"]
    cmd += settings_flags(settings)
    cmd.append(f"--server.port={port}")
    if address:
        cmd.append(f"--server.address={address}")
    return cmd


def _default_url() -> str:
    """The database the app uses without a URL (data/ in a checkout, else the user's folder)."""
    from assessment.storage.base import default_url  # loads SQLAlchemy: only when serving

    return default_url()


def shown_url(url: str) -> str:
    """The database URL as the log may show it: any password as ***."""
    from sqlalchemy.engine import make_url  # loads SQLAlchemy: only when serving
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def serve(args: argparse.Namespace) -> int:
    """Run the app until it stops (or Ctrl-C); return its exit code."""
    app = app_folder()
    if app is None:
        print(
            "crm-readiness: error: the app (package app_pages) is not installed next to "
            "assessment; install the crm-readiness wheel or run from a checkout",
            file=sys.stderr,
        )
        return 1
    settings = load_settings(settings_file(app))
    port = args.port or int(settings.get("server", {}).get("port", DEFAULT_PORT))
    env = dict(os.environ)
    if args.database:
        env[ENV_URL] = args.database
    url = env.get(ENV_URL, "").strip() or _default_url()
    shown = args.address if args.address and args.address != "0.0.0.0" else "localhost"  # noqa: S104
    print(
        f"Serving CRM Readiness on http://{shown}:{port} (database: {shown_url(url)})", flush=True
    )
    cmd = streamlit_command(port, args.address, settings, app / "main.py")
    proc = subprocess.Popen(cmd, env=env)
    # Stopping this command (SIGTERM: a service manager, a test) stops the server too.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate()) if main_thread else None
    try:
        code = proc.wait()
        return 128 - code if code < 0 else code  # killed by signal N: 128 + N, as a shell says
    except KeyboardInterrupt:
        # The child got the same Ctrl-C; give it a moment to shut down cleanly.
        try:
            proc.wait(timeout=10)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            proc.kill()
            proc.wait()
        return 130
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)

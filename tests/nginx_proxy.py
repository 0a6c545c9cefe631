"""Debian's nginx in front of app servers on localhost, run from deploy/nginx/crm-readiness.conf.

The deployment's own file is used as it is, with its two example app addresses, its listen
port and its log path replaced (each replacement must hit, so the file and the test cannot
drift apart). nginx runs unprivileged with every path in a temporary folder:
``nginx -p DIR -c DIR/nginx.conf -e DIR/error.log -g 'daemon off; pid DIR/nginx.pid;'``.
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "crm-readiness.conf"
EXAMPLE_APPS = ("127.0.0.1:8501", "127.0.0.1:8502")
ACCESS_LOG = "/var/log/nginx/crm-readiness.access.log"
MAIN = """worker_processes 1;
{user}
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/crm-readiness.conf;
}}
"""
LINE = re.compile(
    r'"(?P<method>\S+) (?P<uri>\S+) [^"]*" (?P<status>\d+) cookie=(?P<cookie>\S*) '
    r"upstream=(?P<upstream>.*?) served_by=(?P<served>\S*) rt="
)


def render(template: str, apps: tuple[str, str], port: int, folder: Path) -> str:
    """The deployment's configuration with these app addresses, listen port and log folder."""
    text = template
    for example, real in zip(EXAMPLE_APPS, apps, strict=True):
        escaped = re.escape(example).replace("\\:", ":")
        for old, new in ((example, real), (escaped, re.escape(real).replace("\\:", ":"))):
            if old not in text:
                raise ValueError(f"{TEMPLATE.name} no longer names {old}")
            text = text.replace(old, new)
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        (ACCESS_LOG, str(folder / "access.log")),
    ):
        if text.count(old) != 1:
            raise ValueError(f"{TEMPLATE.name} should say {old!r} once")
        text = text.replace(old, new)
    return text


@dataclass
class Access:
    """One line of the access log."""

    method: str
    uri: str
    status: int
    cookie: str
    upstream: str
    served_by: str


@dataclass
class Proxy:
    """A running nginx: its process, address and folder."""

    proc: subprocess.Popen[bytes]
    url: str
    folder: Path

    def log(self) -> list[Access]:
        """Every request logged so far (a WebSocket is logged when it closes)."""
        path = self.folder / "access.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        found = (LINE.search(line) for line in lines)
        return [
            Access(m["method"], m["uri"], int(m["status"]), m["cookie"], m["upstream"],
                   m["served"])
            for m in found if m
        ]  # fmt: skip

    def streams(self, at_least: int, timeout: float = 15.0) -> list[Access]:
        """The WebSocket lines, once at least this many closed (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        found: list[Access] = []
        while time.monotonic() < deadline:
            found = [a for a in self.log() if a.uri.startswith("/_stcore/stream")]
            if len(found) >= at_least:
                break
            time.sleep(0.2)
        return found

    def errors(self) -> str:
        """nginx's error log."""
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop nginx (and wait a bounded time)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def nginx() -> str | None:
    """The nginx program (Debian installs it in /usr/sbin, often not on a user's PATH)."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def start(apps: tuple[str, str], port: int, folder: Path) -> Proxy:
    """nginx on 127.0.0.1:port in front of the two app addresses; waits until it answers."""
    program = nginx()
    if program is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crm-readiness.conf").write_text(render(TEMPLATE.read_text(), apps, port, folder))
    # As root (CI), workers would run as nobody and could not write the temporary folders.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(MAIN.format(dir=folder, user=user))
    pid = folder / "nginx.pid"
    cmd = [program, "-p", str(folder), "-c", str(folder / "nginx.conf"),
           "-e", str(folder / "error.log"), "-g", f"daemon off; pid {pid};"]  # fmt: skip
    with (folder / "nginx.out").open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    proxy = Proxy(proc, f"http://127.0.0.1:{port}", folder)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=3) as r:
                if r.status == 200:
                    return proxy
        except OSError:
            time.sleep(0.2)
    proxy.stop()
    out_text = (folder / "nginx.out").read_text(errors="replace")
    raise RuntimeError(f"nginx did not answer: {out_text}\n{proxy.errors()}")

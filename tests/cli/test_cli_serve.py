"""The serve command: the streamlit command line it builds, its checks, and what it runs."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from assessment.cli import main as cli
from assessment.cli import serve

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".streamlit" / "config.toml"


def settings() -> dict[str, Any]:
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


def test_command_line_carries_every_setting_of_the_one_config_file() -> None:
    cmd = serve.streamlit_command(8600, None, settings(), "/x/app_pages/main.py")
    assert cmd[:6] == [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "/x/app_pages/main.py",
        "--server.headless=true",
    ]
    assert cmd[-1] == "--server.port=8600"
    for flag in (
        "--runner.postScriptGC=false",
        "--runner.magicEnabled=false",
        "--client.showErrorDetails=none",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        "--theme.primaryColor=#1d4ed8",
        "--theme.baseFontSize=16",
    ):
        assert flag in cmd
    expected = {f"--{section}.{key}" for section, table in settings().items() for key in table}
    assert {flag.split("=")[0] for flag in cmd[5:]} == expected | {"--server.headless"} | {
        "--server.port"
    }
    assert not any(flag.startswith("--server.address") for flag in cmd)


def test_address_port_and_headless_are_the_commands_own() -> None:
    own = {"server": {"port": 1, "address": "10.0.0.9", "headless": False, "runOnSave": True}}
    cmd = serve.streamlit_command(8601, "127.0.0.1", own)
    flags = cmd[5:]
    assert flags == [
        "--server.headless=true",
        "--server.runOnSave=true",
        "--server.port=8601",
        "--server.address=127.0.0.1",
    ]


def test_nested_tables_and_lists_become_flags() -> None:
    flags = serve.settings_flags(
        {"theme": {"sidebar": {"primaryColor": "red"}}, "a": {"b": [1, 2]}}
    )
    assert flags == ["--theme.sidebar.primaryColor=red", "--a.b=1", "--a.b=2"]


@pytest.mark.parametrize("port", ["0", "65536", "-1", "abc", "80.5"])
def test_a_bad_port_is_wrong_usage(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--port", port])
    assert exc.value.code == 2
    assert f"argument --port: {port!r} is not a port number (1-65535)" in capsys.readouterr().err


def test_a_checkout_serves_its_own_pages_and_settings() -> None:
    app = serve.app_folder()
    assert app == ROOT / "app_pages"
    assert serve.settings_file(app) == CONFIG


class FakeServer:
    """Stands in for the streamlit child process."""

    calls: list[tuple[list[str], dict[str, str]]] = []
    result: int | type[BaseException] = 0

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        FakeServer.calls.append((cmd, env))

    def wait(self, timeout: float | None = None) -> int:
        if isinstance(FakeServer.result, int):
            return FakeServer.result
        if timeout is None:
            raise FakeServer.result
        return -2

    def terminate(self) -> None:
        pass

    def kill(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    FakeServer.calls = []
    FakeServer.result = 0
    monkeypatch.setattr(serve.subprocess, "Popen", FakeServer)
    return FakeServer


def test_serve_runs_streamlit_on_the_given_database(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_server.result = 3
    assert cli.main(["serve", "--port", "8602", "--database", "sqlite:////tmp/x.db"]) == 3
    [(cmd, env)] = fake_server.calls
    assert cmd[4] == str(ROOT / "app_pages" / "main.py")
    assert "--server.port=8602" in cmd and "--runner.postScriptGC=false" in cmd
    assert env["CRM_READINESS_DATABASE_URL"] == "sqlite:////tmp/x.db"
    assert capsys.readouterr().out == (
        "Serving CRM Readiness on http://localhost:8602 (database: sqlite:////tmp/x.db)\n"
    )


def test_serve_never_prints_the_database_password(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://crm:s3cret@db.example.org:5432/crm"
    assert cli.main(["serve", "--port", "8603", "--database", url]) == 0
    [(_cmd, env)] = fake_server.calls
    assert env["CRM_READINESS_DATABASE_URL"] == url  # the app gets it whole
    assert capsys.readouterr().out == (
        "Serving CRM Readiness on http://localhost:8603 "
        "(database: postgresql+psycopg://crm:***@db.example.org:5432/crm)\n"
    )


def test_serve_without_a_database_names_the_default(
    fake_server: type[FakeServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assessment.storage.base import default_url

    monkeypatch.delenv("CRM_READINESS_DATABASE_URL", raising=False)
    assert cli.main(["serve", "--address", "127.0.0.1"]) == 0
    [(cmd, env)] = fake_server.calls
    assert cmd[-2:] == ["--server.port=8501", "--server.address=127.0.0.1"]
    assert "CRM_READINESS_DATABASE_URL" not in env
    out = capsys.readouterr().out
    assert out == f"Serving CRM Readiness on http://127.0.0.1:8501 (database: {default_url()})\n"


def test_ctrl_c_stops_quietly_with_130(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_server.result = KeyboardInterrupt
    assert cli.main(["serve", "--database", "sqlite://"]) == 130
    assert capsys.readouterr().err == ""


def test_a_server_killed_by_a_signal_exits_like_a_shell_says(
    fake_server: type[FakeServer],
) -> None:
    fake_server.result = -15
    assert cli.main(["serve", "--database", "sqlite://"]) == 143


def test_no_app_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(serve, "app_folder", lambda: None)
    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("crm-readiness: error: the app")


def test_the_core_never_imports_streamlit_or_the_app() -> None:
    code = (
        "import sys\n"
        "from assessment.cli import main, serve\n"
        "main.build_parser(); serve.settings_file(serve.app_folder())\n"
        "assert not {'streamlit', 'app_pages', 'sqlalchemy'} & set(sys.modules), sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)

"""The import contracts in .importlinter hold, and each one fails when an import points back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the package found in ``folder``, without a cache."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(folder / ".importlinter")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_checkout_keeps_every_contract() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


BACK_ARROWS = [
    ("model/vocabulary.py", "from assessment.report import charts", "Core layers import downwards"),
    ("content/outline.py", "from assessment.engine import scoring", "Core layers import downwards"),
    ("report/text.py", "from assessment.storage import base", "Core layers import downwards"),
    ("storage/base.py", "from assessment.engine import scoring", "Storage depends on the model"),
    ("engine/verdict.py", "import streamlit", "The core never imports the UI"),
]


@pytest.mark.parametrize(("module", "line", "contract"), BACK_ARROWS)
def test_a_back_arrow_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(ROOT / "assessment", tmp_path / "assessment",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    target = tmp_path / "assessment" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    broken = [ln for ln in done.stdout.splitlines() if ln.endswith(" BROKEN")]
    assert any(ln.startswith(contract) for ln in broken), done.stdout


def test_the_core_is_a_house_of_small_rooms() -> None:
    core = ROOT / "assessment"
    top = sorted(p.name for p in core.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "resources.py"]
    rooms = sorted(p.name for p in core.iterdir() if (p / "__init__.py").exists())
    assert rooms == ["cli", "content", "engine", "model", "report", "services", "storage"]
    long = {
        str(p.relative_to(ROOT)): n
        for p in core.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert not long, f"modules over 300 lines: {long}"

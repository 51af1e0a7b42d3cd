"""``pip install .`` (not editable) gives a working erpserver: the wheel carries all ``db create`` needs.

The wheel is built from a copy of the package (so nothing outside it can be used by accident),
installed alone into a fresh virtualenv, and driven from directories that are not the checkout.
The dependencies come from the test run's own environment, through a ``.pth`` file: no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import uuid
from pathlib import Path

import pytest

from tests.conftest import PG_URL, ROOT, TEST_ROUNDS

pytestmark = pytest.mark.slow


def _run(command: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtualenv where only the built wheel of erpserver is installed."""
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    shutil.copytree(ROOT / "erpserver", source / "erpserver",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--no-index", "--wheel-dir", wheels, source])
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index",
          *sorted(wheels.glob("erpserver-*.whl"))])
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # The dependencies: this environment's site-packages, appended after the venv's own.
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _environment(backend: str, home: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ERPSERVER_") and k != "PYTHONPATH"}
    environment.update(HOME=str(home), XDG_DATA_HOME=str(home / "xdg"), ERPSERVER_PASSWORD_ROUNDS=str(TEST_ROUNDS),
                       ERPSERVER_DB_URL=PG_URL if backend == "postgresql" else "")
    return environment


def test_installed_wheel_creates_and_lists_databases(installed: Path, backend: str, tmp_path: Path) -> None:
    elsewhere, other = tmp_path / "elsewhere", tmp_path / "other"
    elsewhere.mkdir()
    other.mkdir()
    environment = _environment(backend, tmp_path)
    where = _run([installed / "python", "-c", "import erpserver; print(erpserver.__file__)"],
                 cwd=elsewhere, env=environment).stdout
    assert where.startswith(str(installed.parent)), where  # the installed copy, not the checkout
    licenses = list(installed.parent.glob("lib/python3*/site-packages/erpserver-*.dist-info/licenses/LICENSE"))
    assert licenses and "Apache License" in licenses[0].read_text()

    name = f"erppkg_{uuid.uuid4().hex[:8]}"
    created = _run([installed / "erpserver", "db", "create", name, "--demo"], cwd=elsewhere, env=environment)
    try:
        assert len(created.stdout.strip()) >= 12  # the generated administrator password
        listed = _run([installed / "erpserver", "db", "list"], cwd=other, env=environment)
        assert name in listed.stdout.split()
        if backend == "sqlite":
            assert (tmp_path / "xdg" / "erpserver" / f"{name}.sqlite3").is_file()
    finally:
        _run([installed / "erpserver", "db", "drop", name, "--yes"], cwd=other, env=environment)

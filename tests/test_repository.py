"""The repository itself: a license, and nothing that only makes sense on one machine."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT

# Paths of the machines the project was written on, and of a workspace outside the repository.
FORBIDDEN = ("/work/", "../shared/", "/root/", "/tmp/pytest-of-")


def test_license_is_the_apache_license_2_0() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert 'license = "Apache-2.0"' in (ROOT / "pyproject.toml").read_text()


def test_no_file_points_outside_the_repository_or_at_this_machine() -> None:
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    offenders = []
    for name in tracked.decode().split("\0"):
        path = ROOT / name
        if not name or name == "tests/test_repository.py" or not path.is_file():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        offenders += [f"{name}: {marker}" for marker in FORBIDDEN if marker in text]
    assert offenders == []

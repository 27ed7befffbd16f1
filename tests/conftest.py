"""Shared fixtures: the repository root and, when present, the sibling ``shared/`` data folder."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present in this checkout")
    return SHARED


@pytest.fixture(scope="session")
def peyvand_bin() -> str:
    """The installed ``peyvand`` command of the interpreter running the tests."""
    candidate = Path(sys.executable).parent / "peyvand"
    found = str(candidate) if candidate.exists() else shutil.which("peyvand")
    if not found:
        pytest.skip("the peyvand command is not installed")
    return found


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    """Environment for subprocess runs of the CLI, with a private index location."""
    env = dict(os.environ)
    env["PEYVAND_INDEX"] = str(tmp_path / "index")
    env["PYTHONIOENCODING"] = "utf-8"
    return env

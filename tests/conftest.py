"""Shared fixtures: the repository root and, when present, the sibling ``shared/`` data folder."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run of the suite (CI included), so a failure is
# reproducible and no commit passes or fails by luck; PEYVAND_HYPOTHESIS=random explores new ones
# (with PEYVAND_FUZZ_EXAMPLES=5000, say), and anything it finds becomes a fixed example test.
settings.register_profile("fixed", derandomize=True, database=None)
settings.register_profile("random")
settings.load_profile("random" if os.environ.get("PEYVAND_HYPOTHESIS") == "random" else "fixed")

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


# The suite tests each engine on purpose: an engine chosen in the developer's environment must not
# turn the Whoosh tests into Solr ones.
os.environ.pop("PEYVAND_ENGINE", None)


class LocalCloud:
    """The local SolrCloud of solr/cluster.sh: its engine URL and its node controls."""

    def __init__(self, state: Path) -> None:
        self.state = state
        self.url = (state / "url").read_text(encoding="utf-8").strip()

    def nodes(self) -> dict[int, tuple[str, int]]:
        out = {}
        for line in (self.state / "nodes").read_text(encoding="utf-8").splitlines():
            i, status, port = line.split()
            out[int(i)] = (status, int(port))
        return out

    def _control(self, what: str, node: int, want: str, timeout: float = 60.0) -> None:
        import time

        (self.state / "control" / f"{what}-{node}").touch()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not (self.state / "control" / f"{what}-{node}").exists() and \
                    self.nodes()[node][0] == want:
                return
            time.sleep(0.1)
        raise TimeoutError(f"node {node} did not {what} in {timeout} s")

    def stop_node(self, node: int) -> None:
        self._control("stop", node, "down")

    def start_node(self, node: int) -> None:
        self._control("start", node, "up")


def _cluster_running(state: Path) -> bool:
    try:
        pid = int((state / "pid").read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return (state / "url").is_file()


@pytest.fixture(scope="session")
def solr_cloud(tmp_path_factory):
    """A running local SolrCloud: the one at $PEYVAND_SOLR_STATE (CI starts it there), else the
    developer's solr/cluster.sh one, else one started for this session (needs Java and Maven);
    skips when none can be had."""
    import subprocess

    for state in (os.environ.get("PEYVAND_SOLR_STATE"), ROOT / "solr" / ".cluster"):
        if state and _cluster_running(Path(state)):
            yield LocalCloud(Path(state))
            return
    if os.environ.get("PEYVAND_TEST_SOLR", "") == "0":
        pytest.skip("Solr tests turned off (PEYVAND_TEST_SOLR=0)")
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("no local SolrCloud: Java and Maven are needed to start one")
    state = tmp_path_factory.mktemp("solrcloud")
    env = dict(os.environ, PEYVAND_SOLR_STATE=str(state))
    script = ROOT / "solr" / "cluster.sh"
    p = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, text=True,
                       timeout=900)
    if p.returncode:
        pytest.skip(f"no local SolrCloud: solr/cluster.sh start failed: {p.stderr[-300:]}")
    try:
        yield LocalCloud(state)
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)

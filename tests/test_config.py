"""The Streamlit configuration is hardened for a public deployment, and secrets stay out of git."""

import shutil
import subprocess
import tomllib

import pytest
from appserver import REPO

from clfj_data import Limits
from clfj_data.read import MB

pytestmark = pytest.mark.unit

CONFIG = REPO / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def config() -> dict:
    with CONFIG.open("rb") as handle:
        return tomllib.load(handle)


def test_visitors_never_see_error_details(config):
    assert config["client"]["showErrorDetails"] == "none"


def test_visitors_get_the_viewer_toolbar_only(config):
    assert config["client"]["toolbarMode"] == "viewer"


def test_xsrf_protection_is_on(config):
    assert config["server"]["enableXsrfProtection"] is True


def test_the_upload_limit_is_what_the_loader_accepts(config):
    assert Limits().max_bytes % MB == 0, "the loader's limit is not a whole number of MB"
    assert config["server"]["maxUploadSize"] == Limits().max_bytes // MB


def test_a_run_ends_without_a_full_garbage_collection(config):
    # Collecting after every run cost more than the runs themselves with many visitors.
    assert config["runner"]["postScriptGC"] is False


def git(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *arguments], cwd=REPO, check=False, capture_output=True, text=True)


def test_the_secrets_file_is_ignored_by_git():
    if shutil.which("git") is None or git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git work tree")
    # Exit 0: ignored. Exit 1: not ignored, or already committed (then ignoring it is too late).
    answer = git("check-ignore", "--quiet", ".streamlit/secrets.toml")
    assert answer.returncode == 0, ".streamlit/secrets.toml is not ignored by git (or is committed)"

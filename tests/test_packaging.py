"""Requirements are declared once (pyproject.toml) and pinned in lock files (requirements.txt,
requirements-dev.txt) that CI, the README and the
deployment install from; the README's Quick start stays two commands."""

import re
import tomllib

import pytest
from appserver import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pytestmark = pytest.mark.unit

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def pinned(lock: str) -> dict[str, str]:
    """The lock file's ``name==version`` lines, by canonical name."""
    lines = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", (REPO / lock).read_text(), re.M)
    return {canonicalize_name(name.split("[")[0]): version for name, version in lines}


@pytest.mark.parametrize(
    ("lock", "declared"),
    [
        ("requirements.txt", PYPROJECT["dependencies"]),
        ("requirements-dev.txt", PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_each_lock_pins_every_declared_requirement_within_its_range(lock, declared):
    versions = pinned(lock)
    for requirement in map(Requirement, declared):
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{lock} does not pin {name}: write it again (README, Quick start)"
        assert requirement.specifier.contains(versions[name]), f"{lock} pins {name} {versions[name]}"


def test_requirements_are_declared_once_and_benchmark_tools_kept_apart():
    for lock in ("requirements.txt", "requirements-dev.txt"):  # written from pyproject.toml, never by hand
        lines = [
            line
            for line in (REPO / lock).read_text().splitlines()
            if line and not line.lstrip().startswith("#")
        ]
        assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==\S+", line) for line in lines), lock
    assert "py-spy" not in pinned("requirements-dev.txt")
    assert "py-spy" in (REPO / "benchmarks" / "requirements.txt").read_text()


def test_ci_the_readme_and_the_deployment_install_from_the_lock_files():
    ci = (REPO / ".ci" / "run").read_text()
    assert "pip install -q -r requirements-dev.txt && .venv/bin/ruff check . && .venv/bin/pytest" in ci
    assert "requirements.txt" in (REPO / "deploy" / "clfj@.service").read_text()
    readme = (REPO / "README.md").read_text()
    deployment = readme.split("## Deployment", 1)[1].split("\n## ", 1)[0]
    assert "pip install -r /srv/clfj/requirements.txt" in deployment


def test_the_quick_start_is_two_commands_and_says_how_to_sign_in_as_staff():
    quick = (REPO / "README.md").read_text().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert [c.count("\n") for c in commands] == [1, 1]
    assert "pip install -r requirements.txt" in commands[0] and "streamlit run dashboard.py" in commands[0]
    assert "pip install -r requirements-dev.txt" in commands[1] and commands[1].strip().endswith("pytest")
    staff = [line for line in quick.splitlines() if "CLFJ_STAFF_PASSWORD" in line]
    assert len(staff) == 1 and "sign in" in staff[0]

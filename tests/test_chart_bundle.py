"""The app's plotly.js (static/plotly-charts.min.js) is what its recipe builds from
plotly.js's published sources, byte for byte."""

import shutil
import subprocess

import pytest
from appserver import browser_unavailable

pytestmark = pytest.mark.slow

RECIPE = ("package.json", "package-lock.json", "entry.js", "build.mjs")


def test_the_shipped_bundle_is_what_its_recipe_builds(repo, tmp_path):
    npm = shutil.which("npm")
    if npm is None:
        browser_unavailable("npm is not installed, so the chart bundle cannot be built")
    folder = repo / "clfj_ui" / "assets"
    for name in RECIPE:
        shutil.copy(folder / "bundle" / name, tmp_path / name)
    installed = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    if installed.returncode != 0:
        browser_unavailable(f"`npm ci` for the chart bundle failed:\n{installed.stderr[-2000:]}")
    built = tmp_path / "built.min.js"
    done = subprocess.run(
        [npm, "run", "build", "--", str(built)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert built.read_bytes() == (repo / "static" / "plotly-charts.min.js").read_bytes()

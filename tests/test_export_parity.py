"""A chart made inside the app and the same chart made on the command line are the same picture.

Importing streamlit installs its own Plotly template as the default: a figure that did not pin
its template came out of the app with other margins, and its bar labels cut to "an" and "ed".
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# Figures made in other processes, as the app and the CLI make them.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
BUILDERS = ("state_counts_figure", "sector_counts_figure", "state_sector_figure", "per_year_figure")

# Run in a fresh interpreter, so that "import streamlit" comes first as it does in the app.
IN_THE_APP = """
import json, sys
if sys.argv[1] == "app":
    import streamlit  # noqa: F401  (installs Streamlit's Plotly template as the default)
import plotly.io as pio
from clfj_data import charts, load_milestones, load_programme, shipped_milestones_path
from clfj_data.export import render

frame = load_milestones(shipped_milestones_path()).milestones
figures = {name: getattr(charts, name)(frame).to_plotly_json() for name in sys.argv[2].split(",")}
if sys.argv[3]:
    svg = render("svg", frame, programme=load_programme(), chart="counts-state").data.decode()
    open(sys.argv[3], "w", encoding="utf-8").write(svg)
print(json.dumps({"default": pio.templates.default, "figures": figures}, default=str))
"""


def run_python(where: str, svg: Path | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", IN_THE_APP, where, ",".join(BUILDERS), str(svg or "")],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def svg_texts(svg: str) -> list[tuple[str, str, str, str]]:
    """Each text element of a Plotly SVG: (anchor, x, transform, text)."""
    found = re.findall(r"<text([^>]*)>(.*?)</text>", svg)
    attribute = lambda attrs, name: (re.search(rf'{name}="([^"]*)"', attrs) or [None, ""])[1]  # noqa: E731
    return [(attribute(a, "text-anchor"), attribute(a, "x"), attribute(a, "transform"), t) for a, t in found]


def test_every_count_figure_is_the_same_inside_the_app_and_out():
    app, cli = run_python("app"), run_python("cli")
    assert app["default"] == "streamlit" and cli["default"] != "streamlit"  # the two situations
    for name in BUILDERS:
        assert app["figures"][name] == cli["figures"][name], name
        assert cli["figures"][name]["layout"]["template"]["layout"]["plot_bgcolor"] == "white"


def test_the_apps_svg_of_counts_by_state_is_the_command_lines_with_every_label_whole(tmp_path, kaleido):
    run_python("app", tmp_path / "app.svg")
    done = subprocess.run(
        [sys.executable, "-m", "clfj_data", "export", "--format", "svg", "--chart", "counts-state",
         "-o", tmp_path / "cli.svg"],
        capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    app = svg_texts((tmp_path / "app.svg").read_text(encoding="utf-8"))
    cli = svg_texts((tmp_path / "cli.svg").read_text(encoding="utf-8"))
    assert app == cli
    labels = {text: float(x) for anchor, x, _, text in app if anchor == "end"}  # the state names
    assert set(labels) == {"Rajasthan", "Bihar", "Not specified"}
    for text, right_edge in labels.items():
        assert right_edge >= 0.45 * 12 * len(text), f"{text!r} runs off the image's left edge"
    texts = [text for *_, text in app]
    assert "Milestones by state" in texts
    assert "Source: Child Labour Free Jaipur results page, https://www.clfjaipur.org/results/" in texts

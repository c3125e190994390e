"""The app's modules import one another without a circle, and the package never imports Streamlit."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("clfj_data", "clfj_ui")


def imports(path: Path) -> set[str]:
    """The app modules ``path`` imports (``clfj_ui.dataset``, ``clfj_data.store``, …)."""
    package = path.parent.name
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package if node.level else (node.module or "").split(".")[0]
            module = node.module if not node.level else f"{package}.{node.module}" if node.module else package
            if base not in PACKAGES:
                continue
            if module in PACKAGES:  # from clfj_ui import dataset, signin
                found |= {f"{module}.{alias.name}" for alias in node.names}
            else:
                found.add(module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] in PACKAGES}
    return found


def graph() -> dict[str, set[str]]:
    modules = {f"{p.parent.name}.{p.stem}": p for package in PACKAGES for p in (REPO / package).glob("*.py")}
    return {name: imports(path) & set(modules) - {name} for name, path in modules.items()}


def test_no_module_imports_one_that_imports_it_back():
    edges, circles = graph(), []

    def visit(module: str, trail: list[str]) -> None:
        for imported in sorted(edges[module]):
            if imported in trail:
                circles.append(" -> ".join([*trail[trail.index(imported) :], imported]))
            elif len(trail) < 12:
                visit(imported, [*trail, imported])

    for module in sorted(edges):
        visit(module, [module])
    assert not circles, circles[:5]


def test_the_package_never_imports_streamlit():
    for path in (REPO / "clfj_data").glob("*.py"):
        assert "import streamlit" not in path.read_text() and "from streamlit" not in path.read_text(), (
            path.name
        )

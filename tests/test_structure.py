"""The app's code stays small enough to read: no module over 400 lines, no function over 60."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60  # from its ``def`` to its last line, docstring included


def app_modules() -> list[Path]:
    return [
        REPO / "dashboard.py",
        *sorted((REPO / "clfj_data").glob("*.py")),
        *sorted((REPO / "clfj_ui").glob("*.py")),
        *sorted((REPO / "pages").glob("*.py")),
    ]


def name(path: Path, root: Path = REPO) -> str:
    return path.relative_to(root).as_posix()


def too_long(path: Path, root: Path = REPO) -> list[str]:
    """What in ``path`` is over its limit: the module itself, and each function by its name."""
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    found = [f"{name(path, root)}: {lines} lines"] if lines > MAX_MODULE_LINES else []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name(path, root)}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_no_module_is_over_400_lines_and_no_function_over_60():
    found = [problem for path in app_modules() for problem in too_long(path)]
    assert not found, found


def test_a_function_counts_from_its_def_to_its_last_line_and_a_module_by_its_lines(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES - 1))
    (tmp_path / "fits.py").write_text(f"def fits():\n{body}\n")
    (tmp_path / "over.py").write_text(f"def over():\n{body}\n    return x0\n")
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    assert too_long(tmp_path / "fits.py", tmp_path) == []
    assert too_long(tmp_path / "over.py", tmp_path) == [f"over.py:1 over(): {MAX_FUNCTION_LINES + 1} lines"]
    assert too_long(tmp_path / "long.py", tmp_path) == [f"long.py: {MAX_MODULE_LINES + 1} lines"]

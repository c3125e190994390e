"""Files built to exhaust the loader, as ``check`` and ``publish`` meet them: each is refused with a
plain sentence, quickly, in little memory, however wide, dense or endless it is."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 2**20
SECONDS = 2.0  # a refusal comes back within this
PEAK_MB = 300  # and the process never holds more than this, the interpreter and its imports included
HEADER = ["Date", "What changed", "Why it matters"]


# One way to read a file -------------------------------------------------------------------------


def test_the_xlsx_reader_stands_apart_from_the_csv_reader():
    """read.py hands workbooks to xlsx.py; xlsx.py must not reach back into read.py."""
    tree = ast.parse((REPO / "clfj_data" / "xlsx.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "read" not in imported and "clfj_data.read" not in imported, imported

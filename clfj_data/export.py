"""Milestones out of the dashboard: a table people read, and files that are safe to open."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

from .columns import TEMPLATE_COLUMNS
from .dates import format_dates
from .markup import excel_text
from .programme import shipped_milestones_path

TEMPLATE_EXAMPLE_ID = "testimony-by-videoconference"  # two states: shows how to write them
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_name(short_name: str, what: str, version: int | None, extension: str, filtered: bool) -> str:
    """A file name that says what the file holds: ``clfj-results-v3-2026-11-28-filtered.pptx``."""
    parts = [short_name.lower(), what]
    if version is not None:
        parts.append(f"v{version}")
    parts.append(dt.date.today().isoformat())
    if filtered:
        parts.append("filtered")
    return "-".join(parts) + "." + extension


def milestones_table(frame: pd.DataFrame, latest: int | None = None) -> pd.DataFrame:
    """The milestones with the template's columns, as a person writes them: ``Mar 2022``,
    states joined with "; ". Reloading this table gives the same milestones back.

    With ``latest``, only that many of the most recent (still in date order)."""
    if latest is not None:
        frame = frame.tail(latest)
    table = frame.assign(
        date=format_dates(frame["date"], frame["precision"]),
        states=frame["states"].map("; ".join),
    )
    return table.loc[:, list(TEMPLATE_COLUMNS)].reset_index(drop=True)


def formula_safe(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with ``'``."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def to_csv(frame: pd.DataFrame) -> bytes:
    """The milestones as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), formula-safe."""
    table = milestones_table(frame).map(formula_safe)
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "milestones") -> bytes:
    """The milestones as an XLSX workbook. Every cell is written as text, never as a formula,
    and text a spreadsheet would run is prefixed with ``'`` as in the CSV. Text is escaped as
    Excel escapes it (:func:`markup.excel_text`), so the file loads back as it was."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    table = milestones_table(frame)
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet
    worksheet.append(list(table.columns))
    for row, values in enumerate(table.itertuples(index=False), start=2):
        for column, value in enumerate(values, start=1):
            cell = worksheet.cell(row=row, column=column, value=formula_safe(excel_text(value)))
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    for column, width in enumerate((32, 10, 40, 60, 60, 20, 14, 18, 36), start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv() -> str:
    """A CSV with the template's headers and one example row taken from the shipped data."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        example = next(row for row in csv.DictReader(handle) if row["id"] == TEMPLATE_EXAMPLE_ID)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow([example[column] for column in TEMPLATE_COLUMNS])
    return out.getvalue()


def problems_table(problems) -> pd.DataFrame:
    """Errors or warnings as a table: row, column, value, message."""
    return pd.DataFrame([p.to_dict() for p in problems], columns=["row", "column", "value", "message"])


def problems_csv(problems) -> bytes:
    """The problems as CSV for the person fixing the file (formula-safe, like every export)."""
    table = problems_table(problems).map(lambda v: "" if v is None or v != v else formula_safe(str(v)))
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def history_table(versions, changes: dict[int, str]) -> pd.DataFrame:
    """The version history as people read it, newest first; ``changes`` summarizes each version."""
    return pd.DataFrame(
        {
            "version": [v.version for v in versions],
            "published (UTC)": [v.published_at.strftime("%Y-%m-%d %H:%M") for v in versions],
            "by": [v.published_by for v in versions],
            "note": [v.note for v in versions],
            "milestones": [v.milestones for v in versions],
            "changes": [changes.get(v.version, "") for v in versions],
            "current": [v.current for v in versions],
        }
    )

"""Milestones out of the dashboard: a table people read, and files that are safe to open."""

from __future__ import annotations

import io

import pandas as pd

from .columns import TEMPLATE_COLUMNS
from .dates import format_date

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def milestones_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The milestones with the template's columns, as a person writes them: ``Mar 2022``,
    states joined with "; ". Reloading this table gives the same milestones back."""
    table = frame.assign(
        date=[format_date(d, p) for d, p in zip(frame["date"], frame["precision"], strict=True)],
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
    and text a spreadsheet would run is prefixed with ``'`` as in the CSV."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    table = milestones_table(frame)
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet
    worksheet.append(list(table.columns))
    for values in table.itertuples(index=False):
        worksheet.append([None] * len(values))
        for column, value in enumerate(values, start=1):
            cell = worksheet.cell(row=worksheet.max_row, column=column)
            cell.value = formula_safe(str(value))
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    for column, width in enumerate((32, 10, 40, 60, 60, 20, 14, 18, 36), start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

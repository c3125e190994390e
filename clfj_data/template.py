"""The blank templates staff fill in: a CSV with the headers only, and an XLSX that helps as
they type (dropdowns, a date hint, a sheet explaining each column with an example)."""

from __future__ import annotations

import csv
import io

from .columns import DATE_FORMS, MEANINGS, REQUIRED, TEMPLATE_COLUMNS
from .export import formula_safe
from .markup import excel_text
from .programme import shipped_milestones_path
from .translation import STATUSES
from .visibility import VISIBILITIES

TEMPLATE_EXAMPLE_ID = "testimony-by-videoconference"  # two states: shows how to write them
TEMPLATE_ROWS = 1000  # the rows of the XLSX template that offer the dropdowns and the date hint
GUIDE_SHEET, LISTS_SHEET = "how to fill in", "lists"
_WIDTHS = (
    32,
    16,
    16,
    40,
    60,
    60,
    24,
    14,
    18,
    36,
    24,
    40,
    30,
    30,
    18,
    12,
    40,
    60,
    60,
    24,
    40,
    30,
    18,
)  # of TEMPLATE_COLUMNS, in characters


def template_csv() -> str:
    """A CSV with the template's headers only: an example row in it would be published as a
    milestone if the file were uploaded unchanged (the XLSX template shows one, apart)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(TEMPLATE_COLUMNS)
    return out.getvalue()


def template_example() -> dict[str, str]:
    """The shipped milestone the templates show as an example, as its CSV row."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["id"] == TEMPLATE_EXAMPLE_ID)


def template_xlsx() -> bytes:
    """A blank XLSX template: a ``milestones`` sheet with the headers only, dropdowns for the
    sector and the states, a hint on the date column, and a sheet explaining each column with
    an example milestone (kept off the milestones sheet, so it is never uploaded by mistake)."""
    from openpyxl import Workbook

    book = Workbook()
    _milestones_sheet(book)
    _guide_sheet(book)
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _milestones_sheet(book) -> None:
    """The headers in bold, the columns wide enough to read, and each column's help."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.active
    sheet.title = "milestones"
    sheet.append(list(TEMPLATE_COLUMNS))
    letter = {name: get_column_letter(i) for i, name in enumerate(TEMPLATE_COLUMNS, start=1)}
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, width in zip(TEMPLATE_COLUMNS, _WIDTHS, strict=True):
        sheet.column_dimensions[letter[name]].width = width
    sheet.freeze_panes = "A2"
    sheet[f"{letter['date']}1"].comment = Comment(f"Write the date as {DATE_FORMS}.", "CLFJ")
    for name, validation in _validations(book).items():
        validation.add(f"{letter[name]}2:{letter[name]}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)


def _validations(book) -> dict:
    """By column: the date hints (the end date's only for a period), and the dropdowns of
    sectors, states (kept on a hidden sheet) and visibilities."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from .sectors import SECTORS
    from .states import ALL_STATES

    date_hint = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="Date")
    date_hint.prompt = DATE_FORMS
    end_hint = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="End date")
    end_hint.prompt = f"Only for a change that ran over a period: {DATE_FORMS}"
    sector = DataValidation(type="list", formula1='"' + ",".join(SECTORS) + '"', allow_blank=True)
    sector.errorStyle, sector.showErrorMessage = "warning", True
    sector.errorTitle, sector.error = "Sector", "This is not one of the sectors: keep it as a new sector?"
    lists = book.create_sheet(LISTS_SHEET)
    for state in ALL_STATES:
        lists.append([state])
    lists.sheet_state = "hidden"
    # As Excel writes a range in a validation: no leading "=".
    states_range = f"{LISTS_SHEET}!$A$1:$A${len(ALL_STATES)}"
    states = DataValidation(type="list", formula1=states_range, allow_blank=True)
    # Several states go in one cell ("Rajasthan; Bihar"): the list helps, it does not refuse.
    states.showErrorMessage, states.showInputMessage = False, True
    states.promptTitle = "States"
    states.prompt = "Pick one, or write several separated by ; (Rajasthan; Bihar)"
    visibility = DataValidation(type="list", formula1='"' + ",".join(VISIBILITIES) + '"', allow_blank=True)
    visibility.errorTitle, visibility.error = "Visibility", "Write public or staff (empty is public)."
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    status.errorTitle = "Translation status"
    status.error = "Write draft or reviewed (empty is draft where there is Hindi)."
    return {
        "date": date_hint, "end_date": end_hint, "sector": sector, "states": states, "visibility": visibility,
        "translation_status": status,
    }  # fmt: skip


def _guide_sheet(book) -> None:
    """Each column: whether it is required, what to write, and the example milestone's value."""
    from openpyxl.styles import Alignment, Font

    guide = book.create_sheet(GUIDE_SHEET, index=1)
    guide.append(["column", "required", "what to write", "example"])
    example = template_example()
    for name in TEMPLATE_COLUMNS:
        row = [name, "yes" if name in REQUIRED else "no", MEANINGS[name], example.get(name, "")]
        guide.append([formula_safe(excel_text(value)) for value in row])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (14, 10, 70, 70), strict=True):
        guide.column_dimensions[column].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

"""Files the loader refuses whole, one for each reason it gives: as the Data page's uploader
sends them (``UPLOADED``), and on the command line's paths or under small limits (``refusals``)."""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Callable
from pathlib import Path

from hostile.corpus import OLD_EXCEL, PDF, PNG, laughs_in_workbook
from hostile.corpus import _zip as zipped  # a ZIP of the members given
from openpyxl import Workbook

from clfj_data import uploads
from clfj_data.load import load_upload
from clfj_data.problems import UnreadableFile
from clfj_data.read import read_bytes, read_csv, read_file
from clfj_data.sheet import MB, Limits, check_width
from clfj_data.xlsx import read_xlsx

SHEET = b"date,description,rationale\nMar 2022,Courts use video.,Children testify safely.\n"


def workbook(rows: int = 1) -> bytes:
    book = Workbook()
    book.active.append(["date", "description", "rationale"])
    for _ in range(rows):
        book.active.append(["Mar 2022", "Courts use video.", "Children testify safely."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ODS = {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}
# What staff may drop in the uploader that cannot be read at all, each named for its reason.
UPLOADED: dict[str, list[tuple[str, bytes]]] = {
    "empty": [("m.csv", b"")],
    "PDF": [("m.csv", PDF)],
    "old Excel": [("m.xls.csv", OLD_EXCEL)],
    "CSV named .xlsx": [("m.xlsx", SHEET)],
    "not text": [("m.csv", PNG)],
    "not UTF-8": [("m.csv", codecs.BOM_UTF8 + b"date,description\n\xff\xfe,x\n")],
    "not UTF-16": [("m.csv", codecs.BOM_UTF16_LE + "date,description".encode("utf-16-le") + b"\x00")],
    "unclosed quote": [("m.csv", b'date,description,rationale\nMar 2022,"Courts,R\nApr 2022,B,R\n')],
    "damaged zip": [("m.xlsx", b"PK\x03\x04" + b"\0" * 40)],
    "zip, not a workbook": [("m.xlsx", zipped({"notes.txt": "hello"}))],
    "OpenDocument": [("m.xlsx", zipped(ODS))],
    "damaged workbook": [
        ("m.xlsx", zipped({"xl/workbook.xml": "<not a workbook", "[Content_Types].xml": "<"}))
    ],
    "XML entities": [("m.xlsx", laughs_in_workbook())],
    "no spreadsheet": [("photo.png", PNG)],
    "two spreadsheets": [("a.csv", SHEET), ("b.csv", SHEET)],
    "a picture twice": [("a.csv", SHEET), ("p.png", PNG), ("p.png", PNG)],
    "damaged ZIP": [("m.zip", b"PK\x03\x04" + b"\0" * 40)],
    "ZIP without a spreadsheet": [("m.zip", zipped({"p.png": PNG}))],
    "ZIP with two spreadsheets": [("m.zip", zipped({"a.csv": SHEET, "b.csv": SHEET}))],
    "ZIP with a picture twice": [("m.zip", zipped({"a.csv": SHEET, "x/p.png": PNG, "y/p.png": PNG}))],
    "ZIP naming a file outside it": [("m.zip", zipped({"../a.csv": SHEET}))],
}


def refused(make: Callable[[], object]) -> UnreadableFile:
    try:
        make()
    except UnreadableFile as error:
        return error
    raise AssertionError("not refused")


def uploaded(files: list[tuple[str, bytes]], limits: Limits | None = None):
    upload = uploads.from_files(files, limits)
    return load_upload(upload, limits=limits) if limits else load_upload(upload)


def refusals(folder: Path) -> list[UnreadableFile]:
    """Every reason a file is refused whole: the uploader's, then the command line's paths and
    the limits (set small here)."""
    found = [refused(lambda files=files: uploaded(files)) for files in UPLOADED.values()]
    sheet = folder / "m.csv"
    sheet.write_bytes(SHEET)
    (folder / "m.zip").write_bytes(zipped({"m.csv": SHEET}))
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    small = Limits(max_bytes=MB, max_rows=2, max_zip_entries=1)
    ratio = zipped({"zeros.csv": b"0" * (6 * MB)})
    found += [
        refused(lambda: read_bytes(12345, Limits())),
        refused(lambda: read_file(folder / "absent.csv", Limits())),
        refused(lambda: read_file(sheet / "inside", Limits())),  # through a file: not a folder
        refused(lambda: read_file(folder, Limits())),
        refused(lambda: read_file(fifo, Limits())),
        refused(lambda: read_file("/dev/null", Limits())),
        refused(lambda: read_bytes(b"x" * (2 * MB), small)),
        refused(lambda: read_csv(b"date\n1\n2\n3\n", small)),
        refused(lambda: read_csv(b"date,b\n1,2,3\n4\n5\n6\n", small)),  # irregular: read row by row
        refused(lambda: read_csv(b'date,b\n"' + b"line, more\n" * 300_000 + b'",R\n', Limits())),
        refused(lambda: read_csv(b"date\n" + b"," * 100_001 + b"\n", Limits())),
        refused(lambda: check_width(201, Limits())),
        refused(lambda: read_xlsx(workbook(rows=4), Limits(max_rows=2))),
        refused(lambda: uploads.from_zip(zipped({"a.csv": SHEET, "b.png": PNG}), small)),
        refused(lambda: uploads.from_zip(zipped({"a.csv": b"," * (2 * MB)}), Limits(max_unzipped_bytes=MB))),
        refused(lambda: uploads.from_zip(ratio, Limits())),
        refused(lambda: uploads.from_path(folder / "m.zip", folder)),
        refused(lambda: uploads.from_path(sheet, folder / "absent")),
    ]
    return found

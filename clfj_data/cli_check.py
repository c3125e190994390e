"""The commands on a spreadsheet alone: ``check`` and ``template``. They never load pandas,
plotly or the database layer, which together take longer to import than checking 100,000 rows."""

from __future__ import annotations

import sys

from .cli_shared import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, print_json, read_upload, summary, write_file
from .load import LoadResult, load_upload
from .problems import Problem, UnreadableFile
from .records import table_records


def check(args) -> int:
    try:
        result = load_upload(read_upload(args))
    except UnreadableFile as error:
        if args.json:
            problem = Problem(None, None, None, str(error))
            report = {"ok": False, "milestones": [], "title": None}
            print_json(report | {"errors": [problem.to_dict()], "warnings": []})
        else:
            print(f"{args.file}: cannot be read. {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        print_json(check_report(result))
    else:
        print(summary(args.file, result))
    return EXIT_OK if result.ok else EXIT_INVALID


def check_report(result: LoadResult) -> dict:
    """The ``check --json`` object: ``{"ok", "milestones", "title", "errors", "warnings"}``,
    ``title`` being the sheet's title row (``{"headline", "text"}``, or null)."""
    milestones = [] if result.table is None else table_records(result.table)
    return {
        "ok": result.ok,
        "milestones": milestones,
        "title": result.framing.title,
        "errors": [p.to_dict() for p in result.errors],
        "warnings": [p.to_dict() for p in result.warnings],
    }


def template(args) -> int:
    from .template import template_csv, template_xlsx

    if args.format == "xlsx":
        if not args.output:
            print("An XLSX template is written to a file: add -o FILE.", file=sys.stderr)
            return EXIT_UNREADABLE
        write_file(args.output, template_xlsx())
        print(f"Wrote {args.output}")
        return EXIT_OK
    text = template_csv()
    if args.output:
        # A BOM so that Excel opens the file as UTF-8 and keeps characters such as ’ intact.
        write_file(args.output, text.encode("utf-8-sig"))
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK

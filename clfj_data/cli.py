"""The command line: ``python -m clfj_data check FILE [--json]`` and ``template [-o FILE]``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from .columns import TEMPLATE_COLUMNS
from .dates import format_date
from .load import LoadResult, load_milestones
from .problems import Problem, UnreadableFile
from .programme import shipped_milestones_path

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
SHOWN_PROBLEMS = 50
TEMPLATE_EXAMPLE_ID = "testimony-by-videoconference"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m clfj_data", description="Check and prepare CLFJ milestone spreadsheets."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check a CSV or XLSX file of milestones")
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=_check)

    template = commands.add_parser("template", help="write a blank CSV template")
    template.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    template.set_defaults(run=_template)
    return parser


def _check(args) -> int:
    try:
        result = load_milestones(args.file)
    except UnreadableFile as error:
        if args.json:
            problem = Problem(None, None, None, str(error))
            _print_json({"ok": False, "milestones": [], "errors": [problem.to_dict()], "warnings": []})
        else:
            print(f"{args.file}: cannot be read. {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        _print_json(check_report(result))
    else:
        print(_summary(args.file, result))
    return EXIT_OK if result.ok else EXIT_INVALID


def check_report(result: LoadResult) -> dict:
    """The ``check --json`` object: ``{"ok", "milestones", "errors", "warnings"}``."""
    milestones = [] if result.milestones is None else milestone_records(result.milestones)
    return {
        "ok": result.ok,
        "milestones": milestones,
        "errors": [p.to_dict() for p in result.errors],
        "warnings": [p.to_dict() for p in result.warnings],
    }


def milestone_records(frame) -> list[dict]:
    """Milestones as JSON-ready dicts: ISO dates (first day of the period), states as lists."""
    records = frame.to_dict("records")
    for record in records:
        record["date"] = record["date"].date().isoformat()
        record["states"] = list(record["states"])
    return records


def _summary(path: Path, result: LoadResult) -> str:
    lines = []
    if result.ok:
        frame = result.milestones
        span = ""
        if len(frame):
            first, last = frame.iloc[0], frame.iloc[-1]
            span = f", {format_date(first.date, first.precision)} to {format_date(last.date, last.precision)}"
        lines.append(f"{path}: OK, {len(frame)} milestones{span} ({result.source}).")
    else:
        count = len(result.errors)
        lines.append(f"{path}: {count} error{'s' if count != 1 else ''}; the file was not accepted.")
        lines += _listed(result.errors)
    if result.warnings:
        lines.append(f"{len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}:")
        lines += _listed(result.warnings)
    return "\n".join(lines)


def _listed(problems: list[Problem]) -> list[str]:
    lines = [f"  {problem}" for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more (use --json to see all).")
    return lines


def _template(args) -> int:
    text = template_csv()
    if args.output:
        # A BOM so that Excel opens the file as UTF-8 and keeps characters such as ’ intact.
        args.output.write_text(text, encoding="utf-8-sig", newline="")
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def template_csv() -> str:
    """A CSV with the template's headers and one example row taken from the shipped data."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        example = next(row for row in csv.DictReader(handle) if row["id"] == TEMPLATE_EXAMPLE_ID)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow([example[column] for column in TEMPLATE_COLUMNS])
    return out.getvalue()


def _print_json(obj: dict) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

"""The command line: check and template a spreadsheet; publish, list, roll back and export versions.

    python -m clfj_data check FILE [--media DIR] [--json]
    python -m clfj_data template [--format csv|xlsx] [-o FILE]
    python -m clfj_data diff FILE [--json]
    python -m clfj_data publish FILE [--media DIR] --by NAME --note TEXT

FILE is a CSV or XLSX spreadsheet, with the pictures its image column names in DIR, or a ZIP
holding the spreadsheet and its pictures.
    python -m clfj_data history [--json]
    python -m clfj_data rollback VERSION --by NAME --note TEXT
    python -m clfj_data export --format csv|xlsx|html|pptx|png|svg|timelinejs [--version N]
        [--chart timeline|counts-state|counts-sector|state-sector|per-year] [filters]
        [--include-staff-only] [--lang en|hi] -o FILE
    python -m clfj_data site DIR [--version N]

The commands that touch versions use the database CLFJ_DATABASE_URL names (default: the
embedded SQLite file).

Exit codes: 0 done; 1 refused (content errors in the file, no such version, a blank note or
name, nothing that would change); 2 the file cannot be read, or the command line is wrong (an
unknown option, a version that is not a whole number from 1 to 2147483647, a filter value such
as --from 2020-13 or an unknown --state); 3 the database is busy (another process held its
lock for more than 10 seconds) or cannot be reached.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import cli_check, cli_versions, i18n
from .cli_check import check_report
from .cli_shared import EXIT_INVALID, EXIT_OK, EXIT_UNAVAILABLE, EXIT_UNREADABLE
from .problems import BadSetting, CannotWrite

# Each command imports the modules only it needs: ``check`` never loads pandas, plotly or the
# database layer, which together take longer to import than checking 100,000 rows.

# Named here too, where callers have always found them.
__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_UNAVAILABLE", "EXIT_UNREADABLE", "check_report", "main"]
MAX_VERSION = 2**31 - 1  # as clfj_data.store numbers versions (written here: check never loads it)
# The export formats and charts, as clfj_data.export registers them (written here so that the
# commands which do not export need not import it).
EXPORT_FORMATS = ("csv", "xlsx", "html", "pptx", "png", "svg", "timelinejs")
CHARTS = ("timeline", "counts-state", "counts-sector", "state-sector", "per-year")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (BadSetting, CannotWrite) as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m clfj_data",
        description="Check and prepare CLFJ milestone spreadsheets.",
        epilog=(
            "exit codes: 0 done; 1 refused (content errors, no such version, a blank note or name, "
            "nothing that would change); "
            "2 the file cannot be read, or a wrong command line (an option, a version number or a "
            "filter value that cannot be read); 3 the database is busy or cannot be reached."
        ),
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check a CSV or XLSX file of milestones (or a ZIP with pictures)"
    )
    check.add_argument("file", type=Path, metavar="FILE")
    _add_media(check)
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=cli_check.check)

    template = commands.add_parser("template", help="write a blank template (headers only)")
    template.add_argument(
        "--format", choices=("csv", "xlsx"), default="csv", help="xlsx adds dropdowns and a guide sheet"
    )
    template.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout (csv only)")
    template.set_defaults(run=cli_check.template)

    diff = commands.add_parser("diff", help="what publishing FILE would change in the current version")
    diff.add_argument("file", type=Path, metavar="FILE")
    diff.add_argument("--json", action="store_true", help="print one JSON object")
    diff.set_defaults(run=cli_versions.diff)

    publish = commands.add_parser("publish", help="check FILE and publish it as the new current version")
    publish.add_argument("file", type=Path, metavar="FILE")
    _add_media(publish)
    _add_author(publish)
    publish.set_defaults(run=cli_versions.publish)

    history = commands.add_parser("history", help="list every published version, newest first")
    history.add_argument("--json", action="store_true", help="print one JSON object")
    history.set_defaults(run=cli_versions.history)

    rollback = commands.add_parser("rollback", help="publish an older version's content as a new version")
    rollback.add_argument("version", type=_version_number, metavar="VERSION")
    _add_author(rollback)
    rollback.set_defaults(run=cli_versions.rollback)

    _add_export(
        commands.add_parser("export", help="write the milestones (current version by default) to FILE")
    )
    _add_site(
        commands.add_parser(
            "site", help="write the public edition (a static page of the public milestones) into DIR"
        )
    )
    return parser


def _add_site(site: argparse.ArgumentParser) -> None:
    """The ``site`` command's options: the folder and the version."""
    site.add_argument("directory", type=Path, metavar="DIR", help="replaced whole, at once, on every run")
    site.add_argument(
        "--version", type=_version_number, help="a published version (default: the current one)"
    )
    site.set_defaults(run=cli_versions.site)


def _add_export(export: argparse.ArgumentParser) -> None:
    """The ``export`` command's options: the format, the version, the chart and the filters."""
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument(
        "--version", type=_version_number, help="a published version (default: the current one)"
    )
    export.add_argument(
        "--chart", choices=CHARTS, default="timeline", help="for png and svg (default: timeline)"
    )
    export.add_argument("--state", action="append", default=[], help="only this state (repeatable)")
    export.add_argument("--sector", action="append", default=[], help="only this sector (repeatable)")
    export.add_argument(
        "--from", dest="start", default="", metavar="DATE", help="2020, 2020-03 or 2020-03-15"
    )
    export.add_argument("--to", dest="end", default="", metavar="DATE", help="2020, 2020-03 or 2020-03-15")
    export.add_argument(
        "--include-staff-only",
        action="store_true",
        help="also the milestones only staff see (the file then says it is not for public sharing, "
        "and its name has -staff-only); never in timelinejs, which is made for the public website",
    )
    _add_language(export, "the language of the file's words (csv and xlsx hold both)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.set_defaults(run=cli_versions.export)


def _add_language(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--lang", choices=tuple(i18n.LANGUAGES), default=i18n.DEFAULT, help=f"{what} (default: en)"
    )


def _version_number(text: str) -> int:
    """A version number as argparse reads it: a whole number from 1 to MAX_VERSION."""
    digits = text.strip()
    if re.fullmatch(r"[0-9]{1,10}", digits) and 1 <= int(digits) <= MAX_VERSION:
        return int(digits)
    shown = text if len(text) <= 30 else text[:29] + "…"
    raise argparse.ArgumentTypeError(f"a version is a whole number from 1 to {MAX_VERSION}, not {shown!r}")


def _add_media(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--media", type=Path, metavar="DIR", help="the folder holding the pictures the image column names"
    )


def _add_author(command: argparse.ArgumentParser) -> None:
    command.add_argument("--by", required=True, metavar="NAME", help="who publishes")
    command.add_argument("--note", required=True, metavar="TEXT", help="what changed, for the history")

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
        [--include-staff-only] -o FILE
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
import functools
import json
import re
import sys
from pathlib import Path

from .auth import Staff
from .load import LoadResult, load_milestones, load_upload
from .problems import BadSetting, CannotWrite, Problem, UnreadableFile
from .programme import load_programme
from .read import Limits, read_file
from .records import table_records
from .visibility import STAFF
from .wording import plural, span

# Each command imports the modules only it needs: ``check`` never loads pandas, plotly or the
# database layer, which together take longer to import than checking 100,000 rows.

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_UNAVAILABLE = 0, 1, 2, 3
MAX_VERSION = 2**31 - 1  # as clfj_data.store numbers versions (written here: check never loads it)
# The export formats and charts, as clfj_data.export registers them (written here so that the
# commands which do not export need not import it).
EXPORT_FORMATS = ("csv", "xlsx", "html", "pptx", "png", "svg", "timelinejs")
CHARTS = ("timeline", "counts-state", "counts-sector", "state-sector", "per-year")
SHOWN_PROBLEMS = 50


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (BadSetting, CannotWrite) as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE


def _write(path: Path, data: bytes) -> None:
    """``data`` written to ``path``, or :class:`CannotWrite` saying in one sentence why not
    (a folder, a missing folder, a full disk, a place nobody may write)."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CannotWrite(f"Cannot write {path}: {error.strerror or error}.") from None


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
    check.set_defaults(run=_check)

    template = commands.add_parser("template", help="write a blank template (headers only)")
    template.add_argument(
        "--format", choices=("csv", "xlsx"), default="csv", help="xlsx adds dropdowns and a guide sheet"
    )
    template.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout (csv only)")
    template.set_defaults(run=_template)

    diff = commands.add_parser("diff", help="what publishing FILE would change in the current version")
    diff.add_argument("file", type=Path, metavar="FILE")
    diff.add_argument("--json", action="store_true", help="print one JSON object")
    diff.set_defaults(run=_diff)

    publish = commands.add_parser("publish", help="check FILE and publish it as the new current version")
    publish.add_argument("file", type=Path, metavar="FILE")
    _add_media(publish)
    _add_author(publish)
    publish.set_defaults(run=_publish)

    history = commands.add_parser("history", help="list every published version, newest first")
    history.add_argument("--json", action="store_true", help="print one JSON object")
    history.set_defaults(run=_history)

    rollback = commands.add_parser("rollback", help="publish an older version's content as a new version")
    rollback.add_argument("version", type=_version_number, metavar="VERSION")
    _add_author(rollback)
    rollback.set_defaults(run=_rollback)

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
    site.set_defaults(run=_site)


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
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.set_defaults(run=_export)


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


def _upload(args):
    """FILE (and --media DIR) as an upload; raises UnreadableFile."""
    from .uploads import from_path

    return from_path(args.file, args.media, Limits.from_env())


def _add_author(command: argparse.ArgumentParser) -> None:
    command.add_argument("--by", required=True, metavar="NAME", help="who publishes")
    command.add_argument("--note", required=True, metavar="TEXT", help="what changed, for the history")


def _check(args) -> int:
    try:
        result = load_upload(_upload(args))
    except UnreadableFile as error:
        if args.json:
            problem = Problem(None, None, None, str(error))
            report = {"ok": False, "milestones": [], "title": None}
            _print_json(report | {"errors": [problem.to_dict()], "warnings": []})
        else:
            print(f"{args.file}: cannot be read. {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        _print_json(check_report(result))
    else:
        print(_summary(args.file, result))
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


def _summary(path: Path, result: LoadResult) -> str:
    lines = []
    if result.ok:
        found, order = result.in_file_order, result.order
        dates = ""
        if found.num_rows:
            earliest, latest = (
                (found["date"][i].as_py(), found["precision"][i].as_py())
                for i in (order[0].as_py(), order[-1].as_py())
            )
            dates = f", {span(earliest, latest)}"
        staff_only = found["visibility"].to_pylist().count(STAFF)
        marked = f" ({staff_only:,} staff-only)" if staff_only else ""
        lines.append(f"{path}: OK, {plural(found.num_rows, 'milestone')}{marked}{dates} ({result.source}).")
    else:
        lines.append(f"{path}: {plural(len(result.errors), 'error')}; the file was not accepted.")
        lines += _listed(result.errors)
    if result.warnings:
        lines.append(f"{plural(len(result.warnings), 'warning')}:")
        lines += _listed(result.warnings)
    return "\n".join(lines)


def _listed(problems: list[Problem]) -> list[str]:
    lines = [f"  {problem}" for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more (use --json to see all).")
    return lines


def _template(args) -> int:
    from .template import template_csv, template_xlsx

    if args.format == "xlsx":
        if not args.output:
            print("An XLSX template is written to a file: add -o FILE.", file=sys.stderr)
            return EXIT_UNREADABLE
        _write(args.output, template_xlsx())
        print(f"Wrote {args.output}")
        return EXIT_OK
    text = template_csv()
    if args.output:
        # A BOM so that Excel opens the file as UTF-8 and keeps characters such as ’ intact.
        _write(args.output, text.encode("utf-8-sig"))
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _using_store(*, writes: bool):
    """A command that touches versions: a database it cannot use (busy past the wait, or not
    reachable) ends it with one sentence and EXIT_UNAVAILABLE, not a traceback."""

    def wrap(command):
        @functools.wraps(command)
        def run(args) -> int:
            from . import store

            try:
                return command(args)
            except store.DatabaseUnavailable as error:
                print(f"{error}{' Nothing was published.' if writes else ''}", file=sys.stderr)
                return EXIT_UNAVAILABLE

        return run

    return wrap


@_using_store(writes=False)
def _diff(args) -> int:
    from . import store
    from .diff import diff_milestones

    try:
        result = load_milestones(read_file(args.file, Limits.from_env()), filename=args.file.name)
    except UnreadableFile as error:
        print(f"{args.file}: cannot be read. {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not result.ok:
        print(_summary(args.file, result), file=sys.stderr)
        return EXIT_INVALID
    engine = _ready_store()
    against = store.current_version(engine).version
    changes = diff_milestones(store.read_milestones(engine, against), result.milestones)
    if args.json:
        _print_json(changes.as_json(against))
    else:
        print(changes.as_text(against))
    return EXIT_OK


@_using_store(writes=True)
def _publish(args) -> int:
    from . import publishing, store

    engine = _ready_store()

    def write():
        upload = _upload(args)
        by = Staff(args.by, "command line")
        return publishing.publish_version(
            engine, upload.data, upload.name, by=by, note=args.note, media=upload.media
        )

    try:
        return _new_version(write)
    except UnreadableFile as error:
        print(f"{args.file}: cannot be read. {error} Nothing was published.", file=sys.stderr)
        return EXIT_UNREADABLE
    except store.InvalidFile as error:
        print(_summary(args.file, error.result) + "\nNothing was published.", file=sys.stderr)
        return EXIT_INVALID


def _new_version(write, refused: tuple[type[Exception], ...] = (ValueError, PermissionError)) -> int:
    """``write()``, which publishes a version: print its number, or say why nothing was published
    (a file's own problems are left to the caller)."""
    from . import store

    try:
        info = write()
    except store.InvalidFile:
        raise
    except store.NoChanges as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except refused as error:
        print(f"{error} Nothing was published.", file=sys.stderr)
        return EXIT_INVALID
    # At once, and flushed: whoever runs this learns the number even if the process is killed
    # next (and a re-run of the same file is then refused as identical, not published twice).
    print(info.version, flush=True)
    return EXIT_OK


@_using_store(writes=False)
def _history(args) -> int:
    from . import store

    versions = store.history(_ready_store())
    if args.json:
        _print_json({"versions": [v.as_json() for v in versions]})
        return EXIT_OK
    for v in versions:
        marker = "*" if v.current else " "
        when = v.published_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{marker} {v.version:>4}  {when}  {v.milestones:>6} milestones  {v.published_by}: {v.note}")
    return EXIT_OK


@_using_store(writes=True)
def _rollback(args) -> int:
    from . import publishing

    engine, by = _ready_store(), Staff(args.by, "command line")
    refused = (LookupError, ValueError, PermissionError)
    return _new_version(lambda: publishing.rollback(engine, args.version, by=by, note=args.note), refused)


@_using_store(writes=False)
def _export(args) -> int:
    from . import store
    from .export import FORMATS, render
    from .filters import FROM, SECTOR, STATE, TO, apply_filters, read_query
    from .images import ImagesUnavailable
    from .sectors import sector_labels
    from .visibility import includes_staff_only, visible, withdrawn

    engine = _ready_store()
    try:
        # What the current version makes staff-only is left out of every version's public export.
        hidden = withdrawn(store.read_milestones(engine)) if args.version else frozenset()
        frame = visible(
            store.read_milestones(engine, args.version), staff=args.include_staff_only, withdrawn=hidden
        )
        version = store.version_info(engine, args.version) if args.version else store.current_version(engine)
    except LookupError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    values = {STATE: args.state, SECTOR: args.sector, FROM: [args.start], TO: [args.end]}
    filters, problems = read_query(
        lambda name: values.get(name, []), sectors=set(sector_labels(frame)), prefix="--"
    )
    if problems:
        print("\n".join(problems) + "\nNothing was exported.", file=sys.stderr)
        return EXIT_UNREADABLE
    frame = apply_filters(frame, filters)
    left_out = FORMATS[args.format].public_only and includes_staff_only(frame)
    if FORMATS[args.format].public_only:
        frame = visible(frame, staff=False, withdrawn=hidden)
    pictures = store.read_pictures(engine, version.version, frame["image"])
    framing = store.read_framing(engine, version.version)
    try:
        made = render(
            args.format, frame, programme=load_programme(), version=version, filters=filters,
            chart=args.chart, pictures=pictures, framing=framing,
        )  # fmt: skip
    except ImagesUnavailable as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    if left_out:
        print("TimelineJS is for the public website: staff-only milestones are left out.", file=sys.stderr)
    _write(args.output, made.data)
    print(f"Wrote {plural(len(frame), 'milestone')} to {args.output}")
    return EXIT_OK


@_using_store(writes=False)
def _site(args) -> int:
    from .site import NotAnEdition, write_edition

    try:
        info = write_edition(_ready_store(), args.directory, args.version)
    except LookupError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except NotAnEdition as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Wrote the public edition of version {info.version} to {args.directory}")
    return EXIT_OK


def _ready_store():
    from . import store

    engine = store.connect()
    store.ensure_ready(engine)
    return engine


def _print_json(obj: dict) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

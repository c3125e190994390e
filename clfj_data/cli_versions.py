"""The commands on the published versions: ``diff``, ``publish``, ``history``, ``rollback``,
``export`` and ``site``, each with the database ``CLFJ_DATABASE_URL`` names."""

from __future__ import annotations

import functools
import sys

from .auth import Staff
from .cli_shared import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_UNREADABLE,
    print_json,
    read_upload,
    summary,
    write_file,
)
from .load import load_milestones
from .problems import UnreadableFile
from .programme import load_programme
from .read import Limits, read_file
from .wording import plural


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
def diff(args) -> int:
    from . import store
    from .diff import diff_milestones

    try:
        result = load_milestones(read_file(args.file, Limits.from_env()), filename=args.file.name)
    except UnreadableFile as error:
        print(f"{args.file}: cannot be read. {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not result.ok:
        print(summary(args.file, result), file=sys.stderr)
        return EXIT_INVALID
    engine = ready_store()
    against = store.current_version(engine).version
    changes = diff_milestones(store.read_milestones(engine, against), result.milestones)
    if args.json:
        print_json(changes.as_json(against))
    else:
        print(changes.as_text(against))
    return EXIT_OK


@_using_store(writes=True)
def publish(args) -> int:
    from . import publishing, store

    engine = ready_store()

    def write():
        upload = read_upload(args)
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
        print(summary(args.file, error.result) + "\nNothing was published.", file=sys.stderr)
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
def history(args) -> int:
    from . import store

    versions = store.history(ready_store())
    if args.json:
        print_json({"versions": [v.as_json() for v in versions]})
        return EXIT_OK
    for v in versions:
        marker = "*" if v.current else " "
        when = v.published_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{marker} {v.version:>4}  {when}  {v.milestones:>6} milestones  {v.published_by}: {v.note}")
    return EXIT_OK


@_using_store(writes=True)
def rollback(args) -> int:
    from . import publishing

    engine, by = ready_store(), Staff(args.by, "command line")
    refused = (LookupError, ValueError, PermissionError)
    return _new_version(lambda: publishing.rollback(engine, args.version, by=by, note=args.note), refused)


@_using_store(writes=False)
def export(args) -> int:
    from . import store
    from .export import FORMATS, render
    from .filters import FROM, SECTOR, STATE, TO, apply_filters, read_query
    from .images import ImagesUnavailable
    from .sectors import sector_labels
    from .visibility import includes_staff_only, visible, withdrawn

    engine = ready_store()
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
            chart=args.chart, pictures=pictures, framing=framing, lang=args.lang,
        )  # fmt: skip
    except ImagesUnavailable as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    if left_out:
        print("TimelineJS is for the public website: staff-only milestones are left out.", file=sys.stderr)
    write_file(args.output, made.data)
    print(f"Wrote {plural(len(frame), 'milestone')} to {args.output}")
    return EXIT_OK


@_using_store(writes=False)
def site(args) -> int:
    from .site import NotAnEdition, write_edition

    try:
        info = write_edition(ready_store(), args.directory, args.version)
    except LookupError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except NotAnEdition as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Wrote the public edition of version {info.version} to {args.directory}")
    return EXIT_OK


def ready_store():
    from . import store

    engine = store.connect()
    store.ensure_ready(engine)
    return engine

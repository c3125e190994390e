"""Export buttons the pages share: every file is made by ``clfj_data.export.render`` when asked for."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial

import streamlit as st

from clfj_data import i18n, store
from clfj_data.export import FORMATS, Rendered, file_name, render
from clfj_data.filters import Filters
from clfj_data.images import ImagesBusy, ImagesUnavailable, image_browser, warm_browser
from clfj_data.visibility import includes_staff_only, visible
from clfj_ui import dataset, filtering, internals, made_files
from clfj_ui.language import N_, _, current

BUSY = N_("The image could not be made just now: the server is busy. Try again in a moment.")
FILE_BUSY = N_("The file could not be made just now: the server is busy. Try again in a moment.")


def holds_staff_only(frame) -> bool:
    """Whether ``frame`` holds a staff-only milestone. Only staff's frames ever do (a visitor's
    milestones are read without them): a visitor's run does not look through every row, which
    takes 1-2 ms at 10,000 milestones, for each export button."""
    return dataset.sees_staff_only() and includes_staff_only(frame)


# What the tick does, said in its help: who sees the staff-only milestones, and where.
EXPORTS_HELP = N_(
    "Staff-only milestones are seen only by signed-in staff, marked “Staff only” on every page; "
    "visitors never see them. Ticked, the files below hold them too, and each says it is not for "
    "public sharing, on its first page or slide and in its name. TimelineJS files never hold them."
)
STORY_HELP = N_(
    "Staff-only milestones are seen only by signed-in staff; visitors never see them. Ticked, the "
    "story shows them as slides too, marked “Staff only: not for public sharing”, to everyone "
    "watching this screen, and the files below hold them, each saying it is not for public sharing "
    "on its first page or slide and in its name. TimelineJS files never hold them."
)


def staff_tick(frame, key: str, explained: str = EXPORTS_HELP) -> bool:
    """Whether staff ticked to include the staff-only milestones (keyed ``key``; off by default;
    ``explained`` says what ticking it does). Drawn only where ``frame`` holds any, and only
    staff's frames ever do, so only staff ever see the box."""
    if not holds_staff_only(frame):
        return False
    return st.checkbox(_("Include staff-only milestones"), key=key, help=_(explained))


def staff_choice(frame, key: str) -> object:
    """The milestones a page's exports hold: ``frame``, without its staff-only milestones unless
    staff tick the box (:func:`staff_tick`)."""
    return frame if staff_tick(frame, key) else visible(frame, staff=False)


def deferred_download(label: str, key: str, fmt: str, frame, *, version=None, filters: Filters | None = None):
    """A download of ``frame``, milestones of one version (the current one, narrowed by the
    sidebar's filters, unless told otherwise), as CSV or XLSX, made only when clicked (the file
    is made then, outside the script, so a page never builds files nobody asks for)."""
    info = dataset.current_info() if version is None else version
    filters = filtering.current_filters() if filters is None else filters
    programme, framing, lang = dataset.programme(), dataset.framing_of(info.version), current()

    def make() -> bytes:  # in the language being viewed
        return render(
            fmt, frame, programme=programme, version=info, filters=filters, framing=framing, lang=lang
        ).data

    st.download_button(
        label,
        make,
        file_name(fmt, programme, info.version, filters, staff_only=holds_staff_only(frame), lang=lang),
        FORMATS[fmt].mime,
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def prepared_download(label: str, key: str, fmt: str, frame, width="content", **options) -> None:
    """A deck, an offline report or a TimelineJS file in one click: made when its button is
    pressed (the button turns to a spinner meanwhile) and downloaded at once, then kept for
    whoever asks for the same view. A press the server cannot serve now says why under the
    button. A label too long for its button wraps at a word, never cut short. The file is in
    the language being viewed."""
    options = {"lang": current(), **options}
    internals.say_refusals_plainly()
    info, filters, programme = dataset.current_info(), filtering.current_filters(), dataset.programme()
    engine, framing = dataset.engine(), dataset.framing_of(info.version)

    def make() -> Rendered:  # on a thread of Streamlit's own, outside the script
        pictures = store.read_pictures(engine, info.version, frame["image"])
        return render(
            fmt, frame, programme=programme, version=info, filters=filters, pictures=pictures,
            framing=framing, **options,
        )  # fmt: skip

    view = partial(made_files.view_key, fmt, info.version, filters, options, frame["id"])
    staff_only = holds_staff_only(frame)
    st.download_button(
        _("Download {file}").format(file=label),
        made_on_press(view, make, options["lang"], busy=FILE_BUSY),
        file_name(fmt, programme, info.version, filters, staff_only=staff_only, lang=options["lang"]),
        FORMATS[fmt].mime,
        key=f"{key}_download",
        on_click="ignore",
        icon=":material/download:",
        width=width,
        wrap=True,
    )


def story_exports(frame, address: str = "") -> None:
    """The deck and the offline report, one under the other at the popover's width; the deck's
    closing slide links to ``address`` (the dashboard's front page as the room can reach it)."""
    prepared_download(_("PowerPoint"), "export_pptx", "pptx", frame, width="stretch", address=address)
    prepared_download(_("offline HTML"), "export_html", "html", frame, width="stretch")


def image_exports(frame, chart: str, key: str, **options) -> None:
    """PNG and SVG of one chart, each one click: the image is made when its button is pressed
    (the button turns to a spinner meanwhile) and downloads at once. Says plainly when no
    browser can draw images, and under the button when one cannot be made now (the server
    busy). The image's words are in the language being viewed."""
    options = {"lang": current(), **options}
    if image_browser() is None:
        st.caption(_("Images need Chrome or Chromium on the server; the other exports work without it."))
        return
    internals.say_refusals_plainly()
    info, filters, programme = dataset.current_info(), filtering.current_filters(), dataset.programme()
    framing, staff_only = dataset.framing_of(info.version), holds_staff_only(frame)
    asked = {"programme": programme, "version": info, "filters": filters, "chart": chart, "framing": framing}
    with st.container(horizontal=True, key=f"{key}_images"):  # side by side, not at opposite ends
        for fmt in ("png", "svg"):
            shown = {"chart": chart, **options}
            view = partial(made_files.view_key, fmt, info.version, filters, shown, frame["id"])
            make = partial(render, fmt, frame, **asked, **options)
            st.download_button(
                _("Download {file}").format(file=fmt.upper()),
                made_on_press(view, make, options["lang"]),
                file_name(
                    fmt, programme, info.version, filters, chart, staff_only=staff_only, lang=options["lang"]
                ),
                FORMATS[fmt].mime,
                key=f"{key}_{fmt}_download",
                on_click="ignore",
                icon=":material/download:",
            )


def made_on_press(
    view: Callable[[], Hashable], make: Callable[[], Rendered], lang: str, busy: str = BUSY
) -> Callable[[], bytes]:
    """What a one-click download button calls when pressed, on a thread of Streamlit's own
    outside the script (no st.* there): the file's bytes, made by ``make`` (or kept from before,
    for the view whose key ``view()`` gives: worked out on the press, not in every run, as it
    hashes every milestone's id). A file that cannot be made now raises
    :class:`internals.Refused` with a plain sentence in ``lang`` (``busy`` when the server is
    busy), shown under the button."""
    said = i18n.translator(lang)

    def made_file() -> bytes:
        try:
            return made_files.made(view(), make).data
        except (made_files.Busy, ImagesBusy) as error:  # every place taken, or a drawing timed out
            raise internals.Refused(said(busy)) from error
        except ImagesUnavailable as error:
            raise internals.Refused(said(str(error))) from error
        except store.DatabaseUnavailable as error:  # the pictures could not be read
            raise internals.Refused(said(dataset.UNAVAILABLE)) from error

    return made_file


def exports_expander(label: str, key: str):
    """An expander holding image exports: opening it starts the browser that draws images (one
    for the whole server, kept), so that the first image asked for does not wait for it."""
    return st.expander(label, key=key, on_change=warm_browser)

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


def holds_staff_only(frame) -> bool:
    """Whether ``frame`` holds a staff-only milestone. Only staff's frames ever do (a visitor's
    milestones are read without them): a visitor's run does not look through every row, which
    takes 1-2 ms at 10,000 milestones, for each export button."""
    return dataset.sees_staff_only() and includes_staff_only(frame)


def staff_choice(frame, key: str):
    """The milestones a page's exports hold: ``frame``, without its staff-only milestones unless
    staff tick the box (keyed ``key``; off by default). Only staff's frames hold any, so only
    staff ever see the box."""
    if not holds_staff_only(frame):
        return frame
    included = st.checkbox(
        _("Include staff-only milestones"),
        key=key,
        help=_(
            "A file that holds them says it is not for public sharing, on its first page or slide "
            "and in its name. TimelineJS files never hold them."
        ),
    )
    return frame if included else visible(frame, staff=False)


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
    """A button that makes the file (showing progress), then a button that downloads it.

    The file is remembered with the data version and filters it was made from, so it is
    never offered for a view it does not match. A label too long for its button wraps at a
    word, never cut short. The file is in the language being viewed.
    """
    options = {"lang": current(), **options}
    info, filters = dataset.current_info(), filtering.current_filters()
    view = (info.version, filters, tuple(sorted(options.items())), holds_staff_only(frame))
    ready = st.session_state.get(key)
    if ready and ready[0] == view:
        made = ready[1]
        st.download_button(
            _("Download {file}").format(file=label),
            made.data,
            made.file_name,
            made.mime,
            key=f"{key}_download",
            on_click="ignore",
            icon=":material/download:",
            width=width,
            wrap=True,
        )
        return
    if st.button(_("Make {file}").format(file=label), key=f"{key}_make", width=width, wrap=True):
        making = _("Making {file}…").format(file=label)
        bar = st.progress(0.0, text=making)

        def progress(done: int, total: int) -> None:
            # Raises Streamlit's stop once this session has gone, which abandons the file.
            bar.progress(done / total, text=f"{making} {done}/{total}")

        def make():
            engine = dataset.engine()
            pictures = dataset.from_database(
                lambda: store.read_pictures(engine, info.version, frame["image"])
            )
            return render(
                fmt, frame, programme=dataset.programme(), version=info, filters=filters,
                progress=progress, pictures=pictures, framing=dataset.framing_of(info.version), **options,
            )  # fmt: skip

        try:
            done = made_files.made(
                made_files.view_key(fmt, info.version, filters, options, frame["id"]), make
            )
        except (ImagesUnavailable, made_files.Busy) as error:
            bar.empty()
            st.warning(_(str(error)))
            return
        bar.empty()
        st.session_state[key] = (view, done)
        st.rerun()


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
            view = partial(_image_view, frame, fmt, info.version, filters, {"chart": chart, **options})
            make = partial(render, fmt, frame, **asked, **options)
            st.download_button(
                _("Download {file}").format(file=fmt.upper()),
                image_maker(view, make, options["lang"]),
                file_name(
                    fmt, programme, info.version, filters, chart, staff_only=staff_only, lang=options["lang"]
                ),
                FORMATS[fmt].mime,
                key=f"{key}_{fmt}_download",
                on_click="ignore",
                icon=":material/download:",
            )


def _image_view(frame, fmt: str, version: int, filters: Filters, options: dict) -> Hashable:
    # Worked out when the button is pressed, not in every run: it hashes every milestone's id
    # (16 ms at 10,000 milestones, for each of a page's buttons).
    return made_files.view_key(fmt, version, filters, options, frame["id"])


def image_maker(view: Callable[[], Hashable], make: Callable[[], Rendered], lang: str) -> Callable[[], bytes]:
    """What a Download PNG button calls when pressed, on a thread of Streamlit's own outside the
    script (no st.* there): the image's bytes, made by ``make`` (or kept from before, for the
    view whose key ``view()`` gives). An image that cannot be made now raises
    :class:`internals.Refused` with a plain sentence in ``lang``, shown under the button."""
    said = i18n.translator(lang)

    def image() -> bytes:
        try:
            return made_files.made(view(), make).data
        except (made_files.Busy, ImagesBusy) as busy:  # every place taken, or a drawing timed out
            raise internals.Refused(said(BUSY)) from busy
        except ImagesUnavailable as error:
            raise internals.Refused(said(str(error))) from error

    return image


def exports_expander(label: str, key: str):
    """An expander holding image exports: opening it starts the browser that draws images (one
    for the whole server, kept), so that the first image asked for does not wait for it."""
    return st.expander(label, key=key, on_change=warm_browser)

"""Export buttons the pages share: files are made when asked for, with progress, then offered."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from clfj_data.export import export_name
from clfj_data.images import ImagesUnavailable, figure_image, image_browser
from pages import _ui

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
    "png": "image/png",
    "svg": "image/svg+xml",
    "json": "application/json",
}


def name(what: str, extension: str) -> str:
    programme = _ui.programme()
    return export_name(
        programme.short_name, what, _ui.current_info().version, extension, _ui.current_filters().active
    )


def prepared_download(label: str, key: str, build: Callable[..., bytes], file_name: str) -> None:
    """A button that makes the file (showing progress), then a button that downloads it.

    The file is remembered with the data version and filters it was made from, so it is
    never offered for a view it does not match.
    """
    view = (_ui.current_info().version, _ui.current_filters())
    ready = st.session_state.get(key)
    if ready and ready[0] == view:
        st.download_button(
            f"Download {label}",
            ready[1],
            file_name,
            MIME[file_name.rsplit(".", 1)[1]],
            key=f"{key}_download",
            on_click="ignore",
            icon=":material/download:",
        )
        return
    if st.button(f"Make {label}", key=f"{key}_make"):
        bar = st.progress(0.0, text=f"Making {label}…")
        try:
            data = build(
                lambda done, total: bar.progress(done / total, text=f"Making {label}… {done}/{total}")
            )
        except ImagesUnavailable as error:
            bar.empty()
            st.warning(str(error))
            return
        bar.empty()
        st.session_state[key] = (view, data)
        st.rerun()


def story_exports(frame) -> None:
    from clfj_data.deck import to_pptx
    from clfj_data.report import to_html

    programme, version, filters = _ui.programme(), _ui.current_info(), _ui.current_filters().describe()

    def deck(progress) -> bytes:
        timeline = None
        if image_browser():
            from clfj_data.charts import timeline_figure

            try:
                timeline = figure_image(timeline_figure(frame), "png", width=1600, height=700)
            except ImagesUnavailable:
                timeline = None
        return to_pptx(
            frame, programme, version=version, filters_text=filters, timeline_png=timeline, progress=progress
        )

    columns = st.columns(2)
    with columns[0]:
        prepared_download("PowerPoint", "export_pptx", deck, name("results", "pptx"))
    with columns[1]:
        prepared_download(
            "offline HTML",
            "export_html",
            lambda progress: to_html(frame, programme, version=version, filters_text=filters),
            name("results", "html"),
        )


def image_exports(build_figure, what: str, key: str) -> None:
    """PNG and SVG of one chart (built only when asked for); says plainly when no browser can."""
    if image_browser() is None:
        st.caption("Images need Chrome or Chromium on the server; the other exports work without it.")
        return
    columns = st.columns(2)
    for column, fmt in zip(columns, ("png", "svg"), strict=True):
        with column:
            prepared_download(
                fmt.upper(),
                f"{key}_{fmt}",
                lambda progress, f=fmt: figure_image(build_figure(), f),
                name(what, fmt),
            )

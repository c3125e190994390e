"""A page's own style sheet (``static/<page>.css``), drawn by the page itself.

Each rule of the file is scoped under ``html.clfj-<page>``, the class static/page-class.js gives
``<html>`` while that page is shown. Through the shipped nginx site (deploy/nginx/clfj.conf) the
file is linked into the head of the app's page, so the rules apply from the first paint. The page
draws the same rules without their scope, for the app served without nginx: there they arrive
after the page is painted, and through nginx they change nothing when they arrive.
"""

from __future__ import annotations

import functools

import streamlit as st

from clfj_ui.entry import ENTRY

STATIC = ENTRY.parent / "static"


@functools.cache
def rules(page: str) -> str:
    """``static/<page>.css`` without its page's scope."""
    return (STATIC / f"{page}.css").read_text(encoding="utf-8").replace(f"html.clfj-{page} ", "")


def draw(page: str) -> None:
    """Draw ``page``'s style sheet."""
    st.html(f"<style>{rules(page)}</style>")

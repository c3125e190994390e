"""What a presenter drives the story with: the keyboard (and so a presentation clicker) and full screen.

A frameless component (``st.components.v2``): its script listens on the page itself, which an
iframe could not. Not a page itself (the leading underscore keeps it out of the navigation).
"""

from __future__ import annotations

import streamlit as st

# Presentation clickers send Page Down and Page Up; Right, Space and Left are what people press.
MOVES = {"next", "previous", "first", "last"}

_HTML = (
    '<button type="button" class="full-screen"><svg viewBox="0 0 24 24" width="18" height="18" '
    'aria-hidden="true"><path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" fill="none" '
    'stroke="currentColor" stroke-width="2"/></svg><span>Full screen</span></button>'
)
_CSS = """
.full-screen { display: inline-flex; align-items: center; gap: 0.4rem; white-space: nowrap;
  font: inherit; font-size: 0.95rem; padding: 0.35rem 0.8rem; cursor: pointer;
  border: 1px solid #B8C0C8; border-radius: 0.5rem; background: #FFFFFF; color: #222222; }
.full-screen:hover { border-color: #0072B2; color: #0072B2; }
.full-screen:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
"""
_JS = """
const KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "previous",
  PageUp: "previous", Home: "first", End: "last" };
const TYPING = "input, textarea, select, [contenteditable], [role=combobox], [role=listbox], [role=slider]";

export default function (component) {
  const { setTriggerValue, parentElement } = component;
  const button = parentElement.querySelector(".full-screen");
  const root = parentElement.host || parentElement;
  button.onclick = () => {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      document.documentElement.requestFullscreen();
    }
  };
  if (window.clfjPresenterKeys) {
    document.removeEventListener("keydown", window.clfjPresenterKeys);
  }
  window.clfjPresenterKeys = (event) => {
    if (!root.isConnected) {  // the story is no longer on the page: leave other pages' keys alone
      document.removeEventListener("keydown", window.clfjPresenterKeys);
      return;
    }
    const move = KEYS[event.key];
    const target = event.target;
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    const pressing = event.key === " " && target && target.closest && target.closest("button");
    if (pressing || (target && target.closest && target.closest(TYPING))) {
      return;  // typing in a field, or Space pressing a focused button, keeps its meaning
    }
    event.preventDefault();
    setTriggerValue("move", move);
  };
  document.addEventListener("keydown", window.clfjPresenterKeys);
}
"""

_presenter = st.components.v2.component("clfj_presenter", html=_HTML, css=_CSS, js=_JS)


def presenter_controls(key: str) -> str | None:
    """Draw the full-screen button and listen for the presenter's keys; the move a key asked
    for in this run ("next", "previous", "first" or "last"), else None."""
    result = _presenter(key=key, on_move_change=lambda: None, width="content")
    move = getattr(result, "move", None)
    return move if move in MOVES else None

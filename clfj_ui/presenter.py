"""What a presenter drives the story with: the keyboard (and so a presentation clicker) and full screen.

A Components v2 element (``st.components.v2``, no iframe): its script listens on the page
itself. Keys queue: every press is counted in the browser and sent with all the moves the app
has not yet shown, from the slide the browser last showed, so three presses move three slides
however fast they come, even when a press arrives while the app is still drawing the one before.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import streamlit as st

from clfj_data.story import moved_by
from clfj_ui.language import _

MOST_MOVES = 200  # more unshown presses than anyone makes: a larger list is not a presenter's
MOST_PRESSES = 2**53 - 1  # the browser counts in JavaScript numbers, whole only up to this

_HTML = (
    '<button type="button" class="full-screen"><svg viewBox="0 0 24 24" width="18" height="18" '
    'aria-hidden="true"><path d="" fill="none" '
    'stroke="currentColor" stroke-width="2"/></svg><span></span></button>'
)
_CSS = """
.full-screen { display: inline-flex; align-items: center; gap: 0.4rem; white-space: nowrap;
  font: inherit; font-size: 0.95rem; padding: 0.35rem 0.8rem; cursor: pointer;
  border: 1px solid #B8C0C8; border-radius: 0.5rem; background: #FFFFFF; color: #222222; }
.full-screen:hover { border-color: #0072B2; color: #0072B2; }
.full-screen:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
"""
_JS = """
// Presentation clickers send Page Down and Page Up; Right, Space and Left are what people press.
const KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "previous",
  PageUp: "previous", Home: "first", End: "last" };
// Corners pointing out (go full screen) and in (leave it).
const ENTER_ICON = "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5";
const EXIT_ICON = "M4 9h5V4M15 4v5h5M20 15h-5v5M9 20v-5H4";
const TYPING = "input, textarea, select, [contenteditable], [role=combobox], [role=listbox], [role=slider]";
// The jump list (pages/story.py): once a slide is picked from it, its box keeps focus, shut.
const JUMP = ".st-key-story_jump [role=combobox], .st-key-story_jump_phone [role=combobox]";

// A shut jump list is not being typed in: focus goes back to the slide (the main area), so the
// next press of a key or a clicker moves the slide rather than opening the list again.
function shutJumpList(target) {
  if (!target || !target.closest || !target.closest(JUMP) || document.querySelector("[role=listbox]")) {
    return false;
  }
  target.blur();
  const main = document.querySelector("[data-testid='stMain']");
  if (main) main.focus({ preventScroll: true });
  return true;
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const button = parentElement.querySelector(".full-screen");
  // Its words and icon follow the state: "Exit full screen" while the story fills the screen
  // (entered here, with F11, or left with Esc), in the language being viewed.
  const showState = () => {
    const full = Boolean(document.fullscreenElement);
    button.querySelector("span").textContent = full ? data.exit_label : data.label;
    button.querySelector("path").setAttribute("d", full ? EXIT_ICON : ENTER_ICON);
  };
  showState();
  if (window.clfjFullScreenChange) {
    document.removeEventListener("fullscreenchange", window.clfjFullScreenChange);
  }
  window.clfjFullScreenChange = showState;
  document.addEventListener("fullscreenchange", showState);
  const root = parentElement.host || parentElement;
  button.onclick = () => {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      document.documentElement.requestFullscreen();
    }
  };
  // The presses since the slide on screen was drawn: the app has shown every press up to
  // data.press, on slide data.step. A new session (a restarted server) starts the count anew.
  let queue = window.clfjPresenterQueue;
  if (!queue || queue.session !== data.session) {
    queue = window.clfjPresenterQueue = { session: data.session, press: data.press, moves: [] };
  }
  queue.from = data.step;
  queue.moves = queue.moves.filter((pressed) => pressed.press > data.press);
  queue.press = Math.max(queue.press, data.press);
  shutJumpList(document.activeElement);  // drawn after a jump: the keys are the slide's again

  if (window.clfjPresenterKeys) {
    document.removeEventListener("keydown", window.clfjPresenterKeys, true);
  }
  window.clfjPresenterKeys = (event) => {
    if (!root.isConnected) {  // the story is no longer on the page: leave other pages' keys alone
      document.removeEventListener("keydown", window.clfjPresenterKeys, true);
      return;
    }
    const move = KEYS[event.key];
    const target = event.target;
    if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    const pressing = event.key === " " && target && target.closest && target.closest("button");
    const jumped = shutJumpList(target);
    if (!jumped && (pressing || (target && target.closest && target.closest(TYPING)))) {
      return;  // typing in a field, or Space pressing a focused button, keeps its meaning
    }
    event.preventDefault();
    event.stopPropagation();  // heard first (see below): a shut jump list does not open again
    queue.press += 1;
    queue.moves.push({ press: queue.press, move });
    // Every move not yet shown, from the slide on screen: a press that comes while the app is
    // still drawing the one before is added to it, never lost.
    setTriggerValue("keys", { from: queue.from, moves: queue.moves.map((m) => m.move), press: queue.press });
  };
  // Heard before the page's own controls (the capturing phase), so that a key pressed in a shut
  // jump list moves the slide instead of opening the list.
  document.addEventListener("keydown", window.clfjPresenterKeys, true);

  // Streamlit frames the whole main area while it has keyboard focus (:focus-visible). Chromium
  // counts a presenter's key press after a click on the slide as keyboard focus, so the slide
  // was framed; the body is marked while focus came from the pointer (static/story.css then
  // draws no frame), and Tab, which moves focus by keyboard, unmarks it.
  if (!window.clfjPointerFocus) {
    window.clfjPointerFocus = true;
    const body = () => document.body.classList;
    document.addEventListener("pointerdown", () => body().add("clfj-pointer-focus"), true);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Tab") body().remove("clfj-pointer-focus");
    }, true);
  }
}
"""

_presenter = st.components.v2.component("clfj_presenter", html=_HTML, css=_CSS, js=_JS)


def presenter_controls(key: str, step: int, slides: int, go_to: Callable[[int], None]) -> None:
    """Draw the full-screen button and listen for the presenter's keys on slide ``step`` of
    ``slides``; ``go_to(step)`` is called, before the page is drawn again, with the slide the
    keys pressed lead to."""
    session = st.session_state.setdefault(f"{key}_session", secrets.token_hex(8))

    def keys_pressed() -> None:
        pressed = (st.session_state.get(key) or {}).get("keys")
        if not isinstance(pressed, dict):
            return
        start, moves, press = pressed.get("from"), pressed.get("moves"), pressed.get("press")
        valid = (
            type(start) is int and 1 <= start <= slides
            and type(press) is int and 1 <= press <= MOST_PRESSES
            and isinstance(moves, list) and len(moves) <= MOST_MOVES
        )  # fmt: skip
        if not valid:  # not what the element sends: ignored, as a forged widget value is
            return
        st.session_state[f"{key}_press"] = press
        go_to(moved_by(start, moves, slides))

    data = {
        "step": step,
        "press": st.session_state.get(f"{key}_press", 0),
        "session": session,
        "label": _("Full screen"),
        "exit_label": _("Exit full screen"),
    }
    _presenter(key=key, data=data, on_keys_change=keys_pressed, width="content")

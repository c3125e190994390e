"""The app's own font for the browser that draws chart images.

The app's charts are set in Source Sans, Streamlit's web font, which no system has installed: a
browser drawing an image fell back to Liberation Sans. Before that browser starts, the font is
made a system font for it: Streamlit's file (WOFF2, which Chromium does not take as a system
font) is written out as TrueType in a folder of this process, and a fontconfig file that holds
the system's fonts and that folder, naming the font "Source Sans" as the charts do, is given to
the browser through ``FONTCONFIG_FILE``. Devanagari still comes from the system's Noto fonts.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import shutil
import tempfile
from pathlib import Path

from .text_width import source_sans_file

FAMILY = "Source Sans"  # as figure_style.FONT names it first
SYSTEM_CONFIG = "/etc/fonts/fonts.conf"
_CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{base}</include>
  <dir>{folder}</dir>
  <cachedir>{folder}/cache</cachedir>
  <match target="scan">
    <test name="file"><string>{font}</string></test>
    <edit name="family" mode="assign" binding="same"><string>{family}</string></edit>
  </match>
</fontconfig>
"""


@functools.cache
def use_app_font() -> bool:
    """Make Source Sans a system font for browsers this process starts from now on (once);
    whether it is. Without Streamlit's font file or fontTools, images keep the system's fonts."""
    found = source_sans_file()
    if found is None:
        return False
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        logging.getLogger(__name__).warning("fontTools is not installed: images use the system's fonts.")
        return False
    folder = Path(tempfile.mkdtemp(prefix="clfj-image-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    font = folder / "SourceSans.ttf"
    made = TTFont(found)
    made.flavor = None  # TrueType, as fontconfig and Chromium take it
    made.save(font)
    base = os.environ.get("FONTCONFIG_FILE") or SYSTEM_CONFIG
    config = folder / "fonts.conf"
    config.write_text(_CONFIG.format(base=base, folder=folder, font=font, family=FAMILY))
    os.environ["FONTCONFIG_FILE"] = str(config)  # read by the browser as it starts
    return True

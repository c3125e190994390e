"""Milestone photographs: each upload decoded and drawn again with Pillow, or refused in one sentence.

A photo from a child-protection programme can say more than its picture: EXIF GPS names the
place it was taken (a shelter home, say), and a file can be an image and something else at once
(a PNG with a ZIP or a script appended). Nothing of the uploaded bytes is kept: the pixels are
decoded, copied into a new image, shrunk, and encoded afresh, so no metadata or payload survives.
"""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

from .i18n import N_
from .problems import Message

MB = 2**20
MAX_PHOTO_BYTES = 10 * MB
LONGEST_SIDE = 1600  # pixels: sharp on a projector, small enough to embed in every export
# Pillow refuses past twice this and only warns past it; both are refused here (a warning
# turned into an error below). 50 megapixels hold any camera's photo that fits in 10 MB, and
# decoding one takes 200 MB at most; a small file declaring more is a decompression bomb.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}  # Pillow's format name -> as people write it
JPEG_QUALITY = 85
WRONG_TYPE = N_(
    "This file is not a JPEG, PNG or WebP picture (whatever its name says): save it as JPEG or PNG."
)
DAMAGED = N_("The picture is damaged and cannot be read: save it again as JPEG or PNG.")


class PhotoRefused(ValueError):
    """The file is not a picture the dashboard accepts; the message says why in one sentence (a
    :class:`~clfj_data.problems.Message`, or a marked string, to be written in any language)."""


@dataclass(frozen=True)
class Photo:
    """A picture as the dashboard keeps it: re-encoded, metadata-free, at most LONGEST_SIDE."""

    data: bytes
    mime: str  # image/jpeg, or image/png where the picture has transparency
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def data_uri(self) -> str:
        """The picture inside a ``data:`` address, for files that must work offline."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def prepare_photo(data: bytes) -> Photo:
    """Decode ``data`` (JPEG, PNG or WebP, at most 10 MB) and return it re-encoded, shrunk to
    LONGEST_SIDE and stripped of every piece of metadata. Raises :class:`PhotoRefused`."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRefused(too_big(len(data)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only these decoders ever see an upload: Pillow's many others are more to attack.
            with Image.open(io.BytesIO(data), formats=list(ACCEPTED)) as opened:
                _refuse_trailing_data(data, opened.format)
                opened.seek(0)  # the first frame of an animated PNG or WebP
                upright = ImageOps.exif_transpose(opened)  # turned as the camera meant, before EXIF goes
                pixels = _in_srgb(upright)
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(
            Message(
                N_(
                    "The picture declares more than {millions} million pixels, as a decompression bomb "
                    "does, so it was not opened."
                ),
                millions=MAX_PIXELS // 1_000_000,
            )
        ) from None
    except Image.UnidentifiedImageError:
        raise PhotoRefused(WRONG_TYPE) from None
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError... on damaged images
        raise PhotoRefused(DAMAGED) from None
    return _encoded(pixels)


def too_big(size: int) -> Message:
    return Message(
        N_(
            "The picture is {size} MB; the limit is {limit} MB. Save it smaller ({pixels} pixels on its "
            "longer side is enough)."
        ),
        size=f"{size / MB:.1f}", limit=MAX_PHOTO_BYTES // MB, pixels=LONGEST_SIDE,
    )  # fmt: skip


def _in_srgb(image: Image.Image) -> Image.Image:
    """The decoded pixels in a new image of RGB or RGBA, holding nothing but them. A colour
    profile is applied to the pixels first, so the picture looks the same without it."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image.load()
    image = image.convert("RGBA" if alpha else "RGB")
    if alpha and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # transparency declared but unused: a JPEG is a tenth the size
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
        except Exception:  # a broken profile: keep the pixels as they are
            pass
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _encoded(image: Image.Image) -> Photo:
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)  # only ever shrinks
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=True)
        mime = "image/png"
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        mime = "image/jpeg"
    return Photo(out.getvalue(), mime, image.width, image.height)


def _refuse_trailing_data(data: bytes, kind: str) -> None:
    """Refuse a file with bytes after the picture's end: a PNG with a ZIP appended opens as
    both, and whatever is appended was put there by something other than a camera or editor."""
    end = {"PNG": _png_end, "JPEG": _jpeg_end, "WEBP": _webp_end}[kind](data)
    if end is None or data[end:].strip(b"\x00"):
        raise PhotoRefused(
            Message(
                N_(
                    "The file holds more than a {kind} picture (there is data after the picture's end, as "
                    "in a file disguised as a picture): open it in an image editor and save it again."
                ),
                kind=ACCEPTED[kind],
            )
        )


def _png_end(data: bytes) -> int | None:
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def _webp_end(data: bytes) -> int | None:
    (size,) = struct.unpack("<I", data[4:8])
    return 8 + size + (size & 1)


def _jpeg_end(data: bytes) -> int | None:
    """Where the JPEG's end-of-image marker ends: segments are walked by their lengths, and the
    compressed data after each start-of-scan byte by byte (0xFF 0x00 and restart markers are
    part of it), so an end marker inside an EXIF thumbnail is never taken for the end."""
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill bytes before a marker
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if position + 4 > len(data):
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker != 0xDA:
            continue
        while True:  # compressed data up to the next marker
            position = data.find(b"\xff", position)
            if position < 0 or position + 1 >= len(data):
                return None
            following = data[position + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                position += 1 if following == 0xFF else 2
                continue
            break
    return None

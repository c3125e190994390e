"""Pictures the photo tests upload, made with Pillow: a camera's JPEG with GPS, bombs, polyglots."""

from __future__ import annotations

import csv
import functools
import io
import zipfile

from PIL import Image, ImageDraw

from clfj_data import shipped_milestones_path

# Where a shelter home might be: the coordinates no stored or exported copy may keep.
GPS = {1: "N", 2: (26.0, 54.0, 36.5), 3: "E", 4: (75.0, 47.0, 12.25)}
CAMERA = "CLFJ field camera"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Jaipur"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
# Traces of metadata in a file's bytes: EXIF, GPS, XMP and PNG text chunks.
METADATA_MARKERS = (b"Exif", CAMERA.encode(), b"xmpmeta", b"Jaipur", b"tEXt", b"iTXt", b"zTXt", b"eXIf")


def scene(width: int = 2400, height: int = 1600) -> Image.Image:
    """A landscape (sky, sun, hills, a path) that reads as a photo at any size."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=(int(90 + 120 * t), int(150 + 70 * t), int(220 - 40 * t)))
    draw.ellipse(
        [width * 0.68, height * 0.12, width * 0.8, height * 0.12 + width * 0.12], fill=(255, 214, 120)
    )
    draw.polygon([(0, height * 0.62), (width * 0.35, height * 0.42), (width * 0.7, height * 0.6),
                  (width, height * 0.5), (width, height), (0, height)], fill=(86, 140, 84))  # fmt: skip
    draw.polygon([(0, height * 0.8), (width * 0.5, height * 0.66), (width, height * 0.78),
                  (width, height), (0, height)], fill=(62, 112, 66))  # fmt: skip
    draw.polygon([(width * 0.46, height), (width * 0.52, height * 0.68), (width * 0.55, height * 0.68),
                  (width * 0.7, height)], fill=(196, 164, 120))  # fmt: skip
    return image


@functools.cache
def camera_jpeg(width: int = 2400, height: int = 1600) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera, GPS coordinates and an XMP packet."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x8825] = GPS  # the GPS IFD
    out = io.BytesIO()
    scene(width, height).save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=XMP)
    data = out.getvalue()
    assert b"Exif" in data and b"xmpmeta" in data
    return data


@functools.cache
def png_with_text(size: tuple[int, int] = (800, 600)) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Jaipur")
    info.add_itxt("Comment", "Jaipur shelter", zip=True)
    out = io.BytesIO()
    scene(*size).convert("RGBA").save(out, "PNG", pnginfo=info)
    return out.getvalue()


@functools.cache
def bomb_png() -> bytes:
    """A 100-megapixel PNG of one colour: about 100 KB that would decode to 100 MB and more."""
    out = io.BytesIO()
    Image.new("L", (10_000, 10_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


@functools.cache
def png_zip_polyglot() -> bytes:
    """A PNG with a ZIP appended: it opens as a picture and, unzipped, as an archive with a script."""
    picture = io.BytesIO()
    scene(400, 300).save(picture, "PNG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as payload:
        payload.writestr("run.html", "<script>alert(1)</script>")
    return picture.getvalue() + archive.getvalue()


def with_photo(milestone_id: str, image: str, alt: str, credit: str = "") -> bytes:
    """The shipped CSV with one milestone naming a picture."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    (row,) = [row for row in rows if row["id"] == milestone_id]
    row.update(image=image, image_alt=alt, image_credit=credit)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def has_metadata(data: bytes) -> bool:
    """Whether a picture's bytes, or what Pillow reads of them, keep any metadata."""
    with Image.open(io.BytesIO(data)) as image:
        read = bool(image.getexif()) or bool(
            {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile"} & image.info.keys()
        )
        read = read or bool(getattr(image, "text", None))
    return read or any(marker in data for marker in METADATA_MARKERS)

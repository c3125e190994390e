"""Photos on milestones: what is accepted and how it is cleaned, what is refused (by row and
column), uploads of several files, a folder or a ZIP, and links imported from TimelineJS."""

import io
import re
import zipfile

import pytest
from pictures import bomb_png, camera_jpeg, has_metadata, png_with_text, png_zip_polyglot, scene, with_photo
from PIL import Image

from clfj_data import Limits, UnreadableFile
from clfj_data.load import MEDIA_LINK, load_upload
from clfj_data.photos import LONGEST_SIDE, MAX_PHOTO_BYTES, PhotoRefused, prepare_photo
from clfj_data.uploads import Media, Upload, from_files, from_path, from_zip

pytestmark = pytest.mark.unit

HEADER = "id,date,description,rationale,image,image_alt,image_credit\n"
ROW = (
    "court-video,Mar 2021,Courts take testimony by video.,Children need not travel.,{image},{alt},{credit}\n"
)


def sheet(image="hearing.jpg", alt="A child's hearing room", credit="Photograph: A. Name") -> bytes:
    return (HEADER + ROW.format(image=image, alt=alt, credit=credit)).encode()


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def loaded(files: dict[str, bytes], data: bytes | None = None):
    media = Media({name: (lambda content=content: content) for name, content in files.items()})
    return load_upload(Upload("milestones.csv", data or sheet(), media))


def zipped(members: dict[str, bytes], **options) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content, **options)
    return out.getvalue()


# The least compression each format offers: packing a 3200 x 1800 palette PNG or WebP tightly took
# longer than redrawing it, and how tightly the upload was packed is not what is tested.
QUICKLY_PACKED = {"JPEG": {}, "PNG": {"compress_level": 1}, "WEBP": {"method": 0}}


@pytest.mark.parametrize(
    ("fmt", "mode", "mime"),
    [("JPEG", "RGB", "image/jpeg"), ("PNG", "RGBA", "image/png"), ("PNG", "RGB", "image/jpeg"),
     ("WEBP", "RGB", "image/jpeg"), ("PNG", "P", "image/jpeg")],
)  # fmt: skip
def test_jpeg_png_and_webp_are_redrawn_and_shrunk_to_the_longest_side(fmt, mode, mime):
    picture = scene(3200, 1800).convert(mode)
    if mode == "RGBA":
        picture.putalpha(200)  # a real transparency stays a PNG
    photo = prepare_photo(saved(picture, fmt, **QUICKLY_PACKED[fmt]))
    assert photo.mime == mime
    assert (photo.width, photo.height) == (LONGEST_SIDE, 900)
    with Image.open(io.BytesIO(photo.data)) as kept:
        assert kept.size == (LONGEST_SIDE, 900) and kept.format == mime.split("/")[1].upper()


def test_a_small_picture_is_not_enlarged():
    assert (prepare_photo(saved(scene(640, 480), "JPEG")).width, 480) == (640, 480)


def test_a_camera_jpeg_keeps_no_exif_gps_or_xmp():
    original = camera_jpeg()
    assert has_metadata(original)
    photo = prepare_photo(original)
    assert not has_metadata(photo.data)
    with Image.open(io.BytesIO(photo.data)) as kept:
        assert not kept.getexif().get_ifd(0x8825)  # no GPS


def test_png_text_chunks_are_dropped():
    assert has_metadata(png_with_text())
    assert not has_metadata(prepare_photo(png_with_text()).data)


def test_exif_orientation_is_applied_before_exif_goes():
    exif = Image.Exif()
    exif[0x0112] = 6  # turned 90 degrees: the camera was held upright
    photo = prepare_photo(saved(scene(800, 600), "JPEG", exif=exif.tobytes()))
    assert (photo.width, photo.height) == (600, 800)


def test_the_same_picture_gives_the_same_bytes():
    assert prepare_photo(camera_jpeg()).sha256 == prepare_photo(camera_jpeg()).sha256


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (bomb_png(), "decompression bomb"),
        (png_zip_polyglot(), "data after the picture's end"),
        (saved(scene(200, 100), "JPEG") + b"<script>alert(1)</script>", "data after the picture's end"),
        (saved(scene(200, 100), "GIF"), "not a JPEG, PNG or WebP picture"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "not a JPEG, PNG or WebP"),
        (saved(scene(200, 100), "JPEG")[:-400], "data after the picture's end"),  # cut short
        (b"\x00" * (MAX_PHOTO_BYTES + 1), "the limit is 10 MB"),
    ],
    ids=["bomb", "png-zip-polyglot", "jpeg-with-script", "gif", "svg", "truncated", "over-10-mb"],
)
def test_unsafe_or_unaccepted_files_are_refused_in_a_sentence(data, says):
    with pytest.raises(PhotoRefused, match=says):
        prepare_photo(data)


def test_the_polyglot_opens_as_a_zip_too():
    """What the refusal guards against: the file is a valid PNG and a valid ZIP at once."""
    data = png_zip_polyglot()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["run.html"]


def test_an_upload_with_its_picture_loads_with_the_picture_prepared():
    result = loaded({"hearing.jpg": camera_jpeg()})
    assert result.ok, result.errors
    milestone = result.milestones.iloc[0]
    assert (milestone["image"], milestone["image_alt"]) == ("hearing.jpg", "A child's hearing room")
    assert milestone["image_credit"] == "Photograph: A. Name"
    assert not has_metadata(result.pictures["hearing.jpg"].data)


@pytest.mark.parametrize(
    ("files", "data", "column", "says"),
    [
        ({}, None, "image", "There is no file named hearing.jpg uploaded with the spreadsheet"),
        ({"hearing.jpg": saved(scene(100, 100), "GIF")}, None, "image", "refused. This file is not a JPEG"),
        ({"hearing.jpg": b"\xff\xd8" + b"\x00" * MAX_PHOTO_BYTES}, None, "image", "limit is 10 MB"),
        ({"hearing.jpg": bomb_png()}, None, "image", "hearing.jpg was refused.*decompression bomb"),
        ({"hearing.jpg": png_zip_polyglot()}, None, "image", "data after the picture's end"),
        ({"hearing.jpg": camera_jpeg()}, sheet(alt=""), "image_alt", r"The picture in image \(hearing.jpg\)"),
        ({}, sheet(image="photos/hearing.jpg"), "image", "without a folder"),
    ],
    ids=["missing", "wrong-type", "oversized", "bomb", "polyglot", "no-alt-text", "a-path"],
)  # fmt: skip
def test_a_picture_problem_is_an_error_on_its_row_and_column(files, data, column, says):
    result = loaded(files, data)
    assert not result.ok and result.milestones is None and not result.pictures
    (error,) = result.errors
    assert (error.row, error.column) == (2, column)
    assert re.search(says, error.message), error.message


def test_a_file_name_differing_only_in_case_is_found():
    assert loaded({"Hearing.JPG": camera_jpeg()}).ok


def test_an_uploaded_picture_no_row_names_is_a_warning():
    result = loaded({"hearing.jpg": camera_jpeg(), "spare.jpg": camera_jpeg()})
    assert result.ok
    assert [w.value for w in result.warnings if w.column == "image"] == ["spare.jpg"]


def test_several_files_at_once_are_the_spreadsheet_and_its_pictures():
    upload = from_files([("milestones.csv", sheet()), ("hearing.jpg", camera_jpeg())])
    assert upload.name == "milestones.csv" and set(upload.media.files) == {"hearing.jpg"}
    assert load_upload(upload).ok


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ([("hearing.jpg", b"x")], "There is no spreadsheet"),
        ([("a.csv", sheet()), ("b.xlsx", b"x")], "2 spreadsheets were uploaded"),
    ],
)
def test_none_or_several_spreadsheets_are_refused_in_one_sentence(files, says):
    with pytest.raises(UnreadableFile, match=says):
        from_files(files)


def test_a_zip_holds_the_spreadsheet_and_its_pictures_in_any_folder():
    data = zipped({"upload/milestones.csv": sheet(), "upload/photos/hearing.jpg": camera_jpeg(),
                   "__MACOSX/upload/._hearing.jpg": b"junk"})  # fmt: skip
    for upload in (from_zip(data), from_files([("upload.zip", data)])):
        result = load_upload(upload)
        assert result.ok, result.errors
        assert set(result.pictures) == {"hearing.jpg"}


def traversal(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("milestones.csv", sheet())
        archive.writestr(zipfile.ZipInfo(name), b"x")
    return out.getvalue()


def symlink() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("milestones.csv", sheet())
        link = zipfile.ZipInfo("hearing.jpg")
        link.external_attr = (0o120777 << 16) | 0x20  # a symbolic link, as zip -y stores one
        archive.writestr(link, "/etc/passwd")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (traversal("../../etc/cron.d/x"), "names a file outside itself"),
        (traversal("/etc/passwd"), "names a file outside itself"),
        (traversal("..\\..\\windows\\x.jpg"), "names a file outside itself"),
        (symlink(), "names a file outside itself"),
        (zipped({"milestones.csv": sheet(), "hearing.jpg": b"\0" * (6 * 2**20)}), "as a zip bomb does"),
        (zipped({"milestones.csv": sheet(), **{f"{i}.jpg": b"" for i in range(2001)}}), "holds 2,002 files"),
        (zipped({"milestones.csv": sheet(), "a.csv": sheet()}), "2 spreadsheets are in it"),
        (zipped({"hearing.jpg": camera_jpeg()}), "There is no spreadsheet"),
        (b"PK\x03\x04 not really", "The ZIP file is damaged"),
    ],
    ids=["dot-dot", "absolute", "backslashes", "symlink", "ratio-bomb", "entries", "two-sheets", "no-sheet",
         "damaged"],
)  # fmt: skip
def test_a_zip_is_held_to_the_workbook_limits(data, says):
    with pytest.raises(UnreadableFile, match=says):
        load_upload(from_zip(data, Limits()))


def test_a_zip_unpacking_past_the_limit_is_refused_unopened():
    data = zipped({"milestones.csv": sheet(), "hearing.jpg": camera_jpeg()})
    with pytest.raises(UnreadableFile, match="unpacks to"):
        from_zip(data, Limits(max_unzipped_bytes=100_000))


def test_a_folder_holds_the_pictures_the_command_line_names(tmp_path):
    (tmp_path / "milestones.csv").write_bytes(sheet())
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "hearing.jpg").write_bytes(camera_jpeg())
    assert load_upload(from_path(tmp_path / "milestones.csv", tmp_path / "photos")).ok
    missing = load_upload(from_path(tmp_path / "milestones.csv", tmp_path))
    assert [(e.row, e.column) for e in missing.errors] == [(2, "image")]
    assert f"in {tmp_path}" in missing.errors[0].message


@pytest.mark.parametrize(
    ("layout", "alt"),
    [
        # The 18-column template has no Alt Text: the caption then stands for the alt text.
        ("Year,Month,Headline,Text,Media,Media Credit,Media Caption,Why it matters\n", "A hearing room"),
        (
            "Year,Month,Headline,Text,Media,Media Credit,Media Caption,Alt Text,Why it matters\n",
            "Three chairs",
        ),
    ],
    ids=["18 columns", "19 columns"],
)
def test_a_timelinejs_sheet_reads_media_credit_caption_and_alt_text(layout, alt):
    row = "2021,3,Video testimony,Courts use video.,hearing.jpg,Photo: A. Name,A hearing room,"
    row += "Three chairs," if "Alt Text" in layout else ""
    result = loaded({"hearing.jpg": camera_jpeg()}, (layout + row + "Kids testify.\n").encode())
    assert result.ok, result.errors
    milestone = result.milestones.iloc[0]
    assert (
        milestone["image"],
        milestone["image_credit"],
        milestone["image_caption"],
        milestone["image_alt"],
    ) == (
        "hearing.jpg",
        "Photo: A. Name",
        "A hearing room",
        alt,
    )


def test_a_link_in_media_is_kept_as_the_media_link_with_a_warning():
    link = "https://example.org/hearing.jpg"
    text = f"Year,Headline,Text,Media,Media Caption,Why it matters\n2021,Video,Courts.,{link},A room,Kids.\n"
    result = loaded({}, text.encode())
    assert result.ok, result.errors
    row = result.milestones.iloc[0]
    assert (row["image"], row["media_link"]) == ("", link)
    (warning,) = [w for w in result.warnings if w.message == MEDIA_LINK]
    assert (warning.row, warning.column, warning.value) == (2, "Media", link)


def test_a_media_link_that_is_not_a_web_link_is_refused():
    text = b"date,description,rationale,media link\n2021,Courts.,Kids.,javascript:alert(1)\n"
    (error,) = loaded({}, text).errors
    assert (error.column, error.message) == (
        "media link",
        "A media link must start with http:// or https://.",
    )


def test_the_shipped_milestones_have_no_pictures(shipped):
    assert set(shipped["image"]) == {""} and set(shipped["media_link"]) == {""}


def test_one_shipped_milestone_with_a_photo():
    result = loaded(
        {"hearing.jpg": camera_jpeg()}, with_photo("testimony-by-videoconference", "hearing.jpg", "A room")
    )
    assert result.ok, result.errors
    assert list(result.milestones["image"]).count("hearing.jpg") == 1

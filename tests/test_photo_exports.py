"""A milestone's photo in every export that shows one: on its own slide of the deck with the
credit beneath, embedded in the offline HTML, and as TimelineJS media; never with metadata."""

import base64
import html
import io
import json
import re

import pytest
from pictures import camera_jpeg, has_metadata, with_photo
from pptx import Presentation

from clfj_data import load_programme
from clfj_data.export import render
from clfj_data.load import load_upload
from clfj_data.uploads import Media, Upload

pytestmark = pytest.mark.unit

MILESTONE = "testimony-by-videoconference"
ALT = 'A hearing room <img src=x onerror="window.pwned=1">'
CREDIT = "Photograph: A. Name, © Owner 2018 & <b>friends</b>"


@pytest.fixture(scope="module")
def upload():
    data = with_photo(MILESTONE, "hearing.jpg", ALT, CREDIT)
    result = load_upload(Upload("milestones.csv", data, Media({"hearing.jpg": camera_jpeg})))
    assert result.ok, result.errors
    return result.milestones, result.pictures


def made(fmt: str, upload) -> bytes:
    frame, pictures = upload
    return render(fmt, frame, programme=load_programme(), pictures=pictures).data


def from_data_uri(uri: str) -> bytes:
    head, _, body = uri.partition(",")
    assert head == "data:image/jpeg;base64"
    return base64.b64decode(body)


def test_the_deck_has_the_picture_on_its_milestones_slide_with_the_credit_beneath(upload):
    frame, pictures = upload
    deck = Presentation(io.BytesIO(made("pptx", upload)))
    with_pictures = [
        slide for slide in deck.slides if any(shape.name.startswith("Picture: ") for shape in slide.shapes)
    ]
    assert len(with_pictures) == 1
    shapes = {shape.name: shape for shape in with_pictures[0].shapes}
    title = frame.loc[frame["id"] == MILESTONE, "title"].iloc[0]
    assert shapes["Headline"].text_frame.text == title
    picture = shapes[f"Picture: {MILESTONE}"]
    assert picture.image.blob == pictures["hearing.jpg"].data and not has_metadata(picture.image.blob)
    assert picture._element.xpath("./*[1]/p:cNvPr")[0].get("descr") == ALT
    credit = shapes["Picture credit"]
    assert credit.text_frame.text == CREDIT
    assert credit.top >= picture.top + picture.height and credit.left == picture.left
    assert (
        picture.left + picture.width <= deck.slide_width and credit.top + credit.height <= deck.slide_height
    )
    # The words move aside for the picture, and nothing overlaps it.
    for name in ("Description", "Why it matters box"):
        assert shapes[name].left + shapes[name].width <= picture.left


def test_the_offline_html_embeds_the_picture_and_escapes_its_words(upload):
    page = made("html", upload).decode("utf-8")
    article = re.search(rf'<article id="{MILESTONE}">.*?</article>', page, re.S).group()
    (image,) = re.findall(r"<img [^>]*>", article)
    source = re.search(r'src="([^"]+)"', image).group(1)
    assert from_data_uri(source) == upload[1]["hearing.jpg"].data
    assert not has_metadata(from_data_uri(source))
    assert f'alt="{html.escape(ALT)}"' in image
    assert f"<figcaption>{html.escape(CREDIT)}</figcaption>" in article
    assert len(re.findall(r"<img ", page)) == 1  # no other milestone has one
    assert 'src="http' not in page and "Content-Security-Policy" not in page  # nothing forbids data:


def test_timelinejs_media_is_the_picture_with_its_caption_and_credit(upload):
    data = json.loads(made("timelinejs", upload))
    (event,) = [e for e in data["events"] if "media" in e]
    assert event["unique_id"] == MILESTONE
    media = event["media"]
    assert media.keys() == {"url", "alt", "caption", "credit"}
    assert from_data_uri(media["url"]) == upload[1]["hearing.jpg"].data
    assert not has_metadata(from_data_uri(media["url"]))
    assert (media["alt"], media["caption"], media["credit"]) == (ALT, html.escape(ALT), html.escape(CREDIT))


def test_a_media_link_reaches_no_export(upload):
    frame, pictures = upload
    link = "https://example.org/elsewhere.jpg"
    frame = frame.assign(media_link=link)
    for fmt in ("html", "timelinejs"):
        assert link not in render(fmt, frame, programme=load_programme(), pictures=pictures).data.decode()

"""Photos kept with their version, once per content, on SQLite and PostgreSQL: history and
rollback bring them back, and a new picture under the same name is a change."""

import json

import pytest
import sqlalchemy as sa
from pictures import camera_jpeg, has_metadata, scene, with_photo

from clfj_data import store
from clfj_data.auth import Staff
from clfj_data.photos import prepare_photo
from clfj_data.uploads import Media

pytestmark = pytest.mark.unit

ASHA = Staff("Asha", "test")
MILESTONE = "testimony-by-videoconference"
SHEET = with_photo(MILESTONE, "hearing.jpg", "A hearing room", "Photograph: A. Name")


def media(**files: bytes) -> Media:
    return Media({name: (lambda data=data: data) for name, data in files.items()})


def other_picture() -> bytes:
    import io

    out = io.BytesIO()
    scene(1200, 900).rotate(180).save(out, "JPEG")
    return out.getvalue()


def publish(engine, data=SHEET, note="photo", **files):
    return store.publish_version(engine, data, "milestones.csv", by=ASHA, note=note, media=media(**files))


def stored_pictures(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(store.pictures)).scalar()


def test_a_published_picture_is_read_back_without_metadata(ready):
    info = publish(ready, **{"hearing.jpg": camera_jpeg()})
    (picture,) = store.read_pictures(ready, info.version).values()
    assert picture.data == prepare_photo(camera_jpeg()).data
    assert not has_metadata(picture.data)
    assert (picture.mime, picture.width, picture.height) == ("image/jpeg", 1600, 1067)
    frame = store.read_milestones(ready, info.version)
    row = frame[frame["id"] == MILESTONE].iloc[0]
    assert (row["image"], row["image_alt"], row["image_credit"]) == (
        "hearing.jpg",
        "A hearing room",
        "Photograph: A. Name",
    )
    assert store.read_pictures(ready, 1) == {}  # the shipped version has none


def test_the_same_picture_is_stored_once_however_many_versions_show_it(ready):
    publish(ready, **{"hearing.jpg": camera_jpeg()})
    renamed = with_photo(MILESTONE, "hearing.jpg", "A room for hearings", "Photograph: A. Name")
    publish(ready, renamed, **{"hearing.jpg": camera_jpeg()})
    assert stored_pictures(ready) == 1
    assert store.picture_links(ready, 2) == store.picture_links(ready, 3)


def test_a_new_picture_under_the_same_name_is_a_change(ready):
    publish(ready, **{"hearing.jpg": camera_jpeg()})
    with pytest.raises(store.NoChanges):
        publish(ready, **{"hearing.jpg": camera_jpeg()})
    info = publish(ready, **{"hearing.jpg": other_picture()})
    assert info.version == 3 and stored_pictures(ready) == 2


def test_rollback_brings_an_old_versions_pictures_back(ready):
    publish(ready, **{"hearing.jpg": camera_jpeg()})  # version 2
    publish(ready, **{"hearing.jpg": other_picture()})  # version 3
    restored = store.rollback(ready, 2, by=ASHA, note="the first photo was better")
    assert store.read_pictures(ready, restored.version) == store.read_pictures(ready, 2)
    with pytest.raises(store.NoChanges):
        store.rollback(ready, 2, by=ASHA, note="again")
    back_to_none = store.rollback(ready, 1, by=ASHA, note="no photos")
    assert store.read_pictures(ready, back_to_none.version) == {}


def test_a_refused_picture_writes_nothing(ready):
    with pytest.raises(store.InvalidFile) as refused:
        publish(ready, **{"hearing.jpg": b"GIF89a not a photo"})
    (error,) = refused.value.result.errors
    assert error.column == "image" and "hearing.jpg" in error.message
    assert store.current_version(ready).version == 1 and stored_pictures(ready) == 0


def test_a_database_from_before_pictures_gets_their_tables(ready):
    with ready.begin() as connection:
        store.version_pictures.drop(connection)
        store.pictures.drop(connection)
    store.ensure_ready(ready)
    assert publish(ready, **{"hearing.jpg": camera_jpeg()}).version == 2


def test_versions_published_before_the_photo_columns_read_without_photos(ready, shipped_file):
    with ready.begin() as connection:
        text = connection.execute(sa.select(store.versions.c.milestones)).scalar()
        records = [
            {k: v for k, v in record.items() if not k.startswith(("image", "media"))}
            for record in json.loads(text)
        ]
        connection.execute(store.versions.update().values(milestones=json.dumps(records)))
    frame = store.read_milestones(ready, 1)
    assert set(frame["image"]) == set(frame["media_link"]) == {""}
    with pytest.raises(store.NoChanges):  # the same milestones, whichever columns were stored
        store.publish_version(ready, shipped_file, "milestones.csv", by=ASHA, note="again")

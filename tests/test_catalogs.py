"""The message catalogs are complete: every interface string in the code is in the template, every
one has its Hindi, the compiled catalog the app reads is the one the translators wrote, and no
translation loses or invents a value it fills in."""

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from clfj_data import i18n

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "clfj_data" / "locale"
TEMPLATE = LOCALE / "clfj.pot"
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# The extraction the catalogs are made with (clfj_data/i18n.py says how to update them).
EXTRACT = ["-F", "babel.cfg", "--no-location", "--sort-output", "-k", "_", "-k", "N_", "-k", "ngettext:1,2"]
SOURCES = ["dashboard.py", "clfj_data", "clfj_ui", "pages"]


def catalog(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def messages(path: Path) -> dict:
    """The catalog's messages by id (a plural's id is its singular and plural)."""
    return {message.id: message.string for message in catalog(path) if message.id}


def forms(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.ENGLISH]


def test_the_template_holds_every_string_the_code_marks(tmp_path):
    made = tmp_path / "clfj.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", *EXTRACT, "-o", str(made), *SOURCES],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    in_code, committed = set(messages(made)), set(messages(TEMPLATE))
    assert in_code - committed == set(), "marked in the code but missing from clfj.pot: run pybabel extract"
    assert committed - in_code == set(), "in clfj.pot but no longer in the code: run pybabel extract"
    assert len(in_code) > 150  # the extraction did find the app's strings


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_has_its_translation(lang):
    po = LOCALE / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    translated = messages(po)
    assert set(translated) == set(messages(TEMPLATE)), "the catalog is not updated from clfj.pot"
    untranslated = [msgid for msgid, msgstr in translated.items() if not all(forms(msgstr))]
    assert untranslated == []
    fuzzy = [message.id for message in catalog(po) if message.id and message.fuzzy]
    assert fuzzy == [], "a fuzzy translation is not shown: review it and drop the flag"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_fill_in_the_same_values_and_keep_the_bold(lang):
    for msgid, msgstr in messages(LOCALE / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").items():
        wanted = {name for text in forms(msgid) for name in PLACEHOLDER.findall(text)}
        for text in forms(msgstr):
            assert set(PLACEHOLDER.findall(text)) == wanted, (msgid, text)
            assert text.count("**") == forms(msgid)[0].count("**"), (msgid, text)
            assert text.count("`") == forms(msgid)[0].count("`"), (msgid, text)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalog_is_the_translated_one(lang):
    """The app reads the .mo: it must say what the .po says (``pybabel compile`` after each edit)."""
    with (LOCALE / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for msgid, msgstr in messages(LOCALE / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").items():
        if isinstance(msgid, tuple):
            for count, form in ((1, 0), (2, 1)):
                assert compiled.ngettext(*msgid, count) == msgstr[form], msgid
        else:
            assert compiled.gettext(msgid) == msgstr, msgid


def test_hindi_is_read_from_its_catalog_and_english_is_the_source():
    assert i18n.translator("hi")("Timeline") == "समयरेखा"
    assert i18n.translator("en")("Timeline") == "Timeline"
    assert i18n.translator("xx")("Timeline") == "Timeline"  # an unknown language reads as English
    assert i18n.plural_translator("hi")("{count} picture", "{count} pictures", 2) == "{count} तस्वीरें"


@pytest.mark.parametrize(
    ("milestone", "wanted"),
    [
        ({"title": "Courts", "title_hi": "अदालतें"}, ("अदालतें", "hi")),
        ({"title": "Courts", "title_hi": ""}, ("Courts", "en")),
        ({"title": "Courts", "title_hi": float("nan")}, ("Courts", "en")),
        ({"title": "Courts"}, ("Courts", "en")),
    ],
)
def test_a_milestone_reads_in_hindi_where_it_has_it_and_in_english_otherwise(milestone, wanted):
    assert i18n.text_in(milestone, "title", "hi") == wanted
    assert i18n.text_in(milestone, "title", "en") == ("Courts", "en")

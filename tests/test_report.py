"""The offline report: one HTML file that fetches nothing, holding the milestones it says it shows."""

import html
from html.parser import HTMLParser

import pytest

from clfj_data import load_milestones, load_programme
from clfj_data.filters import Filters, apply_filters
from clfj_data.report import to_html

pytestmark = pytest.mark.unit

PROGRAMME = load_programme()
HOSTILE = load_milestones(
    b"date,title,description,rationale,sector,source\n"
    b'Mar 2022,"<img src=x onerror=alert(1)>","<script>alert(2)</script>","<a href=\'javascript:x\'>why</a>",'
    b"Justice,https://example.org/a?b=1&c=<2>\n"
).milestones


class Links(HTMLParser):
    """Every src, every stylesheet href and every link href in a document (not inside scripts)."""

    def __init__(self):
        super().__init__()
        self.sources, self.stylesheets, self.links, self.scripts = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "src" in attrs:
            self.sources.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.stylesheets.append(attrs.get("href"))
        if tag == "a":
            self.links.append(attrs.get("href"))
        self.scripts += tag == "script"


def parsed(document: bytes) -> Links:
    links = Links()
    links.feed(document.decode("utf-8"))
    return links


def test_the_report_fetches_nothing_from_outside(shipped):
    links = parsed(to_html(shipped, PROGRAMME))
    assert links.sources == [] and links.stylesheets == []
    assert links.scripts >= 4  # plotly.js itself, then one per chart
    assert all(href.startswith(("https://www.clfjaipur.org/", "#")) for href in links.links)


def test_the_report_holds_the_intro_and_every_rationale(shipped):
    text = to_html(shipped, PROGRAMME).decode("utf-8")
    for sentence in (PROGRAMME.intro, PROGRAMME.partnership, *shipped["rationale"], *shipped["description"]):
        assert html.escape(sentence) in text
    assert text.count('<div class="why">') == len(shipped)
    assert text.count('class="plotly-graph-div"') == 3


def test_the_report_shows_only_the_filtered_milestones_and_says_so(shipped):
    justice = apply_filters(shipped, Filters(sectors=("Justice",)))
    text = to_html(justice, PROGRAMME, filters_text="Justice").decode("utf-8")
    assert text.count('<div class="why">') == len(justice)
    assert f"{len(justice)} systemic changes" in text and "Showing Justice" in text
    others = shipped[shipped["sector"] != "Justice"]["rationale"]
    assert not any(html.escape(r) in text for r in others)


def test_spreadsheet_text_in_the_report_is_escaped():
    document = to_html(HOSTILE, PROGRAMME)
    links = parsed(document)
    assert links.sources == []
    assert "x" not in links.links and all("javascript" not in (h or "") for h in links.links)
    text = document.decode("utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text and "<script>alert(2)" not in text


def test_an_empty_view_still_makes_a_report(shipped):
    text = to_html(shipped.iloc[:0], PROGRAMME).decode("utf-8")
    assert "No milestones match" in text and "No systemic changes to show." in text

"""Every item of the old homepage is on the built site, as the seed has it.

Expected values come from tests/data (the seed text and the facts collected
from the public homepage); the corrections below are the seed typos that
refs.bib and the pages fix on purpose (see the facts file's ``seed_typos``).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag

AUTHOR_FIXES = [
    ("Kilian Q. Weingerger", "Kilian Q. Weinberger"),
    ("Kilian Weinberger", "Kilian Q. Weinberger"),
    ("Laurens Van Der Maaten", "Laurens van der Maaten"),
    ("Matthieu Lin,", "Matthieu Gaetan Lin,"),
    ("Tinghui, Zhou", "Tinghui Zhou"),
    (" ,", ","),
    ("*,Gao", "*, Gao"),
]
VENUE_FIXES = [("(IEEE TPAMI) 2019", "(IEEE TPAMI), 2019")]
LIST_HEADINGS = {
    "conference": "Selected Conference Publications",
    "journal": "Selected Journal Papers",
}


def fixed(text: str, fixes: list[tuple[str, str]]) -> str:
    for old, new in fixes:
        text = text.replace(old, new)
    return text


def squash(text: str) -> str:
    return " ".join(text.split())


def section(soup: BeautifulSoup, heading: str) -> Tag:
    for candidate in soup.select("section"):
        title = candidate.find(re.compile("^h[1-6]$"))
        if title and squash(title.get_text()).rstrip("#¶ ") == heading:
            return candidate
    raise AssertionError(f"no section {heading!r}")


def entries(soup: BeautifulSoup, kind: str) -> list[Tag]:
    return section(soup, LIST_HEADINGS[kind]).select("li.publication")


def papers(facts: dict, kind: str) -> list[dict]:
    return [p for p in facts["papers"] if p["list"] == kind]


@pytest.mark.parametrize("kind", ["conference", "journal"])
def test_each_list_holds_the_seed_papers_in_seed_order(page, facts, seed_text, kind):
    shown = [
        squash(e.select_one(".pub-title").get_text()) for e in entries(page("publications"), kind)
    ]
    expected = []
    for paper in papers(facts, kind):
        assert paper["title"] in seed_text  # the facts follow the seed
        expected.append(paper["title"].rstrip("."))  # a heading of its own: no full stop
    assert shown == expected
    assert len(shown) == {"conference": 41, "journal": 10}[kind]


@pytest.mark.parametrize("kind", ["conference", "journal"])
def test_lists_are_newest_first(page, kind):
    years = [int(e["data-year"]) for e in entries(page("publications"), kind)]
    assert years == sorted(years, reverse=True)


def test_conference_list_comes_before_journal_list(page):
    text = page("publications").get_text()
    assert text.index(LIST_HEADINGS["conference"]) < text.index(LIST_HEADINGS["journal"])


@pytest.mark.parametrize("kind", ["conference", "journal"])
def test_authors_in_order_with_equal_contribution_marks(page, facts, kind):
    for entry, paper in zip(entries(page("publications"), kind), papers(facts, kind), strict=True):
        shown = squash(entry.select_one(".pub-authors").get_text())
        assert shown == fixed(paper["authors_line"], AUTHOR_FIXES), paper["title"]


def test_owner_is_emphasised_and_nobody_else(page):
    for entry in page("publications").select("li.publication"):
        emphasised = [s.get_text() for s in entry.select(".pub-authors strong")]
        assert emphasised == ["Gao Huang"], entry.get("id")


def without_note(venue: str, note: str | None) -> str:
    """The seed's venue line without the award or presentation in its parentheses.

    "(CVPR Best Paper Award) 2017" is now "(CVPR) 2017" and a "Best Paper Award" chip.
    """
    if not note:
        return venue
    return venue.replace(f" ({note})", "").replace(f" {note})", ")")


@pytest.mark.parametrize("kind", ["conference", "journal"])
def test_venue_lines_match_the_seed(page, facts, kind):
    for entry, paper in zip(entries(page("publications"), kind), papers(facts, kind), strict=True):
        shown = squash(entry.select_one(".pub-venue").get_text())
        venue = without_note(fixed(paper["venue"], VENUE_FIXES), paper["note"])
        assert shown == venue + ".", paper["title"]
        badges = [squash(b.get_text()) for b in entry.select(".pub-badge")]
        assert badges == ([paper["note"]] if paper["note"] else []), paper["title"]


def test_extra_note_lines(page, facts):
    notes = {
        e["id"]: squash(e.select_one(".pub-addendum").get_text())
        for e in page("publications").select("li.publication")
        if e.select_one(".pub-addendum")
    }
    expected = sorted(p["extra"] for p in facts["papers"] if p["extra"])
    assert sorted(notes.values()) == expected


def test_every_facts_url_is_linked_from_its_entry(page, facts):
    shown = {
        squash(e.select_one(".pub-title").get_text()).rstrip("."): e
        for e in page("publications").select("li.publication")
    }
    for paper in facts["papers"]:
        entry = shown[paper["title"].rstrip(".")]
        chips = [
            (a.get_text().replace(" ", "").lower(), a["href"]) for a in entry.select("a.pub-chip")
        ]
        assert chips[0] == ("paper", paper["links"]["paper"]["url"])  # the title leads to its page
        expected = {
            (label, paper["links"][label]["url"])
            for label in paper["seed_link_labels"]
            if paper["links"].get(label)
        }
        assert expected <= set(chips), paper["title"]


def test_equal_contribution_legend_and_scholar_links(page, facts):
    soup = page("publications")
    scholar = facts["people_links"]["google_scholar"]["url"]
    for heading in LIST_HEADINGS.values():
        part = section(soup, heading)
        assert "* Equal Contribution." in squash(part.get_text())
        link = part.find("a", string="Full Publication List on Google Scholar")
        assert link is not None and link["href"] == scholar


def seed_block(seed_text: str, start: str, end: str) -> list[str]:
    block = seed_text.split(f"\n{start}\n", 1)[1].split(end, 1)[0]
    return [
        squash(line.lstrip(" •")) for line in block.splitlines() if line.strip().startswith("•")
    ]


def test_bio_paragraphs_and_links(page, seed_text, facts):
    soup = page("index")
    text = squash(soup.get_text())
    bio = seed_text.split("Bio", 1)[1].split("Professional Activities", 1)[0]
    paragraphs = [squash(p) for p in bio.split("\n\n") if p.strip()]
    assert len(paragraphs) == 4  # three bio paragraphs and the note for students
    for paragraph in paragraphs:
        assert paragraph in text
    hrefs = {a.get_text(): a["href"] for a in soup.select("article a.external")}
    for link in facts["people_links"].values():
        if link["text"] in paragraphs[0] + paragraphs[2]:
            assert hrefs[link["text"]] == link["url"]


def test_contact(page, seed_text):
    text = squash(page("index").get_text())
    for item in seed_block(seed_text, "Contact", "\0"):
        assert item in text
    assert "mailto:" not in str(page("index"))  # the address stays spam-resistant


def test_awards(page, seed_text):
    expected = [
        fixed(a, [("Nature Science Foundation", "National Natural Science Foundation")])
        for a in seed_block(seed_text, "Awards", "Selected Conference")
    ]
    shown = [squash(li.get_text()) for li in page("awards").select("article li")]
    assert shown == expected
    assert len(shown) == 13


def test_professional_activities(page, seed_text):
    fixes = [("IJCV, Machine Learning, IJCV", "IJCV, Machine Learning"), ("(2", " (2")]
    expected = [
        fixed(a, fixes).replace("  (", " (")
        for a in seed_block(seed_text, "Professional Activities", "Awards")
    ]
    shown = [squash(li.get_text()) for li in page("activities").select("article li")]
    assert shown == expected
    assert len(shown) == 7


def test_students_page_lists_visible_students_only(page, facts):
    text = squash(page("students").get_text())
    visible, hidden = set(), set()
    for group in facts["students"]["groups"]:
        for student in group["students"]:
            line = f"{student['name']} ({student['years']})"
            (hidden if group.get("hidden") or student.get("hidden") else visible).add(line)
    assert visible and all(line in text for line in visible)
    assert not [line for line in hidden - visible if line in text]

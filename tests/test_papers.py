"""Papers as first-class objects: a page per paper, its metadata, links to it, stable names.

Expected values are read from refs.bib with pybtex, independently of the extension.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import Entry, parse_file, parse_string
from pybtex.richtext import Text
from support import REPO, copy_site, sphinx_build

BIB = parse_file(str(REPO / "refs.bib"))
SITE_ONLY_FIELDS = {"abbr", "award", "presentation", "equal", "code", "slides", "talk", "addendum"}


def decoded(value: str) -> str:
    return " ".join(Text.from_latex(value).render_as("text").split())


def authors(entry: Entry) -> list[str]:
    return [
        decoded(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
        for p in entry.persons["author"]
    ]


def squash(text: str) -> str:
    return " ".join(text.split())


def heading(soup: BeautifulSoup) -> str:
    return squash(soup.select_one("section > h1").get_text()).rstrip("¶ ")


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.head.find_all("meta", attrs={"name": name})]


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.head.find_all("script", type="application/ld+json")]


def inventory(path: Path) -> dict[str, tuple[str, str]]:
    """objects.inv: name -> (domain:role, uri), parsed by hand (the format is stable)."""
    import zlib

    raw = path.read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    result = {}
    for line in body.splitlines():
        match = re.match(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        if match:
            name, role, _, uri, _ = match.groups()
            result[name] = (role, uri.replace("$", name))
    return result


# -- The built site ----------------------------------------------------------------------


def test_every_paper_has_a_page_linked_from_its_entry(site, page):
    entries = page("publications").select("li.publication")
    assert {e["id"] for e in entries} == {f"pub-{key}" for key in BIB.entries}
    for entry in entries:
        key = entry["id"].removeprefix("pub-")  # the keys of refs.bib are lower case
        title = decoded(BIB.entries[key].fields["title"])
        link = entry.select_one(".pub-title a")
        assert link["href"] == f"papers/{key}.html"
        assert squash(link.get_text()) == title
        assert heading(page(f"papers/{key}")) == title
        # the paper itself one chip away, the BibTeX last
        chips = entry.select(".pub-links a.pub-chip")
        assert chips[0]["href"] == BIB.entries[key].fields["url"]
        assert chips[-1].get_text() == "BibTeX"
        assert chips[-1]["href"] == f"papers/{key}.bib"


@pytest.mark.parametrize(
    "key", ["huang2017densely", "xia2022vision", "pleiss2017memory", "wang2024efficienttrain"]
)
def test_highwire_tags_match_refs_bib(page, key):
    entry = BIB.entries[key]
    soup = page(f"papers/{key}")
    assert meta(soup, "citation_title") == [decoded(entry.fields["title"])]
    expected_authors = authors(entry)
    assert meta(soup, "citation_author") == expected_authors
    assert len(expected_authors) == len(entry.persons["author"]) >= 4
    assert meta(soup, "citation_publication_date") == [entry.fields["year"]]
    conference = meta(soup, "citation_conference_title")
    journal = meta(soup, "citation_journal_title")
    if entry.type == "inproceedings":
        assert conference == [decoded(entry.fields["booktitle"])] and journal == []
    elif entry.type == "article":
        assert journal == [decoded(entry.fields["journal"])] and conference == []
    else:
        assert entry.type == "techreport"
        assert conference == journal == []
        # refs.bib names no institution for this arXiv report: no empty tag
        assert meta(soup, "citation_technical_report_institution") == []
    assert meta(soup, "citation_arxiv_id") == [entry.fields["eprint"]]
    url = entry.fields["url"]
    if url.endswith(".pdf") or "arxiv.org/pdf/" in url:
        assert meta(soup, "citation_pdf_url") == [url]
        assert meta(soup, "citation_abstract_html_url") == [
            f"https://arxiv.org/abs/{entry.fields['eprint']}"
        ]
    else:
        assert meta(soup, "citation_pdf_url") == []
        assert meta(soup, "citation_abstract_html_url") == [url]


def test_every_paper_page_names_title_authors_and_year(page):
    for key, entry in BIB.entries.items():
        soup = page(f"papers/{key}")
        assert meta(soup, "citation_title") == [decoded(entry.fields["title"])], key
        assert meta(soup, "citation_author") == authors(entry), key
        assert meta(soup, "citation_publication_date") == [entry.fields["year"]], key


def test_json_ld_of_a_paper_and_of_the_owner(page):
    entry = BIB.entries["xia2022vision"]
    soup = page("papers/xia2022vision")
    (article,) = json_ld(soup)
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "ScholarlyArticle"
    assert article["name"] == decoded(entry.fields["title"])
    assert [a["name"] for a in article["author"]] == authors(entry)
    assert {a["@type"] for a in article["author"]} == {"Person"}
    assert article["datePublished"] == "2022"
    assert article["isPartOf"]["name"] == entry.fields["booktitle"]
    assert article["url"] == soup.head.find("link", rel="canonical")["href"]
    assert article["url"].endswith("/papers/xia2022vision.html")
    assert entry.fields["url"] in article["sameAs"]
    assert article["award"] == "Best Paper Finalist"

    (person,) = json_ld(page("index"))
    assert person["@type"] == "Person"
    assert person["url"] + "index.html" == page("index").head.find("link", rel="canonical")["href"]
    assert person["name"] == "Gao Huang"
    assert person["affiliation"] == {"@type": "Organization", "name": "Tsinghua University"}
    assert any(u.startswith("https://scholar.google.com/citations?user=") for u in person["sameAs"])
    assert json_ld(page("publications")) == []


def test_paper_page_shows_citation_links_notes_bibtex_and_citing_pages(site, page):
    soup = page("papers/huang2017densely")
    article = soup.select_one("article")
    assert [h.get_text().rstrip("¶") for h in article.select("h1")] == [
        "Densely Connected Convolutional Networks"
    ]  # the title once
    citation = article.select_one(".paper-citation")
    authors_line = squash(citation.select_one(".pub-authors").get_text())
    assert authors_line.startswith("Gao Huang*, Zhuang Liu*, Laurens van der Maaten")
    assert squash(citation.select_one(".pub-venue").get_text()) == (
        "IEEE Conference on Computer Vision and Pattern Recognition (CVPR) 2017."
    )
    assert squash(citation.select_one(".pub-badge-award").get_text()) == "Best Paper Award"
    links = {a.get_text(): a["href"] for a in citation.select(".pub-links a.pub-chip")}
    fields = BIB.entries["huang2017densely"].fields
    assert links == {
        "Paper": fields["url"],
        "Code": fields["code"],
        "Talk": fields["talk"],
        "Slides": fields["slides"],
    }
    assert len(article.select("a.pub-chip")) == 4  # the links once
    oral = page("papers/ye2025differential").select_one(".pub-badge-presentation")
    assert squash(oral.get_text()) == "Oral"

    # BibTeX: a block (publication-bibtex.js adds a copy button) and the same text as a download
    block = article.select_one("#bibtex div.highlight pre").get_text()
    shown = parse_string(block, "bibtex").entries["huang2017densely"]
    assert not SITE_ONLY_FIELDS & {f.lower() for f in shown.fields}
    assert shown.fields["title"] == "Densely Connected Convolutional Networks"
    download = article.select_one("#bibtex a.download")
    assert download.get_text() == "huang2017densely.bib"
    assert (site / "papers" / download["href"]).read_text("utf-8").strip() == block.strip()
    assert soup.select_one("script[src*='publication-bibtex.js']")

    mentioned = {a.get_text(): a["href"] for a in article.select("#mentioned-on li a")}
    assert mentioned == {
        "Home": "../index.html",
        "Awards": "../awards.html",
        "Publications": "../publications.html#pub-huang2017densely",
    }
    assert "paper-huang2017densely" in {tag.get("id") for tag in article.select("section")}

    # a way back to the paper in the list, and the papers before and after it there
    navigation = article.select_one(".paper-navigation")
    back = navigation.select_one("a.paper-back")
    assert back["href"] == "../publications.html#pub-huang2017densely"
    order = [e["id"].removeprefix("pub-") for e in page("publications").select("li.publication")]
    at = order.index("huang2017densely")
    assert navigation.select_one("a.paper-previous")["href"] == f"{order[at - 1]}.html"
    assert navigation.select_one("a.paper-next")["href"] == f"{order[at + 1]}.html"


def test_paper_role_links_bio_and_awards_to_paper_pages(page):
    expected = {
        "index": {
            "Best Paper Award at CVPR 2017 (DenseNet)": "huang2017densely",
            "Best Paper Finalist at CVPR 2022 (Deformable Attention Transformer)": "xia2022vision",
        },
        "awards": {
            "CVPR Best Paper Award, 2017": "huang2017densely",
            "CVPR Best Paper Finalists, 2022": "xia2022vision",
            "Best Paper Award of ICML Workshop on AI4Math, 2025": "yue2025reinforcement",
        },
    }
    for name, links in expected.items():
        shown = {squash(a.get_text()): a for a in page(name).select("article a.reference.internal")}
        for text, key in links.items():
            assert shown[text]["href"] == f"papers/{key}.html", text
            assert shown[text]["title"] == decoded(BIB.entries[key].fields["title"])


def test_publications_page_offers_the_whole_bibliography(site, page):
    (link,) = page("publications").select("a.download")
    assert link.get_text() == "publications.bib"
    exported = parse_file(str(site / link["href"]))
    assert list(exported.entries) == list(BIB.entries)
    for key, entry in exported.entries.items():
        assert not SITE_ONLY_FIELDS & {f.lower() for f in entry.fields}, key
        assert entry.fields["title"] == BIB.entries[key].fields["title"]
        assert authors(entry) == authors(BIB.entries[key])


def test_every_paper_is_an_intersphinx_label(site):
    labels = inventory(site / "objects.inv")
    for key in BIB.entries:
        assert labels[f"paper-{key}"] == ("std:label", f"papers/{key}.html#paper-{key}")


def test_nothing_is_generated_into_the_sources(site):
    sources = site.parent / "src"  # the copy the site fixture built
    assert (sources / "refs.bib").is_file()
    assert not (sources / "papers").exists()


# -- Builds of modified copies ------------------------------------------------------------


def split_bib(text: str) -> tuple[str, list[str]]:
    """refs.bib as (header, [entry text, ...])."""
    parts = re.split(r"\n(?=@)", text)
    return parts[0], [p.strip() + "\n" for p in parts[1:]]


def stable_names(html: Path) -> dict[str, tuple]:
    """What must not change for a paper: list anchor, page URL and label, inventory entry."""
    publications = BeautifulSoup((html / "publications.html").read_text("utf-8"), "html.parser")
    labels = inventory(html / "objects.inv")
    names = {}
    for entry in publications.select("li.publication"):
        key = entry["id"].removeprefix("pub-")
        page_url = entry.select_one(".pub-title a")["href"]
        paper = BeautifulSoup((html / page_url).read_text("utf-8"), "html.parser")
        names[key] = (
            entry["id"],
            page_url,
            paper.select_one("article section")["id"],
            heading(paper),
            labels[f"paper-{key}"],
        )
    return names


def test_names_survive_adding_removing_and_reordering_papers(tmp_path):
    before = copy_site(tmp_path / "a")
    result = sphinx_build(before, tmp_path / "a-html")
    assert result.returncode == 0, result.stderr
    old = stable_names(tmp_path / "a-html")

    after = copy_site(tmp_path / "b")
    header, entries = split_bib((after / "refs.bib").read_text("utf-8"))
    removed = next(e for e in entries if e.startswith("@inproceedings{wang2025gridmix,"))
    entries.remove(removed)
    new = (
        "@inproceedings{huang2026new,\n  title = {A Newer Paper},\n"
        "  author = {Gao Huang and Zhuang Liu},\n  booktitle = {Some Conference},\n"
        "  year = {2026},\n}\n"
    )
    (after / "refs.bib").write_text(header + "\n" + "\n".join([new, *entries[::-1]]), "utf-8")
    result = sphinx_build(after, tmp_path / "b-html")
    assert result.returncode == 0, result.stderr
    current = stable_names(tmp_path / "b-html")

    assert set(old) - set(current) == {"wang2025gridmix"}
    assert set(current) - set(old) == {"huang2026new"}
    for key in set(old) & set(current):
        assert current[key] == old[key], key
    assert current["huang2026new"][:3] == (
        "pub-huang2026new",
        "papers/huang2026new.html",
        "paper-huang2026new",
    )
    assert not (tmp_path / "b-html" / "papers" / "wang2025gridmix.html").exists()


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.*")}


def build_verbose(srcdir: Path, outdir: Path, *options: str) -> str:
    """Build as ``make html`` does, keeping the list of documents read and written.

    ``-N``: no colour codes in the log, which Sphinx adds when it sees ``CI`` set.
    """
    doctrees = outdir.parent / f"{outdir.name}.doctrees"
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "html", "-W", "-n", "-d", str(doctrees)]
    result = subprocess.run(
        [*command, *options, str(srcdir), str(outdir)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def read_docs(output: str) -> set[str]:
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", output))


def written_docs(output: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", output))


def test_incremental_builds_touch_only_what_changed(tmp_path):
    srcdir = copy_site(tmp_path / "src")
    outdir = tmp_path / "html"
    papers = srcdir / "papers"
    papers.mkdir()
    hand_written = papers / "notes.md"
    hand_written.write_text("---\norphan: true\n---\n# Notes\n", "utf-8")
    output = build_verbose(srcdir, outdir)
    assert read_docs(output) == {
        "activities",
        "awards",
        "index",
        "papers/notes",
        "publications",
        "students",
    }
    pages = outdir / "papers"
    first = mtimes(pages)
    assert "huang2017densely.html" in first and "huang2017densely.bib" in first
    assert "notes.html" in first  # a hand-written page in the papers folder is a document

    # nothing changed: nothing read, written or rendered
    output = build_verbose(srcdir, outdir)
    assert read_docs(output) == set() and written_docs(output) == set()
    assert "paper pages:" not in output
    assert mtimes(pages) == first

    # an HTML setting changed: every paper page once, then none again
    output = build_verbose(srcdir, outdir, "-D", "html_title=Renamed")
    assert "paper pages: 51 written" in output
    assert "Renamed" in (pages / "huang2017densely.html").read_text("utf-8")
    output = build_verbose(srcdir, outdir, "-D", "html_title=Renamed")
    assert "paper pages:" not in output
    build_verbose(srcdir, outdir)
    first = mtimes(pages)

    # one entry changed: its page is rendered again and the lists written again; no page
    # is read again, since no list shows other papers (bib_choices)
    bib = srcdir / "refs.bib"
    text = bib.read_text("utf-8")
    assert text.count("DenseNet-CVPR-Slides.pdf") == 1
    bib.write_text(text.replace("DenseNet-CVPR-Slides.pdf", "DenseNet-Slides.pdf"), "utf-8")
    output = build_verbose(srcdir, outdir)
    assert read_docs(output) == set()
    assert written_docs(output) == {"index", "publications"}
    assert "paper pages: 1 written, 0 removed" in output
    changed = {name for name, mtime in mtimes(pages).items() if first.get(name) != mtime}
    assert changed == {"huang2017densely.html"}  # slides are not in the exported BibTeX
    densenet = (pages / "huang2017densely.html").read_text("utf-8")
    assert "papers/DenseNet-Slides.pdf" in densenet

    # a page stops citing a paper: that paper's page is rendered again
    awards = srcdir / "awards.md"
    awards.write_text(
        awards.read_text("utf-8").replace(
            "{paper}`CVPR Best Paper Finalists, 2022 <xia2022vision>`",
            "CVPR Best Paper Finalists, 2022",
        ),
        "utf-8",
    )
    output = build_verbose(srcdir, outdir)
    assert read_docs(output) == {"awards"}
    assert "paper pages: 1 written, 0 removed" in output
    xia = BeautifulSoup((pages / "xia2022vision.html").read_text("utf-8"), "html.parser")
    assert [a.get_text() for a in xia.select("#mentioned-on li a")] == ["Home", "Publications"]

    # a paper removed from refs.bib: its page and BibTeX go, hand-written pages stay
    header, entries = split_bib(bib.read_text("utf-8"))
    entries = [e for e in entries if not e.startswith("@inproceedings{wang2025gridmix,")]
    bib.write_text(header + "\n" + "\n".join(entries), "utf-8")
    output = build_verbose(srcdir, outdir)
    # the pages of the papers before and after it name it as their neighbour
    assert re.search(r"paper pages: [12] written, 1 removed", output)
    assert not (pages / "wang2025gridmix.html").exists()
    assert not (pages / "wang2025gridmix.bib").exists()
    assert "wang2025gridmix" not in (pages / "publications.bib").read_text("utf-8")
    assert (pages / "notes.html").exists() and hand_written.exists()


# -- Small projects -----------------------------------------------------------------------

TRICKY_BIB = r"""
@inproceedings{doe2024tricky,
  title     = {Closing </script> Tags \& ``Quotes'' in M{\"u}ller's $\alpha$-Nets},
  author    = {Gao Huang and J{\"o}rg M{\"u}ller and Anne-Marie O'Neil},
  booktitle = {Proceedings of the A\&B Conference},
  year      = {2024},
  pages     = {10--20},
  doi       = {10.1000/xyz123},
  url       = {https://openreview.net/pdf?id=abc},
}

@techreport{huang2020report,
  title       = {A Technical Report},
  author      = {Gao Huang},
  institution = {Tsinghua University},
  number      = {TR-7},
  year        = {2020},
  url         = {https://example.org/report.html},
}

@article{huang2021journal,
  title   = {A Journal Paper},
  author  = {Gao Huang and Kilian Q. Weinberger},
  journal = {Journal of Things},
  volume  = {12},
  number  = {3},
  pages   = {100--110},
  year    = {2021},
  url     = {https://arxiv.org/pdf/2101.00001v2},
}
"""
LIST_PAGE = "# Papers\n\n```{bibliography}\n:list: bullet\n:all:\n```\n"


def test_metadata_is_decoded_and_escaped(project, tmp_path):
    result = project({"index.md": LIST_PAGE, "refs.bib": TRICKY_BIB}, conf="smartquotes = False\n")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "html"
    raw = (html / "papers" / "doe2024tricky.html").read_text("utf-8")
    head = raw.split("</head>")[0]
    assert head.count("</script>") == head.count("<script")  # the title cannot close a script
    soup = BeautifulSoup(raw, "html.parser")
    title = "Closing </script> Tags & “Quotes” in Müller's \u03b1-Nets"
    assert meta(soup, "citation_title") == [title]
    assert meta(soup, "citation_author") == ["Gao Huang", "Jörg Müller", "Anne-Marie O'Neil"]
    assert meta(soup, "citation_conference_title") == ["Proceedings of the A&B Conference"]
    assert meta(soup, "citation_firstpage") == ["10"]
    assert meta(soup, "citation_lastpage") == ["20"]
    assert meta(soup, "citation_doi") == ["10.1000/xyz123"]
    assert meta(soup, "citation_pdf_url") == ["https://openreview.net/pdf?id=abc"]
    (article,) = json_ld(soup)
    assert article["name"] == title
    assert "https://doi.org/10.1000/xyz123" in article["sameAs"]
    assert heading(soup) == title

    report = BeautifulSoup((html / "papers/huang2020report.html").read_text("utf-8"), "html.parser")
    assert meta(report, "citation_technical_report_institution") == ["Tsinghua University"]
    assert meta(report, "citation_technical_report_number") == ["TR-7"]
    assert meta(report, "citation_conference_title") == meta(report, "citation_journal_title") == []
    assert meta(report, "citation_abstract_html_url") == ["https://example.org/report.html"]

    journal = BeautifulSoup(
        (html / "papers/huang2021journal.html").read_text("utf-8"), "html.parser"
    )
    assert meta(journal, "citation_journal_title") == ["Journal of Things"]
    assert meta(journal, "citation_volume") == ["12"]
    assert meta(journal, "citation_issue") == ["3"]
    assert meta(journal, "citation_arxiv_id") == ["2101.00001"]
    assert meta(journal, "citation_pdf_url") == ["https://arxiv.org/pdf/2101.00001v2"]
    assert json_ld(journal)[0]["isPartOf"] == {"@type": "Periodical", "name": "Journal of Things"}


def search_terms(html: Path) -> dict[str, set[str]]:
    """Sphinx's search index: each word (of a text or a title) and the pages it is on."""
    text = (html / "searchindex.js").read_text("utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    pages = index["docnames"]
    terms: dict[str, set[str]] = {}
    for mapping in (index["terms"], index["titleterms"]):
        for word, found in mapping.items():
            terms.setdefault(word, set()).update(
                pages[i] for i in ([found] if isinstance(found, int) else found)
            )
    return terms


def test_a_listed_paper_is_found_on_its_page_not_again_in_the_list(project, tmp_path):
    bib = (
        "@article{lovelace1843notes, author = {Ada Lovelace}, journal = {Scientific Memoirs},\n"
        "  title = {Sketch of the Analytical Engine}, year = {1843}}\n"
    )
    page = "# Papers\n\nEverything written so far.\n\n```{publication-list}\n```\n"
    result = project({"index.md": page, "refs.bib": bib}, owner=("Ada Lovelace",))
    assert result.returncode == 0, result.stderr
    terms = search_terms(tmp_path / "html")
    # The entry's words lead to the paper's page; the list's own words stay indexed.
    assert terms["analyt"] == {"papers/lovelace1843notes"}
    assert terms["memoir"] == {"papers/lovelace1843notes"}
    assert "index" in terms["everyth"]


def test_unknown_paper_key_fails_the_build_every_time(project, tmp_path):
    page = "# Home\n\nSee {paper}`huang2099nothing` and {paper}`a paper <huang2021journal>`.\n"
    first = project({"index.md": page, "refs.bib": TRICKY_BIB})
    # an incremental build, with no source changed, must not forget the error
    second = sphinx_build(tmp_path / "src", tmp_path / "html")
    for result in (first, second):
        assert result.returncode != 0
        assert "index.md:3" in result.stderr
        assert "'huang2099nothing', but refs.bib has no entry with this key" in result.stderr


def test_a_key_that_is_not_a_paper_says_why(project):
    bib = (
        "@inproceedings{child1850, title = {A}, author = {Ada Lovelace}, crossref = {conf1850}}\n"
        "@proceedings{conf1850, title = {Proceedings}, year = {1850}}\n"
        "@set{both, entryset = {child1850}}\n"
    )
    page = "# Home\n\nSee {paper}`conf1850`.\n\n```{publication-list}\nboth\n```\n"
    result = project({"index.md": page, "refs.bib": bib}, owner=("Ada Lovelace",))
    assert result.returncode != 0
    not_a_paper = "refs.bib has it only as a crossref parent, a biblatex @set or @xdata"
    assert f"{{paper}} refers to 'conf1850', but {not_a_paper}" in result.stderr
    assert f"publication-list: 'both': {not_a_paper}" in result.stderr


def test_paper_links_work_with_the_dirhtml_builder(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\nbibtex_default_style = 'publications'\n"
        "publications_owner = ['Gao Huang']\n",
        "utf-8",
    )
    (srcdir / "refs.bib").write_text(TRICKY_BIB, "utf-8")
    (srcdir / "index.md").write_text(
        "# Home\n\n```{toctree}\nlist\n```\n\nSee {paper}`huang2021journal`.\n", "utf-8"
    )
    (srcdir / "list.md").write_text(LIST_PAGE, "utf-8")
    result = sphinx_build(srcdir, tmp_path / "html", builder="dirhtml")
    assert result.returncode == 0, result.stderr
    index = BeautifulSoup((tmp_path / "html/index.html").read_text("utf-8"), "html.parser")
    link = index.select_one("a:has(> .paper-reference)")
    assert link["href"] == "papers/huang2021journal/"
    assert link.get_text() == "A Journal Paper"
    listing = BeautifulSoup((tmp_path / "html/list/index.html").read_text("utf-8"), "html.parser")
    assert listing.select_one("#pub-huang2021journal .pub-title a")["href"] == (
        "../papers/huang2021journal/"
    )
    paper = (tmp_path / "html/papers/huang2021journal/index.html").read_text("utf-8")
    assert 'href="../../#' not in paper
    cited = BeautifulSoup(paper, "html.parser").select("#mentioned-on li a")
    assert {a["href"] for a in cited} == {"../../", "../../list/#pub-huang2021journal"}


DBLP_ENTRY = """
@inproceedings{{{key},
  title     = {{Densely Connected Convolutional Networks}},
  author    = {{Gao Huang and Zhuang Liu}},
  booktitle = {{IEEE Conference on Computer Vision and Pattern Recognition}},
  year      = {{2017}},
}}
"""


def test_keys_unsafe_in_urls_get_safe_page_names(project, tmp_path):
    bib = DBLP_ENTRY.format(key="DBLP:conf/cvpr/HuangLMW17")
    page = "# Home\n\nSee {paper}`DBLP:conf/cvpr/HuangLMW17`.\n\n" + LIST_PAGE.replace("#", "##")
    result = project({"index.md": page, "refs.bib": bib})
    assert result.returncode == 0, result.stderr
    html = tmp_path / "html"
    assert (html / "papers/DBLP-conf-cvpr-HuangLMW17.html").exists()
    labels = inventory(html / "objects.inv")
    assert labels["paper-dblp-conf-cvpr-huanglmw17"][1] == (
        "papers/DBLP-conf-cvpr-HuangLMW17.html#paper-dblp-conf-cvpr-huanglmw17"
    )
    index = BeautifulSoup((html / "index.html").read_text("utf-8"), "html.parser")
    assert index.select_one("a:has(> .paper-reference)")["href"] == (
        "papers/DBLP-conf-cvpr-HuangLMW17.html"
    )


def test_keys_that_would_share_a_page_are_an_error(project):
    bib = DBLP_ENTRY.format(key="a:b") + DBLP_ENTRY.format(key="a/b")
    result = project({"index.md": LIST_PAGE, "refs.bib": bib})
    assert result.returncode != 0
    assert "refs.bib:9: a/b: its page and anchor would be those of a:b (refs.bib:2)" in (
        result.stderr
    )


def test_a_key_that_would_overwrite_the_export_is_an_error(project):
    result = project({"index.md": LIST_PAGE, "refs.bib": DBLP_ENTRY.format(key="Publications")})
    assert result.returncode != 0
    assert "refs.bib:2: Publications: the key is the name of the file of all papers" in (
        result.stderr
    )


def test_ref_to_a_paper_label_links_its_page(project, tmp_path):
    refs = "{ref}`paper-doe2024tricky` and {ref}`the report <paper-huang2020report>`"
    page = f"# Home\n\nSee {refs}.\n"
    result = project({"index.md": page, "refs.bib": TRICKY_BIB})
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    links = {squash(a.get_text()): a["href"] for a in soup.select("a.reference.internal")}
    assert links["the report"] == "papers/huang2020report.html#paper-huang2020report"
    title = "Closing </script> Tags & “Quotes” in Müller's \u03b1-Nets"
    assert links[title] == "papers/doe2024tricky.html#paper-doe2024tricky"


_COUNT_STYLESHEET_LOOKUPS = """
import sys
import docutils.utils

found = docutils.utils.find_file_in_dirs
calls = []
docutils.utils.find_file_in_dirs = lambda *args: calls.append(args) or found(*args)
from sphinx.cmd.build import build_main
status = build_main(["-q", "-E", "-b", "html", sys.argv[1], sys.argv[2]])
print(status, len(calls))
"""


def test_paper_pages_do_not_look_for_docutils_stylesheets(project, tmp_path):
    """Each translator of docutils' HTML writer looks its stylesheets up on disk, for a
    list the theme's templates never show; paper pages are translated without it."""
    lookups = {}
    for papers in (2, 12):
        bib = "".join(
            f"@article{{p{i},\n  author = {{Gao Huang}},\n  title = {{Paper {i}}},\n"
            f"  journal = {{J}},\n  year = {{2020}},\n}}\n"
            for i in range(papers)
        )
        pages = {"index.md": "# Papers\n\n```{publication-list}\n```\n", "refs.bib": bib}
        assert project(pages).returncode == 0
        out = tmp_path / f"out{papers}"
        result = subprocess.run(
            [sys.executable, "-c", _COUNT_STYLESHEET_LOOKUPS, str(tmp_path / "src"), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        status, lookups[papers] = result.stdout.split()
        assert status == "0", result.stderr
        assert len(list((out / "papers").glob("*.html"))) == papers
    assert lookups[2] == lookups[12]  # those of the documents, none for a paper page


def test_a_paper_pages_description_ends_each_part_with_one_full_stop():
    from sphinx_publications.bib.records import Settings, from_entry
    from sphinx_publications.papers import summary

    def described(authors: str) -> str:
        text = f"@article{{k, author = {{{authors}}}, title = {{T}}, journal = {{J}}, year = 2020}}"
        return summary(from_entry(parse_string(text, "bibtex").entries["k"], Settings()))

    assert (
        described("Ada Lovelace and Davis, Jr., Sammy") == "Ada Lovelace, Sammy Davis, Jr. J, 2020."
    )
    assert described("Ada Lovelace and others") == "Ada Lovelace, et al. J, 2020."


def test_a_note_in_parentheses_is_not_wrapped_in_more():
    from sphinx_publications.bib.records import Settings, from_entry
    from sphinx_publications.entry_nodes import notes_nodes

    text = "@misc{k, title = {T}, note = {(in German)}, addendum = {(a) and (b)}}"
    pub = from_entry(parse_string(text, "bibtex").entries["k"], Settings())
    assert [node.astext() for node in notes_nodes(pub)] == ["((a) and (b))", "(in German)"]


def test_scholar_gets_a_name_with_a_lineage_without_its_comma():
    from sphinx_publications.bib.records import Settings, from_entry
    from sphinx_publications.metadata import highwire_tags

    text = (
        "@article{k, author = {King, Jr., Martin Luther}, title = {T}, journal = {J}, year = 1963}"
    )
    entry = parse_string(text, "bibtex").entries["k"]
    tags = highwire_tags(from_entry(entry, Settings()), entry)
    assert ("citation_author", "Martin Luther King Jr.") in tags


@pytest.mark.parametrize("year, date", [("{2020a}", "2020"), ("{in press}", None)])
def test_scholar_gets_a_year_it_can_read_or_none(year, date):
    from sphinx_publications.bib.records import Settings, from_entry
    from sphinx_publications.metadata import highwire_tags

    text = f"@article{{k, author = {{A. Lovelace}}, title = {{T}}, journal = {{J}}, year = {year}}}"
    entry = parse_string(text, "bibtex").entries["k"]
    tags = dict(highwire_tags(from_entry(entry, Settings()), entry))
    assert tags.get("citation_publication_date") == date

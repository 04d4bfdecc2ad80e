"""Errors only where the site would be wrong or unsafe; notes for everything else."""

from __future__ import annotations

import time

import pytest

PAPER = """\
@article{turing1936computable,
  title   = {On Computable Numbers, with an Application to the Entscheidungsproblem},
  author  = {Alan M. Turing},
  journal = {Proceedings of the London Mathematical Society},
  year    = {1936},
{extra}}}
"""


def paper(**fields: str) -> str:
    extra = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return PAPER.replace("{extra}}}", extra + "}")


def summary(found) -> list[tuple[str, str, str]]:
    return [(f.level, f.code, f.field) for f in found]


def test_a_complete_entry_has_no_finding(findings):
    assert findings(paper(), owner=("Alan M. Turing",)) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "https:\\\\evil.example",
    ],
)
def test_a_link_that_is_not_a_web_address_is_an_error(findings, url):
    [error] = findings(paper(code=url))
    assert (error.level, error.code, error.field, error.line) == ("error", "unsafe-link", "code", 6)
    assert str(error).startswith("refs.bib:6: turing1936computable: code: ")


@pytest.mark.parametrize(
    "url",
    [
        "CTAN://macros/latex/doc/clsguide.pdf",
        "file:///C:/Users/ada/paper.pdf",
        "urn:nbn:de:bvb:19-146642",
        "isbn:978-0-19-852486-2",
    ],
)
def test_another_scheme_is_a_note_not_an_error(findings, url):
    """Never a link, but nothing that runs: what KOMA-Script's or a Zotero .bib writes."""
    [note] = findings(paper(url=url))
    assert (note.level, note.code, note.field) == ("note", "not-web-link", "url")
    assert "the link is left out" in note.message


@pytest.mark.parametrize(
    "value",
    [
        "doi:10.1145/3292500.3330701",
        "DOI: 10.1145/3292500.3330701",
        "arXiv:1608.06993",
        "hdl:1721.1/12345",
        "https://github.com/a/b https://github.com/c/d",
        "https://github.com/a/b, https://github.com/c/d",
        "https://github.com/a/b;https://github.com/c/d",
        r"\url{https://example.org/dense\_net.pdf}",
        "www.example.org/code",
    ],
)
def test_links_as_people_write_them_are_accepted(findings, value):
    assert findings(paper(code=value)) == []


def test_a_site_file_that_is_missing_is_an_error_once_there_is_a_files_folder(findings):
    assert summary(findings(paper(pdf="paper.pdf"), files=True)) == [
        ("error", "missing-file", "pdf")
    ]


def test_a_site_file_of_an_imported_bibliography_is_a_note_without_a_files_folder(findings):
    [note] = findings(paper(pdf="agile/Poster Agile Modeling.pdf"))
    assert (note.level, note.code) == ("note", "missing-file")
    assert "'agile/Poster Agile Modeling.pdf'" in note.message  # one file, spaces and all


def test_missing_recommended_fields_are_notes(findings):
    text = "@article{x1850, title = {T}, author = {Ada Lovelace}}\n"
    assert summary(findings(text)) == [("note", "missing", ""), ("note", "missing", "")]


@pytest.mark.parametrize("year", ["in press", "2020--2021", "forthcoming", "MMXX"])
def test_a_year_that_is_not_a_number_is_a_note(findings, year):
    assert summary(findings(paper().replace("{1936}", "{" + year + "}"))) == [
        ("note", "year", "year")
    ]


def test_a_latex_command_the_site_cannot_read_is_a_note_naming_it(findings):
    text = paper(note=r"With \mysterious{care}, {\bf bold}, \emph{k} and {\apj}")
    found = findings(text.replace("Alan M. Turing", r"Alan M. \Turing"))
    assert summary(found) == [
        ("note", "latex-command", "note"),
        ("note", "latex-command", "author"),
    ]
    assert found[0].message.startswith("\\mysterious: a LaTeX command the site does not know")
    assert found[1].message.startswith("\\Turing:")


def test_two_people_joined_by_a_comma_are_a_note_where_one_is_known(findings):
    text = (
        "@article{a, author = {Ada Lovelace, Charles Babbage}, title = {T}, year = 2020}\n"
        "@article{b, author = {Garcia Lopez, Juan Carlos and Ada Lovelace}, title = {T},"
        " year = 2021}\n"
    )
    found = [f for f in findings(text, owner=("Ada Lovelace",)) if f.code == "name-comma"]
    assert [(f.level, f.key, f.field) for f in found] == [("note", "a", "author")]
    assert found[0].message.startswith("'Ada Lovelace, Charles Babbage' reads as one person")


def test_the_owner_missing_from_the_authors_is_a_note(findings):
    assert summary(findings(paper(), owner=("Grace Hopper",))) == [("note", "owner", "author")]


def test_a_misspelt_field_name_is_a_note_naming_the_field_meant(findings):
    [note] = findings(paper(cdoe="https://github.com/a/b"))
    assert (note.code, note.field) == ("misspelt-field", "cdoe")
    assert "'code'" in note.message


def test_an_unknown_field_is_one_note_per_field(findings):
    text = paper(flavour="x") + paper(flavour="y").replace("turing1936computable", "other")
    [note] = findings(text)
    assert (note.code, note.field) == ("unknown-field", "flavour")
    assert "(in 2 entries)" in note.message


def test_scopus_record_data_in_notes_is_one_note_for_the_file(findings):
    text = paper(note="Cited by: 12; All Open Access") + paper(note="cited By 3").replace(
        "turing1936computable", "other"
    )
    [note] = findings(text)
    assert (note.code, note.field, note.line) == ("database-note", "note", 6)
    assert note.message.endswith("(in 2 entries)")


def test_fields_tools_write_are_known(findings):
    text = paper(
        timestamp="Tue, 18 Jun 2024",
        biburl="https://dblp.org/rec/x.bib",
        bibsource="dblp",
        abbr="PLMS",
        selected="true",
        bibtex_show="true",
        preview="x.png",
        google_scholar_id="abc",
        urldate="2024-01-01",
        langid="english",
        file="x.pdf",
        arxivid="2001.01234",  # Mendeley's
        collaboration="ATLAS",  # INSPIRE's, shown with the authors
        reportNumber="CERN-EP-2022-001",
        adsurl="https://ui.adsabs.harvard.edu/abs/x",
        volumes="3",  # biblatex's
        abbrev_source_title="J. Ex.",  # Scopus's, not misspellings of "number" and "code"
        art_number="12",
        coden="JEXAB",
        correspondence_address1="Lovelace, A.",  # numbered, as Scopus numbers them
        hal_id="hal-0123",
        pubstate="forthcoming",  # biblatex's, shown
        **{"Book-Group-Author": "ATLAS"},  # Web of Science's
    )
    assert [f for f in findings(text) if f.code in ("unknown-field", "misspelt-field")] == []


@pytest.mark.parametrize("path", ["/projects/engine/", "../projects/engine/", "../../etc/passwd"])
def test_a_path_of_the_old_site_is_a_note_not_an_error(findings, path):
    [note] = findings(paper(code=path), files=True)  # al-folio's project pages
    assert (note.level, note.code, note.field) == ("note", "not-web-link", "code")
    assert note.message.startswith(f"{path!r} is a page of your old site, not a web")


def test_biblatex_annotations_of_fields_are_known(findings):
    text = paper(**{"author+an": "1=highlight"})
    assert [f for f in findings(text) if f.code in ("unknown-field", "misspelt-field")] == []


def test_an_endnote_web_of_science_link_is_one_value_and_not_a_web_address(findings):
    [note] = findings(paper(url="<Go to ISI>://WOS:000123456700001"))
    assert (note.level, note.code) == ("note", "not-web-link")
    assert "'<Go to ISI>://WOS:000123456700001'" in note.message


@pytest.mark.parametrize(
    "first, variant",
    [
        ("Kilian Q. Weinberger", "Kilian Weinberger"),
        ("Kilian Q. Weinberger", "Kilian Q. Weingerger"),
        ("Laurens van der Maaten", "Laurens Van Der Maaten"),
        ("Jun-Yan Zhu", "Junyan Zhu"),
    ],
)
def test_name_spelling_variants_are_notes_with_both_spellings(findings, first, variant):
    text = paper().replace("Alan M. Turing", f"Alan M. Turing and {first}") + paper().replace(
        "turing1936computable", "second"
    ).replace("Alan M. Turing", f"Alan M. Turing and {variant}")
    [note] = findings(text)
    assert (note.level, note.code, note.key) == ("note", "name-variant", "second")
    assert f"{variant!r} looks like another spelling of {first!r}" in note.message


@pytest.mark.parametrize(
    "first, other",
    [
        ("Jun Zhu", "Jun Zhou"),
        ("Wei Li", "Wei Lin"),
        ("Aldo de Luca", "Alessandro De Luca"),
        ("A. de Luca", "A. De Luca"),
    ],
)
def test_different_people_with_similar_names_are_not_variants(findings, first, other):
    text = paper().replace("Alan M. Turing", f"{first} and {other}")
    assert findings(text) == []


def test_the_owners_declared_spellings_are_never_flagged(findings):
    text = paper().replace("Alan M. Turing", "A. M. Turing") + paper().replace(
        "turing1936computable", "second"
    ).replace("Alan M. Turing", "Alan Turing")
    assert findings(text, owner=("A. M. Turing", "Alan Turing")) == []


def test_a_variant_of_the_owner_suggests_adding_it(findings):
    text = paper() + paper().replace("turing1936computable", "second").replace(
        "Alan M. Turing", "A. M. Turing"
    )
    found = {f.code: f for f in findings(text, owner=("Alan M. Turing",))}
    assert set(found) == {"name-variant", "owner"}  # and that entry has no emphasis yet
    assert (
        "'A. M. Turing' looks like another spelling of the owner's" in found["name-variant"].message
    )
    assert "add it to publications_owner" in found["name-variant"].message


def test_checking_is_linear_in_entries_and_findings(findings):
    """5,000 entries with a note each: checked in seconds, not minutes (no re-scan per finding)."""
    text = "".join(
        f"@misc{{k{i}, title = {{T{i}}}, author = {{Person{i} Name{i}}}, "
        f"year = {{{1900 + i % 100}}}, flavour = {{x}}, cdoe = {{y}}}}\n"
        for i in range(5000)
    )
    start = time.perf_counter()
    found = findings(text)
    elapsed = time.perf_counter() - start
    assert {f.code for f in found} == {"unknown-field", "misspelt-field"}
    assert elapsed < 30  # generous: the point is that it is not quadratic (was 115 s)


def test_kept_checks_see_a_file_of_the_site_come_and_go(read, tmp_path):
    """An entry's findings are kept between builds, unless its checks looked for a file."""
    from sphinx_publications.bib import bibfile, checks

    folder = tmp_path / "assets" / "pdf"
    folder.mkdir(parents=True)

    def find_file(value: str):
        path = folder / value
        return (path if path.is_file() else None), True

    context = checks.Context(link_fields=("pdf",), find_file=find_file)
    bib = read(paper(pdf="paper.pdf"))
    cache = bibfile.ReadCache()
    assert [f.code for f in checks.check(bib, context, cache)] == ["missing-file"]
    (folder / "paper.pdf").write_bytes(b"%PDF")
    assert checks.check(bib, context, cache) == []
    (folder / "paper.pdf").unlink()
    assert [f.code for f in checks.check(bib, context, cache)] == ["missing-file"]

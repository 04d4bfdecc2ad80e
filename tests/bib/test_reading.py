"""Reading a .bib file as BibTeX does: nothing lost silently, every problem with its line."""

from __future__ import annotations

import gc

import pytest

from sphinx_publications.bib import bibfile

PAPER = """\
@inproceedings{lovelace1843notes,
  title     = {Notes on the Analytical Engine},
  author    = {Ada Lovelace and Charles Babbage},
  booktitle = {Scientific Memoirs},
  year      = {1843},
}
"""


def entry(key: str, year: str = "1850", **fields: str) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"\n@article{{{key},\n  title = {{Paper {key}}},\n  author = {{Ada Lovelace}},\n" + (
        f"  journal = {{Journal}},\n  year = {{{year}}},\n{body}}}\n"
    )


def codes(found) -> list[tuple[str, str, int]]:
    return [(f.level, f.code, f.line) for f in found]


def test_a_clean_file_has_no_finding(read):
    bib = read(PAPER + entry("b"))
    assert list(bib.data.entries) == ["lovelace1843notes", "b"]
    assert bib.findings == []


def test_a_syntax_error_costs_only_its_entry_which_is_named_with_its_line(read):
    broken = "\n@article{broken1850,\n  title = {Broken}\n  year = {1850},\n}\n"  # comma missing
    bib = read(PAPER + broken + entry("after"))
    assert list(bib.data.entries) == ["lovelace1843notes", "after"]
    [error] = bib.findings
    assert (error.level, error.key, error.line) == ("error", "broken1850", 10)
    assert str(error).startswith("refs.bib:10: broken1850: BibTeX syntax error")
    assert "(a comma missing after the field before?)" in error.message


def test_an_unclosed_brace_does_not_swallow_the_entries_after_it(read):
    broken = "\n@article{open1850,\n  title = {Never {closed},\n  year = {1850},\n}\n"
    bib = read(PAPER + broken + entry("after") + entry("last"))
    assert list(bib.data.entries) == ["lovelace1843notes", "after", "last"]
    assert [(f.level, f.key) for f in bib.findings] == [("error", "open1850")]
    # Named at the line of the value left open, not where the next entry starts.
    [error] = bib.findings
    assert error.line == PAPER.count("\n") + 3  # a blank line, the entry's, its title's
    assert "the value of 'title' opens a brace that is never closed" in error.message


def test_an_unclosed_brace_at_the_end_of_the_file_is_named_at_its_value(read):
    bib = read(PAPER + "\n@article{open1850,\n  title = {Never {closed},\n  year = {1850}\n")
    [error] = bib.findings
    assert (error.key, error.line) == ("open1850", PAPER.count("\n") + 3)
    assert "the value of 'title' opens a brace" in error.message


def test_an_entry_quoted_inside_a_value_is_part_of_that_value(read):
    """As al-folio sites write a ``bibtex`` field: BibTeX reads on until the braces close."""
    inner = (
        "\n@inproceedings{quoting1850,\n  title = {Quoting},\n  author = {Ada Lovelace},\n"
        "  booktitle = {Memoirs},\n  year = {1850},\n  bibtex = {\n"
        "    @inproceedings\\{quoting1850,\n      title = \\{Quoting\\},\n    \\}\n  },\n}\n"
    )
    text = PAPER + inner + entry("after")
    bib = read(text)
    assert list(bib.data.entries) == ["lovelace1843notes", "quoting1850", "after"]
    assert "@inproceedings" in bib.data.entries["quoting1850"].fields["bibtex"]
    assert [f for f in bib.findings if f.level == "error"] == []
    assert bib.source("after").line == text[: text.index("@article{after")].count("\n") + 1


def test_an_unclosed_brace_before_a_later_stray_one_still_costs_only_its_entry(read):
    broken = "\n@article{open1850,\n  title = {Never {closed},\n  year = {1850},\n}\n"
    stray = "\n% a stray } in a comment\n"
    bib = read(PAPER + broken + entry("after") + stray + entry("last"))
    assert list(bib.data.entries) == ["lovelace1843notes", "after", "last"]
    assert [(f.level, f.key) for f in bib.findings] == [("error", "open1850")]


def test_an_entry_without_its_brace_is_an_error_not_a_lost_paper(read):
    bib = read(PAPER + "\n@inproceedingsnobrace1850,\n  title = {X},\n}\n" + entry("after"))
    assert "after" in bib.data.entries
    assert [f.level for f in bib.findings] == ["error"]


def test_an_at_sign_in_a_comment_is_no_entry(read):
    text = "% To uncomment, replace % with @\n% mail me: ada@example.org\n" + PAPER
    bib = read(text)
    assert list(bib.data.entries) == ["lovelace1843notes"]
    assert [f for f in bib.findings if f.level == "error"] == []


def test_an_entry_commented_out_with_percent_signs_is_no_entry(read):
    """As a LaTeX user comments one out (biber skips it), right after a real entry."""
    commented = "\n".join("% " + line for line in entry("old").strip().splitlines())
    bib = read(PAPER + "\n" + commented + "\n" + entry("after"))
    assert list(bib.data.entries) == ["lovelace1843notes", "after"]
    assert bib.findings == []


def test_an_entry_that_lost_its_at_sign_is_a_note(read):
    bib = read(PAPER + "\ninproceedings{lost1850,\n  title = {Lost},\n}\n")
    assert [(f.level, f.code, f.key, f.line) for f in bib.findings] == [
        ("note", "lost-entry", "lost1850", 8)
    ]


def test_a_key_used_for_two_different_entries_is_an_error_naming_both_lines(read):
    bib = read(PAPER + entry("Lovelace1843Notes", year="1844") + entry("later"))
    assert list(bib.data.entries) == ["lovelace1843notes", "later"]  # nothing after it is lost
    [error] = bib.findings
    assert (error.level, error.code, error.line) == ("error", "duplicate-key", 8)
    assert "line 1" in error.message


def test_an_entry_repeated_verbatim_is_a_note_and_shown_once(read):
    bib = read(PAPER + "\n" + PAPER)
    assert list(bib.data.entries) == ["lovelace1843notes"]
    assert codes(bib.findings) == [("note", "repeated-entry", 8)]


def test_a_field_given_twice_keeps_the_first_value_as_bibtex_does(read):
    bib = read(PAPER.replace("  year      = {1843},\n", "  year = {1843},\n  YEAR = {1999},\n"))
    assert bib.data.entries["lovelace1843notes"].fields["year"] == "1843"
    assert codes(bib.findings) == [("note", "field-twice", 6)]


def test_an_undefined_string_is_empty_and_a_note(read):
    bib = read(PAPER.replace("{Scientific Memoirs}", "memoirs"))
    assert bib.data.entries["lovelace1843notes"].fields["booktitle"] == ""
    assert codes(bib.findings) == [("note", "undefined-string", 4)]


def test_al_folio_flags_written_as_bare_words_keep_their_value(read, pubs):
    """jekyll-scholar reads ``selected=true`` as "true"; BibTeX would read it as empty."""
    text = PAPER.replace("  year", "  selected=true,\n  bibtex_show = TRUE,\n  year")
    bib = read(text)
    fields = bib.data.entries["lovelace1843notes"].fields
    assert (fields["selected"], fields["bibtex_show"]) == ("true", "true")
    assert bib.findings == []
    assert pubs(text)[0].selected
    redefined = read('@string{true = "yes"}\n' + text).data.entries["lovelace1843notes"]
    assert redefined.fields["selected"] == "yes"  # a file's own @string comes first


def test_strings_and_month_macros_are_expanded(read):
    bib = read('@string{sm = "Scientific Memoirs"}\n' + PAPER.replace("{Scientific Memoirs}", "sm"))
    fields = bib.data.entries["lovelace1843notes"].fields
    assert fields["booktitle"] == "Scientific Memoirs"
    assert bib.findings == []


def test_windows_1252_is_read_and_named_as_a_note(read):
    text = PAPER.replace("Charles Babbage", "Charles Babbage and Ren\xe9 Descartes")
    bib = read(raw=text.replace("Memoirs", "“Memoirs”").encode("cp1252"))
    entry = bib.data.entries["lovelace1843notes"]
    assert [str(p) for p in entry.persons["author"]][-1] == "Descartes, René"
    assert entry.fields["booktitle"] == "Scientific “Memoirs”"
    assert codes(bib.findings) == [("note", "encoding", 3)]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf_16_is_read_and_named_as_a_note(read, codec):
    """Notepad's "Unicode" and PowerShell's ``>`` write UTF-16: no entry was found in it."""
    text = PAPER.replace("Charles Babbage", "Charles Babbage and Ren\xe9 Descartes")
    bib = read(raw=text.replace("\n", "\r\n").encode(codec))
    entry = bib.data.entries["lovelace1843notes"]
    assert [str(p) for p in entry.persons["author"]][-1] == "Descartes, René"
    assert codes(bib.findings) == [("note", "encoding", 1)]
    assert "UTF-16" in bib.findings[0].message


def test_bom_and_crlf_just_work(read):
    bib = read(raw=b"\xef\xbb\xbf" + (PAPER + entry("b")).replace("\n", "\r\n").encode())
    assert list(bib.data.entries) == ["lovelace1843notes", "b"]
    assert bib.findings == []
    assert bib.source("b").line == 8


def test_crossref_children_inherit_and_parents_are_not_papers(read):
    text = """\
@inproceedings{child1,
  author = {Ada Lovelace},
  title = {A Paper},
  pages = {1--2},
  crossref = {conf1850},
}
@proceedings{conf1850,
  editor = {Charles Babbage},
  title = {Proceedings of the First Conference},
  publisher = {Engine Press},
  year = {1850},
}
"""
    bib = read(text)
    child = bib.data.entries["child1"]
    assert list(bib.data.entries) == ["child1"]
    assert child.fields["booktitle"] == "Proceedings of the First Conference"
    assert child.fields["year"] == "1850"
    assert [str(p) for p in child.persons["editor"]] == ["Babbage, Charles"]
    assert codes(bib.findings) == [("note", "crossref-parent", 7)]


def test_biblatex_sets_and_data_containers_are_not_papers(read):
    text = (
        "@set{notes, entryset = {lovelace1843notes,b}}\n"
        + PAPER
        + entry("b")
        + "@xdata{engine, publisher = {Engine Press}}\n"
    )
    bib = read(text)
    assert list(bib.data.entries) == ["lovelace1843notes", "b"]
    assert [(f.code, f.key, f.level) for f in bib.findings] == [
        ("not-a-paper", "notes", "note"),
        ("not-a-paper", "engine", "note"),
    ]


def test_entries_biblatex_leaves_out_of_the_bibliography_are_not_papers(read):
    text = (
        PAPER
        + entry("b", options="useprefix, skipbib=true")
        + entry("c", options="dataonly")
        + entry("d", options="skipbib=false")
    )
    bib = read(text)
    assert list(bib.data.entries) == ["lovelace1843notes", "d"]
    found = [(f.code, f.key, f.field, f.level) for f in bib.findings]
    assert found == [
        ("not-a-paper", "b", "options", "note"),
        ("not-a-paper", "c", "options", "note"),
    ]
    assert "skipbib" in bib.findings[0].message and "dataonly" in bib.findings[1].message


def test_a_dangling_crossref_is_a_note(read):
    bib = read(PAPER.replace("  year", "  crossref = {nowhere},\n  year"))
    assert codes(bib.findings) == [("note", "crossref", 5)]


def test_names_separated_by_commas_are_an_error_naming_the_field(read):
    bib = read(PAPER.replace("Ada Lovelace and Charles Babbage", "Lovelace, Ada, Babbage, Charles"))
    [error] = bib.findings
    assert (error.level, error.field, error.line) == ("error", "author", 3)
    assert "separate names with 'and'" in error.message


def test_a_list_ending_in_and_is_read_without_it(read):
    bib = read(PAPER.replace("Charles Babbage}", "Charles Babbage and}"))
    names = [str(p) for p in bib.data.entries["lovelace1843notes"].persons["author"]]
    assert names == ["Lovelace, Ada", "Babbage, Charles"]
    assert codes(bib.findings) == [("note", "and", 3)]


def test_control_characters_are_removed_with_a_note(read):
    bib = read(PAPER.replace("Notes on", "Notes\x00 on\x1b"))
    assert "\x00" not in bib.data.entries["lovelace1843notes"].fields["title"]
    assert codes(bib.findings) == [("note", "control", 2)]


def test_equal_contribution_marks_become_the_equal_field(read):
    text = PAPER.replace(
        "Ada Lovelace and Charles Babbage",
        r"Lovelace*, Ada and Babbage\textsuperscript{\dag}, Charles and Mary Somerville<sup>*</sup>"
        " and Stretcu<nobr><em>*</em></nobr>, Otilia and Ann Other",
    )
    entry = read(text).data.entries["lovelace1843notes"]
    assert [str(p) for p in entry.persons["author"]] == [
        "Lovelace, Ada",
        "Babbage, Charles",
        "Somerville, Mary",
        "Stretcu, Otilia",
        "Other, Ann",
    ]
    assert entry.fields["equal"].split(" and ") == [
        "Lovelace, Ada",
        "Babbage, Charles",
        "Mary Somerville",
        "Stretcu, Otilia",
    ]


def test_lines_are_found_without_searching_the_file_again(read):
    bib = read(PAPER + entry("b", code="https://example.org"))
    assert bib.source("B").line == 8
    assert bib.source("b").line_of("code") == 13
    assert bib.source("b").line_of("nothere") == 8


MANY_FINDINGS = """\
@article{twice,
  title = {Notes\x00 on the Engine},
  author = {Ada Lovelace and and Charles Babbage},
  editor = {a, b, c, d},
  title = {Another Title},
  journal = {Memoirs}, year = {1843},
}
"""


def test_an_entry_read_again_lower_in_the_file_has_its_findings_at_its_new_lines(tmp_path):
    """What a read keeps of an entry is kept at the lines it was first read at: moved
    below new entries, it is reported, and its fields found, where it is now."""
    path = tmp_path / "refs.bib"
    cache = bibfile.ReadCache()
    path.write_text(MANY_FINDINGS, "utf-8")
    first = bibfile.read(path, cache=cache)
    path.write_text(entry("new") + entry("newer") + MANY_FINDINGS, "utf-8")
    again = bibfile.read(path, cache=cache)
    cold = bibfile.read(path)
    assert again.findings == cold.findings
    assert [(f.code, f.line) for f in first.findings if f.key == "twice"] != [
        (f.code, f.line) for f in again.findings if f.key == "twice"
    ]
    twice = [f for f in again.findings if f.code == "field-twice"]
    assert [(f.line, f.message) for f in twice] == [
        (19, "given twice (also on line 16): the first value is kept, as in BibTeX")
    ]
    source = again.source("twice")
    assert (source.line, source.line_of("journal"), source.line_of("nothere")) == (15, 20, 15)
    assert source.line_of("title") == cold.source("twice").line_of("title")
    for key in cold.data.entries:
        kept, fresh = again.data.entries[key], cold.data.entries[key]
        assert dict(kept.fields) == dict(fresh.fields)
        assert {r: [str(p) for p in ps] for r, ps in kept.persons.items()} == {
            r: [str(p) for p in ps] for r, ps in fresh.persons.items()
        }


def test_reading_throws_nothing_away_in_reference_cycles(read):
    """What a read makes is frozen for the build without a scan (collector.lasting):
    what it threw away in a cycle would stay until the build ends. Each entry's
    parser once referred to itself through its error handler. (An entry BibTeX cannot
    read still leaves its parser to the collector: pybtex's syntax error refers to it.)"""
    text = PAPER + "".join(entry(f"paper{n}") for n in range(50))
    gc.collect()
    gc.disable()
    try:
        bib = read(text)
        assert len(bib.data.entries) == 51
        gc.set_debug(gc.DEBUG_SAVEALL)
        found = gc.collect()
    finally:
        gc.set_debug(0)
        thrown, gc.garbage[:] = list(gc.garbage), []
        gc.enable()
    assert found == 0, sorted({type(thing).__qualname__ for thing in thrown})


def test_a_field_name_with_a_space_is_read_as_one_name_and_a_note(read):
    # Scopus writes "funding_text 1" (sometimes with a no-break space); BibTeX reads
    # non-ASCII letters as part of a name ("título") too.
    text = PAPER.replace(
        "  year      = {1843},\n",
        "  year = {1843},\n  funding_text 1 = {EPSRC},\n  funding_text\u00a02 = {ERC},\n"
        "  título = {Notas},\n  publisher = {Taylor},\n",
    )
    bib = read(text)
    fields = bib.data.entries["lovelace1843notes"].fields
    assert (fields["funding_text 1"], fields["funding_text 2"]) == ("EPSRC", "ERC")
    assert (fields["título"], fields["publisher"]) == ("Notas", "Taylor")
    assert [(f.level, f.code, f.field, f.line) for f in bib.findings] == [
        ("note", "spaced-field", "funding_text 1", 6),
        ("note", "spaced-field", "funding_text 2", 7),
    ]


def test_an_unreadable_editor_beside_authors_is_a_note_without_authors_an_error(read):
    editors = "Ada Lovelace and University of Twente, Computer Science, P.O. Box 217, Enschede"
    bib = read(
        f"@inproceedings{{a, author = {{Charles Babbage}}, title = {{T}}, editor = {{{editors}}},"
        " booktitle = {B}, year = 1850}\n"
        f"@proceedings{{b, title = {{T}}, editor = {{{editors}}}, year = 1850}}\n"
    )
    assert [(f.key, f.level, f.field) for f in bib.findings] == [
        ("a", "note", "editor"),
        ("b", "error", "editor"),
    ]
    assert bib.findings[0].message.endswith("; left out (editors are not shown here)")


def test_an_entrys_fields_answer_as_pybtexs_own_mapping():
    from pybtex.utils import OrderedCaseInsensitiveDict

    from sphinx_publications.bib.bibfile import Fields

    answers = []
    for kind in (OrderedCaseInsensitiveDict, Fields):
        fields = kind([("title", "Notes"), ("Year", "1843")])
        fields["YEAR"], fields["kind"] = "1844", "journal"
        del fields["title"]
        fields["Title"] = "Sketch"
        answers.append(
            (
                list(fields.items()),
                list(fields.values()),
                list(fields),
                fields.get("year"),
                fields.get("TITLE"),
                fields.get("missing", "none"),
                len(fields.items()),
            )
        )
    assert answers[0] == answers[1]
    assert answers[1][0] == [("YEAR", "1844"), ("kind", "journal"), ("Title", "Sketch")]


def test_an_entry_read_has_fields_read_as_fast_as_a_dict(read):
    from sphinx_publications.bib.bibfile import Fields

    bib = read(PAPER)
    entry = bib.data.entries["lovelace1843notes"]
    assert type(entry.fields) is Fields and type(entry.persons) is Fields
    assert entry.fields.get("BookTitle") == "Scientific Memoirs"


def test_an_entry_is_made_as_pybtex_makes_one():
    from pybtex.database import Entry

    from sphinx_publications.bib.bibfile import Fields, new_entry

    made = new_entry("InProceedings", Fields([("title", "Notes")]), Fields())
    theirs = Entry("InProceedings", {"title": "Notes"})
    # The same attributes: a pybtex that sets another one in Entry() fails here.
    assert vars(made).keys() == vars(theirs).keys()
    assert made == theirs and (made.type, made.original_type) == ("inproceedings", "InProceedings")


def test_an_entry_is_added_as_pybtex_adds_one():
    from pybtex.database import BibliographyData, Entry

    from sphinx_publications.bib.bibfile import add_entry

    ours, theirs = BibliographyData(), BibliographyData()
    for data, add in (
        (ours, lambda d, k, e: add_entry(d, k, e)),
        (theirs, BibliographyData.add_entry),
    ):
        add(data, "Lovelace1843", Entry("article", {"title": "Notes"}))
        add(data, "babbage1864", Entry("book", {"title": "Passages", "crossref": "Lovelace1843"}))
    assert ours == theirs and vars(ours).keys() == vars(theirs).keys()
    assert [entry.key for entry in ours.entries.values()] == ["Lovelace1843", "babbage1864"]

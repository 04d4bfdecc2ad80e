"""What an entry shows: names, venue line, kind, links, as BibTeX and al-folio users expect."""

from __future__ import annotations

import unicodedata

import pytest

from sphinx_publications.bib.rich_notes import plain


def one(pubs, text: str, **options):
    [pub] = pubs(text, **options)
    return pub


# -- Names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "author",
    [
        "Lee*, Yoonho and Finn, Chelsea",
        "Yoonho Lee* and Chelsea Finn",
        "Yoonho Lee† and Chelsea Finn",
        r"Yoonho Lee\textsuperscript{*} and Chelsea Finn",
        "Yoonho Lee<sup>*</sup> and Chelsea Finn",
        "Lee<nobr><em>*</em></nobr>, Yoonho and Chelsea Finn",
        "Yoonho Lee $^*$ and Chelsea Finn",
    ],
)
def test_equal_contribution_marks_mean_what_the_equal_field_means(pubs, author):
    pub = one(pubs, f"@misc{{x, author = {{{author}}}, title = {{T}}}}", owner=("Yoonho Lee",))
    lee, finn = pub.authors
    assert (lee.name, lee.is_owner, lee.equal) == ("Yoonho Lee", True, True)
    assert (finn.name, finn.equal) == ("Chelsea Finn", False)


def test_particles_keep_their_case(pubs):
    pub = one(
        pubs,
        "@misc{x, author = {Bucci, M. and Luca, A. de and De Luca, A.}, title = {T}}",
        owner=("Alessandro De Luca", "A. De Luca"),
    )
    assert [(a.name, a.is_owner) for a in pub.authors] == [
        ("M. Bucci", False),
        ("A. de Luca", False),
        ("A. De Luca", True),
    ]


def test_the_owner_is_found_however_the_name_is_ordered(pubs):
    for author in ("De Luca, Alessandro", "Alessandro De Luca", "Alessandro {De Luca}"):
        pub = one(pubs, f"@misc{{x, author = {{{author}}}}}", owner=("Alessandro De Luca",))
        assert pub.authors[0].is_owner, author


@pytest.mark.parametrize("owner", ["Martin Luther King Jr.", "Martin Luther King, Jr."])
def test_the_owner_with_a_lineage_is_found_however_it_is_written(pubs, owner):
    for author in ("King, Jr., Martin Luther", "Martin Luther King Jr.", "King, Martin Luther"):
        pub = one(pubs, f"@misc{{x, author = {{{author}}}}}", owner=(owner,))
        assert pub.authors[0].is_owner, (owner, author)


def test_biblatex_extended_names_read_as_biber_reads_them(pubs):
    pub = one(
        pubs,
        "@misc{x, author = {family=Lovelace, given=Ada and "
        "given=Ludwig, family=Beethoven, prefix=van, useprefix=true and "
        "family={World Health Organization}}, title = {T}}",
        owner=("Ada Lovelace",),
    )
    assert [(a.name, a.is_owner) for a in pub.authors] == [
        ("Ada Lovelace", True),
        ("Ludwig van Beethoven", False),
        ("World Health Organization", False),
    ]


def test_a_cv_s_bold_or_underlined_owner_is_one_name_and_the_owner(pubs):
    # LaTeX CVs mark their owner: \textbf{Last, First} hides its comma from BibTeX's reading
    pub = one(
        pubs,
        r"@misc{x, author = {\textbf{Lovelace, Ada} and Babbage, Charles and "
        r"{\bf Lovelace, A.} and \underline{Ada Lovelace}}, title = {T}}",
        owner=("Ada Lovelace", "A. Lovelace"),
    )
    assert [(a.name, a.is_owner) for a in pub.authors] == [
        ("Ada Lovelace", True),
        ("Charles Babbage", False),
        ("A. Lovelace", True),
        ("Ada Lovelace", True),
    ]


def test_the_owner_is_found_with_accents_composed_or_not(pubs):
    decomposed = unicodedata.normalize("NFD", "Nguyễn, Minh")
    pub = one(pubs, f"@misc{{x, author = {{{decomposed}}}}}", owner=("Minh Nguyễn",))
    assert pub.authors[0].is_owner


def test_dblp_homonym_numbers_are_dropped(pubs):
    pub = one(pubs, "@misc{x, author = {Wei Li 0001 and Li, Wei 0002 and Gao Huang}}")
    assert [a.name for a in pub.authors] == ["Wei Li", "Wei Li", "Gao Huang"]


def test_and_others_is_et_al_never_an_author(pubs):
    pub = one(pubs, "@misc{x, author = {Lefebvre, Thierry L and Ciga, Ozan and others}}")
    assert [a.name for a in pub.authors] == ["Thierry L Lefebvre", "Ozan Ciga"]
    assert pub.et_al


def test_an_edited_book_shows_its_editors(pubs):
    pub = one(
        pubs,
        "@book{x, editor = {De Leeuw, J. and E. Meijer}, title = {Handbook of Multilevel "
        "Analysis}, publisher = {Springer}, year = 2008}",
    )
    assert [e.name for e in pub.editors] == ["J. De Leeuw", "E. Meijer"]
    assert pub.venue_line == "Springer 2008"


# -- Entry types, venue lines, kinds -----------------------------------------------------------

TYPES = [
    ("article", "journal = {Psychometrika}", "journal", "Psychometrika, 1988"),
    ("inproceedings", "booktitle = {STOC}", "conference", "STOC 1988"),
    ("conference", "booktitle = {STOC}", "conference", "STOC 1988"),
    ("incollection", "booktitle = {Wiley StatsRef}", "chapter", "Wiley StatsRef 1988"),
    ("inbook", "booktitle = {A Book}, chapter = {3}", "chapter", "A Book 1988"),
    ("book", "publisher = {Springer}", "book", "Springer 1988"),
    ("proceedings", "publisher = {ACM}", "book", "ACM 1988"),
    ("phdthesis", "school = {UCLA}", "thesis", "PhD thesis, UCLA 1988"),
    ("mastersthesis", "school = {UCLA}", "thesis", "Master's thesis, UCLA 1988"),
    (
        "thesis",
        "type = {mathesis}, school = {Tor Vergata}",
        "thesis",
        "Master's thesis, Tor Vergata 1988",
    ),
    ("thesis", "type = {bathesis}, institution = {X}", "thesis", "Bachelor's thesis, X 1988"),
    ("techreport", "institution = {NPL}, number = {7}", "report", "Technical Report 7, NPL 1988"),
    ("report", "type = {resreport}, institution = {NPL}", "report", "Research Report, NPL 1988"),
    ("misc", "howpublished = {Lecture notes}", "other", "Lecture notes 1988"),
    ("online", "url = {https://x.org}", "other", "1988"),
    ("electronic", "url = {https://x.org}", "other", "1988"),
    ("www", "url = {https://x.org}", "other", "1988"),
    ("unpublished", "note = {Manuscript}", "preprint", "1988"),
    ("software", "publisher = {Zenodo}, version = {1.0}", "other", "Version 1.0, Zenodo 1988"),
    ("dataset", "publisher = {Zenodo}", "other", "Zenodo 1988"),
    ("patent", "number = {US123}", "other", "Patent US123 1988"),
    ("manual", "organization = {R Core}", "other", "R Core 1988"),
    ("booklet", "howpublished = {Handout}", "other", "Handout 1988"),
]


@pytest.mark.parametrize("kind, fields, expected_kind, venue", TYPES)
def test_every_entry_type_renders(pubs, kind, fields, expected_kind, venue):
    pub = one(pubs, f"@{kind}{{x, author = {{A. Person}}, title = {{T}}, {fields}, year = 1988}}")
    assert pub.title == "T"
    assert pub.kind == expected_kind
    assert pub.venue_line == venue


@pytest.mark.parametrize(
    "fields, kind",
    [
        ("journal = {CoRR}, volume = {abs/2408.03465}", "preprint"),
        ("journal = {arXiv preprint arXiv:2101.00001}", "preprint"),
        ("journal = {bioRxiv}", "preprint"),
        ("journal = {Electron. Colloquium Comput. Complex.}", "preprint"),
        ("journal = {NeurIPS 2019}", "conference"),
        ("journal = {ICLR 2023 (<b>Spotlight</b>)}", "conference"),
        ("journal = {Proceedings of the National Academy of Sciences}", "journal"),
        ("journal = {IEEE Transactions on Pattern Analysis and Machine Intelligence}", "journal"),
        ("journal = {Nature}, kind = {other}", "other"),
        # no venue, an arXiv identifier: INSPIRE's and Paperpile's unpublished preprints
        ("eprint = {2206.07777}, archiveprefix = {arXiv}", "preprint"),
        ("eprint = {hep-th/9901001}", "preprint"),
        ("eprint = {2206.07777}, journal = {Phys. Rev. D}", "journal"),
        ("note = {Submitted}", "journal"),
    ],
)
def test_kind_comes_from_the_data(pubs, fields, kind):
    assert one(pubs, f"@article{{x, title = {{T}}, {fields}, year = 2020}}").kind == kind


@pytest.mark.parametrize(
    "entry, kind",
    [
        # a preprint server's word in a conference's name does not make a preprint
        ("@inproceedings{x, booktitle = {Preprints of the IFAC World Congress}}", "conference"),
        ("@inproceedings{x, booktitle = {Proceedings of HAL 2019: Workshop on X}}", "conference"),
        # arXiv's DOI, as DataCite, doi.org and ORCID write an arXiv paper
        ("@misc{x, doi = {10.48550/ARXIV.2305.01234}, publisher = {arXiv}}", "preprint"),
    ],
)
def test_kind_of_exports_that_name_a_server_or_only_a_doi(pubs, entry, kind):
    pub = one(pubs, entry.replace("{x, ", "{x, title = {T}, year = 2020, "))
    assert pub.kind == kind


def test_arxiv_doi_gives_the_arxiv_identifier(pubs):
    pub = one(pubs, "@misc{x, title = {T}, doi = {10.48550/arXiv.2305.01234}, year = 2023}")
    assert pub.arxiv == "2305.01234"


def test_a_books_journal_is_ignored_as_bibtex_ignores_it(pubs):
    # Scopus exports a book with its own title as the journal
    pub = one(
        pubs,
        "@book{x, title = {Notes on the Engine}, journal = {Notes on the Engine}, "
        "publisher = {Springer}, year = 2019}",
    )
    assert (pub.kind, pub.venue_line) == ("book", "Springer 2019")


def test_the_site_may_map_venues_to_kinds(pubs):
    text = "@article{x, title = {T}, journal = {Workshop Notes}, year = 2020}"
    assert one(pubs, text).kind == "conference"
    assert one(pubs, text, venue_kinds={"Workshop Notes": "other"}).kind == "other"


def test_biblatex_fields_are_read(pubs):
    pub = one(
        pubs,
        "@article{x, title = {T}, journaltitle = {J. Stat.}, date = {2024-01-15}, "
        "eprinttype = {arXiv}, eprint = {2401.00001}}",
    )
    assert (pub.venue, pub.year, pub.month, pub.arxiv) == (
        "J. Stat.",
        "2024",
        "January",
        "2401.00001",
    )


@pytest.mark.parametrize(
    "fields, line",
    [
        ("journal = {ICLR 2025}, abbr = {ICLR}", "ICLR 2025"),
        ("journal = {IEEE TPAMI}, abbr = {TPAMI}", "IEEE TPAMI, 2025"),
        ("journal = {Journal of Things}, abbr = {JoT}", "Journal of Things (JoT), 2025"),
        (
            "journal = {Algorithmica}, volume = {86}, number = {7}, pages = {2130--2151}",
            "Algorithmica, 86(7):2130–2151, 2025",
        ),
    ],
)
def test_the_venue_line_never_repeats_the_abbreviation_or_the_year(pubs, fields, line):
    assert one(pubs, f"@article{{x, title = {{T}}, {fields}, year = 2025}}").venue_line == line


def test_a_booktitle_ending_in_the_year_is_not_given_it_again(pubs):
    pub = one(
        pubs,
        "@inproceedings{x, booktitle = {ICCV 2023, Paris, France, October 2-6, 2023}, "
        "abbr = {ICCV}, year = 2023}",
    )
    assert pub.venue_line == "ICCV 2023, Paris, France, October 2-6, 2023"


@pytest.mark.parametrize(
    "entry, genre, line",
    [
        ("@phdthesis{x, school = {MIT}", "PhD thesis", "PhD thesis, MIT 2025"),
        (
            "@thesis{x, type = {mathesis}, school = {MIT}",
            "Master's thesis",
            "Master's thesis, MIT 2025",
        ),
        (
            "@techreport{x, number = {7}, institution = {MSR}",
            "Technical Report",
            "Technical Report 7, MSR 2025",
        ),
        ("@techreport{x, type = {Memo}, institution = {MSR}", "", "Memo, MSR 2025"),
        # the year inside a report number is not the date
        (
            "@techreport{x, number = {MSR-TR-2025-17}, institution = {MSR}",
            "Technical Report",
            "Technical Report MSR-TR-2025-17, MSR 2025",
        ),
        ("@article{x, journal = {PhD thesis review}", "", "PhD thesis review, 2025"),
        # biblatex's patents: the kind of patent and its number
        (
            "@patent{x, type = {patenteu}, number = {EP3456789}",
            "European patent",
            "European patent EP3456789 2025",
        ),
    ],
)
def test_a_thesis_or_report_names_its_genre_for_translation(pubs, entry, genre, line):
    pub = one(pubs, f"{entry}, title = {{T}}, year = 2025}}")
    assert (pub.genre, pub.venue_line) == (genre, line)
    shouting = pub.venue_line_in(str.upper, "{1} {0}".format)
    assert shouting == line.replace(genre, genre.upper()) if genre else shouting == line


def test_biblatex_titles_and_dates_and_an_article_without_journal(pubs):
    pub = one(
        pubs,
        "@article{x, title = {Main}, subtitle = {A Subtitle}, titleaddon = {Extended Version},"
        " volume = 41, number = 6, pages = {1--10}, year = 2012, date = {2011-03-01}}",
    )
    assert pub.title == "Main: A Subtitle. Extended Version"
    assert pub.venue_line == "41(6):1–10, 2012"  # no journal: the numbers still; no month of 2011


def test_page_ranges_and_venues_as_bibtex_styles_print_them(pubs):
    article = one(
        pubs, "@article{x, title = {T}, journal = {J}, volume = 3, pages = {10-20}, year = 2025}"
    )
    assert article.venue_line == "J, 3:10–20, 2025"  # plain.bst's n.dashify
    # An @inproceedings' venue is its booktitle (INSPIRE adds journal = {PoS} to a talk).
    talk = one(
        pubs, "@inproceedings{x, title = {T}, booktitle = {ICHEP}, journal = {PoS}, year = 2022}"
    )
    assert talk.venue == "ICHEP"


def test_the_month_is_translated_and_placed_with_the_year(pubs):
    pub = one(pubs, "@article{x, title = {T}, journal = {J}, year = 2025, month = jun}")
    assert pub.venue_line == "J, June 2025"
    assert pub.venue_line_in({"June": "6月"}.get, "{1}年{0}".format) == "J, 2025年6月"


@pytest.mark.parametrize(
    "year, shown, order",
    [
        ("in press", "in press", 0),
        ("2020--2021", "2020–2021", 2020),
        ("{{2017}}", "2017", 2017),
        ("forthcoming", "forthcoming", 0),
        ("MMXX", "MMXX", 0),
    ],
)
def test_years_as_written_never_crash(pubs, year, shown, order):
    pub = one(pubs, f"@misc{{x, title = {{T}}, year = {{{year}}}}}")
    assert (pub.year, pub.sort_year) == (shown, order)


# -- Links -------------------------------------------------------------------------------------


def test_doi_links_resolve_however_the_doi_is_written(pubs):
    for doi in (
        r"10.1007/978-3-031-20624-5\_37",
        "https://doi.org/10.1007/978-3-031-20624-5_37",
        "doi:10.1007/978-3-031-20624-5_37",
        "http://dx.doi.org/10.1007/978-3-031-20624-5_37",
    ):
        pub = one(pubs, f"@misc{{x, title = {{T}}, doi = {{{doi}}}}}")
        assert pub.doi == "10.1007/978-3-031-20624-5_37"
        assert pub.url == "https://doi.org/10.1007/978-3-031-20624-5_37"


def test_urls_are_unescaped(pubs):
    pub = one(pubs, r"@misc{x, url = {https://example.org/dense\_net\%20v2.pdf}}")
    assert pub.url == "https://example.org/dense_net%20v2.pdf"


def test_al_folio_fields_are_links_in_a_fixed_order(pubs):
    pub = one(
        pubs,
        "@inproceedings{x, title = {T}, website = {https://w.org}, code = {https://c.org}, "
        "arxiv = {2505.03071}, supp = {https://s.org}, pdf = {paper.pdf}, blog = {https://b.org}, "
        "html = {https://h.org}, slides = {https://sl.org}, poster = {https://p.org}, "
        "video = {https://v.org}}",
    )
    assert [(link.label, link.url) for link in pub.links] == [
        ("PDF", "paper.pdf"),
        ("arXiv", "https://arxiv.org/abs/2505.03071"),
        ("HTML", "https://h.org"),
        ("Code", "https://c.org"),
        ("Website", "https://w.org"),
        ("Slides", "https://sl.org"),
        ("Video", "https://v.org"),
        ("Poster", "https://p.org"),
        ("Supp", "https://s.org"),
        ("Blog", "https://b.org"),
    ]
    assert [link.local for link in pub.links][:2] == [True, False]
    assert pub.url == "https://arxiv.org/abs/2505.03071"  # no url: the arXiv page


def test_several_links_in_one_field_are_numbered(pubs):
    pub = one(pubs, "@misc{x, code = {https://a.org, https://b.org;https://c.org}}")
    assert [(link.label, link.url) for link in pub.links] == [
        ("Code 1", "https://a.org"),
        ("Code 2", "https://b.org"),
        ("Code 3", "https://c.org"),
    ]


def test_unsafe_links_are_never_shown(pubs):
    pub = one(pubs, "@misc{x, url = {javascript:alert(1)}, code = {data:text/html,x}}")
    assert (pub.url, pub.links) == ("", ())


def test_links_of_other_schemes_are_never_shown(pubs):
    pub = one(pubs, "@misc{x, url = {CTAN://info/lshort/}, code = {file:///C:/code.zip}}")
    assert (pub.url, pub.links) == ("", ())


@pytest.mark.parametrize(
    "fields",
    [
        "eprinttype = {arxiv}, eprint = {2204.01234 [cs]}",  # Zotero's biblatex export
        "archivePrefix = {arXiv}, arxivId = {2204.01234}",  # Mendeley's, without eprint
    ],
)
def test_arxiv_identifiers_as_exporters_write_them(pubs, fields):
    pub = one(pubs, f"@article{{x, title = {{T}}, journal = {{J}}, {fields}}}")
    assert pub.arxiv == "2204.01234"


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("doi:10.1145/3292500.3330701", "https://doi.org/10.1145/3292500.3330701"),
        ("arXiv:1608.06993", "https://arxiv.org/abs/1608.06993"),
        ("hdl:1721.1/12345", "https://hdl.handle.net/1721.1/12345"),
    ],
)
def test_an_identifier_given_as_an_address_links_to_its_resolver(pubs, value, address):
    pub = one(pubs, f"@misc{{x, url = {{{value}}}, code = {{{value}}}}}")
    assert pub.url == address
    assert [link.url for link in pub.links] == [address]


def test_al_folio_abstract_selection_award_and_notes(pubs):
    pub = one(
        pubs,
        "@article{x, title = {T}, abstract = {First.<br><br>Second.}, selected = {true}, "
        "award_name = {Best Paper}, preview = {x.png}, annotation = {Invited}, "
        "additional_info = {. Oral}, note = {To appear}, bibtex_show = {true}, "
        "altmetric = {123}, dimensions = {true}, google_scholar_id = {abc}, journal = {J}}",
    )
    assert pub.abstract == "First.\n\nSecond."
    assert pub.selected and pub.award == "Best Paper" and pub.preview == "x.png"
    # al-folio appends additional_info to the venue line (". Oral"): a note of its own here.
    assert [plain(note) for note in pub.notes] == ["Invited", "Oral", "To appear"]


def test_notes_keep_their_links_as_hyperref_prints_them(pubs):
    pub = one(
        pubs,
        r"@misc{x, title = {T}, note = {Code at \url{https://example.org/a_b}, "
        r"see \href{https://example.org/c--d}{the {\em site}} or https://example.org/e.}, "
        r"addendum = {\href{javascript:alert(1)}{Click}}}",
    )
    assert pub.notes == (
        (("Click", "", ""),),  # only a web address becomes a link
        (
            ("Code at ", "", ""),
            ("https://example.org/a_b", "", "https://example.org/a_b"),
            (", see ", "", ""),
            ("the site", "", "https://example.org/c--d"),
            (" or ", "", ""),
            ("https://example.org/e", "", "https://example.org/e"),
            (".", "", ""),
        ),
    )


def test_al_folio_additional_info_is_markdown(pubs):
    pub = one(
        pubs,
        "@article{x, title = {T}, journal = {J}, additional_info = {. *More Information* "
        r"can be [found here](https://example.org/more) by M{\"u}ller, **not** <b>here</b> "
        "nor [there](javascript:alert(1))}}",
    )
    [note] = pub.notes
    assert note == (
        ("More Information", "em", ""),
        (" can be ", "", ""),
        ("found here", "", "https://example.org/more"),
        (" by Müller, ", "", ""),
        ("not", "strong", ""),
        (" here nor [there](javascript:alert(1))", "", ""),
    )


def test_biblatex_publication_state_version_and_date_range(pubs):
    pub = one(
        pubs,
        "@software{x, title = {T}, author = {Ada Lovelace}, version = {2.1.0}, "
        "publisher = {Zenodo}, date = {2020/2021}, pubstate = {inpress}}",
    )
    assert (pub.pubstate, pub.version, pub.year, pub.sort_year) == (
        "in press",
        "2.1.0",
        "2020–2021",
        2020,
    )
    assert pub.venue_line == "Version 2.1.0, Zenodo 2020–2021"
    open_ended = one(pubs, "@misc{y, title = {T}, date = {2019/..}, pubstate = {Under review}}")
    assert (open_ended.year, open_ended.pubstate) == ("2019–", "Under review")
    same_year = one(pubs, "@misc{z, title = {T}, date = {2019-05-01/2019-05-03}}")
    assert (same_year.year, same_year.month) == ("2019", "May")


def test_titles_are_decoded_for_every_use(pubs):
    pub = one(
        pubs, r"@misc{x, title = {A Fixed-Depth Theorem for AC\({}^{\mbox{0}}\)[{\(\oplus\)}]}}"
    )
    assert pub.title == "A Fixed-Depth Theorem for AC⁰[⊕]"


def test_al_folio_award_name_labels_the_badge_and_award_is_its_text(pubs):
    pub = one(
        pubs,
        "@article{x, title = {T}, journal = {J}, award_name = {Nobel Prize}, "
        "award = {Awarded *for* the law of the photoelectric effect}}",
    )
    assert pub.award == "Nobel Prize"
    assert pub.notes == (
        (("Awarded ", "", ""), ("for", "em", ""), (" the law of the photoelectric effect", "", "")),
    )
    alone = one(pubs, "@article{y, title = {T}, journal = {J}, award = {**Best Paper**}}")
    assert (alone.award, alone.notes) == ("Best Paper", ())


def test_scopus_record_data_in_a_note_is_not_shown(pubs):
    first, second = pubs(
        "@article{a, title = {T}, journal = {J}, year = 2020, "
        "note = {Cited by: 31; All Open Access, Green Open Access}}\n"
        "@article{b, title = {T}, journal = {J}, year = 2020, note = {Invited talk}}"
    )
    assert (first.notes, [plain(n) for n in second.notes]) == ((), ["Invited talk"])


def test_an_address_keeps_a_semicolon_inside_it(pubs):
    wiley = "https://example.org/doi/10.1002/(SICI)1097-4571(199806)49:8<693::AID>3.0.CO;2-0"
    pub = one(pubs, f"@misc{{x, title = {{T}}, url = {{{wiley}}}, code = {{a.org/x;y=1}}}}")
    assert pub.url == wiley
    pub = one(pubs, "@misc{x, title = {T}, code = {https://a.org/x; https://b.org/y}}")
    assert [link.url for link in pub.links] == ["https://a.org/x", "https://b.org/y"]


@pytest.mark.parametrize(
    "fields, venue",
    [
        ("number = {178}, pages = {5--20}", "Langue, (178):5–20, 2013"),  # as BibTeX's plain
        ("pages = {5--20}", "Langue, 5–20, 2013"),
        ("volume = {3}, number = {178}", "Langue, 3(178), 2013"),
    ],
)
def test_an_article_without_a_volume_keeps_its_issue_and_pages(pubs, fields, venue):
    pub = one(pubs, f"@article{{x, title = {{T}}, journal = {{Langue}}, year = 2013, {fields}}}")
    assert pub.venue_line == venue


def test_biblatex_eprint_types_link_as_biblatex_links_them(pubs):
    pub = one(pubs, "@book{x, title = {T}, eprint = {2345678}, eprinttype = {jstor}}")
    assert [(link.label, link.url) for link in pub.links] == [
        ("JSTOR", "https://www.jstor.org/stable/2345678")
    ]
    pub = one(pubs, "@article{x, title = {T}, eprint = {1721.1/12345}, eprinttype = {HDL}}")
    assert [link.url for link in pub.links] == ["https://hdl.handle.net/1721.1/12345"]

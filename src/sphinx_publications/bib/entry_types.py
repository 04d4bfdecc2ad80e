"""What BibTeX, biblatex and the tools researchers use know: entry types and field names.

Every type renders; this table says which *kind* of publication it is by default
(the lists, filters and chart group by kind), which fields a complete citation
has (a missing one is a note, never an error), and which field names are known,
so that a misspelt one (``cdoe``, ``ulr``) can be pointed out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: The kinds of publication, in the order lists, legends and chart stacks show them.
KINDS: tuple[str, ...] = (
    "conference",
    "journal",
    "preprint",
    "book",
    "chapter",
    "thesis",
    "report",
    "other",
)

#: Entry type -> its kind when nothing else says otherwise (:mod:`.kinds` refines it).
ENTRY_TYPES: Mapping[str, str] = {
    "article": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "booklet": "other",
    "periodical": "other",
    "suppperiodical": "journal",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "other",
    "misc": "other",
    "online": "other",
    "electronic": "other",
    "www": "other",
    "webpage": "other",
    "unpublished": "preprint",
    "software": "other",
    "dataset": "other",
    "data": "other",
    "patent": "other",
    "standard": "other",
    "artwork": "other",
    "audio": "other",
    "video": "other",
    "movie": "other",
    "music": "other",
    "performance": "other",
    "image": "other",
    "letter": "other",
    "review": "other",
    "commentary": "other",
    "jurisdiction": "other",
    "legislation": "other",
    "legal": "other",
    "set": "other",
    "xdata": "other",
}

#: Fields without which a citation of this type reads incomplete (a note when missing).
#: Tuples inside are alternatives: ``("journal", "journaltitle")`` needs one of them.
RECOMMENDED: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle", "eventtitle"), ("year", "date")),
    "conference": (("author",), ("title",), ("booktitle", "eventtitle"), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "inbook": (("author", "editor"), ("title",), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("year", "date")),
    "proceedings": (("title",), ("year", "date")),
    "phdthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "thesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "report": (("author",), ("title",), ("institution",), ("year", "date")),
}
DEFAULT_RECOMMENDED: tuple[tuple[str, ...], ...] = (("title",), ("year", "date"))

#: biblatex ``type`` keys (and BibTeX habits) shown as words.
TYPE_LABELS: Mapping[str, str] = {
    "phdthesis": "PhD thesis",
    "phd": "PhD thesis",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
    "masters": "Master's thesis",
    "bathesis": "Bachelor's thesis",
    "bachelorsthesis": "Bachelor's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical Report",
    "resreport": "Research Report",
    "software": "Software",
    "datacd": "Data CD",
    "audiocd": "Audio CD",
    "patent": "Patent",
    "patentus": "U.S. patent",
    "patenteu": "European patent",
    "patentuk": "British patent",
    "patentde": "German patent",
    "patentfr": "French patent",
}

#: What a report or thesis is called when its ``type`` field does not say.
DEFAULT_GENRES: Mapping[str, str] = {
    "techreport": "Technical Report",
    "report": "Technical Report",
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "thesis": "Thesis",
    "patent": "Patent",
}
#: Every genre word a venue can start with: a site in another language translates them.
GENRES: tuple[str, ...] = tuple(dict.fromkeys([*TYPE_LABELS.values(), *DEFAULT_GENRES.values()]))

#: Field names that BibTeX styles, biblatex, al-folio, DBLP, Google Scholar, Zotero
#: (Better BibTeX), JabRef, BibDesk and Mendeley write. Others get one note each.
KNOWN_FIELDS: frozenset[str] = frozenset(
    # BibTeX
    "address annote author booktitle chapter crossref edition editor howpublished institution "  # noqa: SIM905
    "journal key month note number organization pages publisher school series title type "
    "volume year "
    # common BibTeX additions
    "abstract doi eprint archiveprefix primaryclass eprinttype eprintclass isbn issn url "
    "urldate keywords language lccn mrnumber zbl copyright pmid pmcid "
    # biblatex
    "date eventdate eventtitle eventtitleaddon venue journaltitle journalsubtitle issuetitle "
    "pubstate issuesubtitle issue subtitle titleaddon shorttitle booksubtitle booktitleaddon "
    "maintitle mainsubtitle origdate origlanguage origlocation origpublisher origtitle "
    "location institution pagetotal pagination part version addendum annotation "
    "bookauthor editora editorb editorc editortype translator commentator introduction "
    "foreword afterword holder shortauthor shorteditor shortjournal shortseries "
    "langid langidopts hyphenation indextitle sortkey sortname sorttitle sortyear "
    "label nameaddon options related relatedtype relatedstring entryset execute "
    "file library gender presort xref xdata ids usera userb userc userd usere userf "
    "verba verbb verbc namea nameb namec lista listb listc listd liste listf "
    "isan ismn isrn iswc eid endyear endmonth endday "
    # the extension's own
    "abbr award award_name presentation equal selected kind code slides talk poster video "
    "project pdf arxiv html website supp supplement blog preview bibtex_show altmetric "
    "dimensions google_scholar_id inspirehep_id additional_info annotation data dataset "
    "demo openreview hal "
    # DBLP
    "timestamp biburl bibsource "
    # INSPIRE-HEP, NASA ADS; biblatex's volumes
    "collaboration reportnumber slaccitation adsurl adsnote volumes "
    # Google Scholar / publishers
    "organization publisher journal-iso article-number numpages acmid articleno "
    "issue_date unique-id "
    # Zotero / Better BibTeX
    "shortjournal langid urldate accessed extra "
    # JabRef
    "owner comment groups ranking priority qualityassured readstatus printed relevance "
    "comments creationdate modificationdate citation-key "
    # BibDesk
    "date-added date-modified bdsk-url-1 bdsk-url-2 bdsk-url-3 bdsk-file-1 bdsk-file-2 "
    "local-url rating read "
    # Mendeley and publisher exports
    "mendeley-groups mendeley-tags file pages month day arxivid "
    "keywords-plus research-areas web-of-science-categories da ga journal-abbreviation "
    "funding-acknowledgement funding-text cited-references number-of-cited-references "
    "times-cited usage-count-last-180-days usage-count-since-2013 doc-delivery-number "
    "eissn orcid-numbers researcherid-numbers affiliation affiliations author-email "
    "article_number publication_stage source document_type note_dblp "
    # Scopus (``funding_text 1``, ``correspondence_address1``: numbered, see checks)
    "abbrev_source_title author_keywords correspondence_address funding_details "
    "funding_text pubmed_id conference_name conference_date conference_location "
    "conference_code page_count sponsors references art_number coden "
    # Web of Science, HAL, bibutils, Crossref, Software Heritage
    "oa book-group-author earlyaccessdate hal_id hal_version hal_local_reference "
    "refnum collection swhid".split()
)


#: Entry types whose venue BibTeX's styles take from ``booktitle`` (a ``journal`` there
#: is ignored: INSPIRE writes ``journal = {PoS}`` beside a talk's conference).
_IN_A_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})


#: Books: their venue is their publisher (and a biblatex ``eventtitle``), never a journal.
_BOOKS = frozenset({"book", "mvbook"})


def venue_fields(entry_type: str) -> tuple[str, ...]:
    """The fields that may name an entry's venue, the one shown first."""
    journal, book = ("journal", "journaltitle"), ("booktitle", "eventtitle")
    first, second = (book, journal) if entry_type in _IN_A_BOOK else (journal, book)
    if entry_type in _BOOKS:  # BibTeX's styles ignore a book's journal (Scopus writes the title)
        first, second = (), book
    return (*first, *second, "howpublished", "publisher", "organization", "institution")


#: A note that is a database's record, not the author's: Scopus writes "Cited by: 12;
#: All Open Access, ...; Conference code: 183456" (older exports "cited By 12"), and
#: its date of export. A homepage showing it would show a stale count.
_DATABASE_NOTE = re.compile(r"^\s*(?:cited\s+by\s*:?\s*[0-9]+|export\s+date\s*:)", re.IGNORECASE)


def is_database_note(value: str) -> bool:
    """Whether a ``note`` is a database's record data (Scopus's), not shown."""
    return bool(_DATABASE_NOTE.match(value))

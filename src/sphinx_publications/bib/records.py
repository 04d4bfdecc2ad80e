"""A typed, display-ready view of one entry: :class:`Publication`.

Everything that shows a paper (the lists, its page, meta tags, filters, the chart,
the exported BibTeX's names) reads entries through this view, so each convention
of BibTeX, biblatex, al-folio, DBLP or Google Scholar is decided in one place:
which field is the venue, which links an entry has and in which order, who the
authors are (marks, ``others``, homonym numbers), what its year and kind are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from operator import attrgetter
from typing import Any
from urllib.parse import quote

from pybtex.database import Entry, Person

from . import links as link_values
from .entry_types import DEFAULT_GENRES, TYPE_LABELS, is_database_note, venue_fields
from .kinds import kind_of
from .markup import to_text
from .names import NameKey, is_others, key_of, person_key, person_name, split_name_list
from .per_entry import PerEntry
from .rich_notes import Note, from_latex, from_markdown, plain

#: Link fields and their labels, in the order entries show them. al-folio's fields
#: are here; ``url`` (the paper), ``doi`` and ``eprint`` are handled on their own.
DEFAULT_LINK_FIELDS: Mapping[str, str] = {
    "pdf": "PDF",
    "arxiv": "arXiv",
    "html": "HTML",
    "code": "Code",
    "project": "Project",
    "website": "Website",
    "data": "Data",
    "slides": "Slides",
    "talk": "Talk",
    "video": "Video",
    "poster": "Poster",
    "supp": "Supp",
    "supplement": "Supp",
    "blog": "Blog",
}
#: biblatex's other ``eprinttype``\s (arXiv is handled on its own): label and address, as
#: its standard styles link them (``eprint = {2345678}, eprinttype = {jstor}``).
EPRINT_LINKS: Mapping[str, tuple[str, str]] = {
    "jstor": ("JSTOR", "https://www.jstor.org/stable/{}"),
    "pubmed": ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
    "hdl": ("Handle", "https://hdl.handle.net/{}"),
    "googlebooks": ("Google Books", "https://books.google.com/books?id={}"),
}
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_TRUE = frozenset({"true", "yes", "1", "on", "selected"})
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Settings:
    """What the site's configuration contributes to every view (hashable, for caching)."""

    owner: tuple[NameKey, ...] = ()
    link_fields: tuple[tuple[str, str], ...] = tuple(DEFAULT_LINK_FIELDS.items())
    venue_kinds: tuple[tuple[str, str], ...] = ()

    @classmethod
    def make(
        cls,
        owner: Sequence[str] = (),
        link_fields: Mapping[str, str] = DEFAULT_LINK_FIELDS,
        venue_kinds: Mapping[str, str] | None = None,
    ) -> Settings:
        keys = tuple(k for k in (key_of(name) for name in owner) if k is not None)
        return cls(
            keys,
            tuple((name.lower(), label) for name, label in link_fields.items()),
            tuple((venue_kinds or {}).items()),
        )


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    field: str = ""
    #: A file of the site (``pdf = {paper.pdf}``), resolved when pages are written.
    local: bool = False


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    equal: bool


@dataclass(frozen=True, slots=True)
class Publication:
    """One paper, as the site shows it.

    Slots: with 30 fields an instance's ``__dict__`` no longer shares its keys (CPython
    shares up to 30), 1.3 KB more for each of 5,000 papers.
    """

    key: str
    type: str
    kind: str
    title: str
    authors: tuple[Author, ...]
    editors: tuple[Author, ...]
    et_al: bool
    year: str  # as written ("2017", "in press", "2020--2021" decoded)
    sort_year: int  # for ordering; 0 when the year has no number
    month: str  # "June" (English) when BibTeX knows the month, else as written
    venue: str
    venue_abbr: str
    award: str
    presentation: str
    url: str  # the paper: url, else the PDF, else the DOI, else arXiv
    arxiv: str
    doi: str
    links: tuple[Link, ...]
    notes: tuple[Note, ...]  # addendum, annotation, additional_info, note: text and links
    abstract: str
    selected: bool
    preview: str  # al-folio's image file name, as written
    institution: str
    school: str
    number: str
    volume: str
    pages: str
    publisher: str
    #: The English word for the kind of work the venue starts with ("PhD thesis",
    #: "Technical Report"), which a site in another language translates; or "".
    genre: str = ""
    #: INSPIRE's ``collaboration`` ("ATLAS"): the author list speaks for it.
    collaboration: str = ""
    #: biblatex's ``pubstate`` as it prints it, in English ("in press"), or as written.
    pubstate: str = ""
    #: The ``version`` of software, a dataset or a manual ("2.1.0").
    version: str = ""

    def __reduce__(self) -> tuple[type[Publication], tuple[Any, ...]]:
        # Unpickled through __init__: a slotted dataclass's own __setstate__ looks its
        # fields up for each instance (5,000 views of the read cache: 0.02 s more).
        return (Publication, _publication_values(self))

    @property
    def venue_label(self) -> str:
        """Short venue name for filters and chips: the abbreviation if there is one."""
        return self.venue_abbr or self.venue

    @property
    def recognition(self) -> tuple[str, ...]:
        """Facets such as ``award``, ``oral``, ``spotlight``."""
        tags = []
        if self.award:
            tags.append("award")
        if self.presentation:
            word = self.presentation.split()[0].casefold()
            tags.append(word if word != "presentation" else "oral")
        return tuple(tags)

    @property
    def venue_line(self) -> str:
        """The venue and date as the list shows them: ``Booktitle (ABBR) 2024``.

        Journals read ``Journal (ABBR), 12(3):45-67, 2024``. The abbreviation and the
        year are not repeated when the venue already holds them (``ICLR 2025``).
        """
        return self.venue_line_in()

    def venue_in(self, word: Callable[[str], str] = str) -> str:
        """The venue with its genre translated by ``word``."""
        if self.genre and self.venue.startswith(self.genre):
            return word(self.genre) + self.venue[len(self.genre) :]
        return self.venue

    def venue_line_in(
        self,
        word: Callable[[str], str] = str,
        month_year: Callable[[str, str], str] = "{} {}".format,
    ) -> str:
        """:attr:`venue_line` in another language: ``word`` translates the genre and the
        month (English words), ``month_year`` puts a month and a year in order."""
        venue = self.venue_in(word)
        if self.version:  # biblatex: "Version 2.1.0", then the publisher
            version = f"{word('Version')} {self.version}"
            venue = f"{version}, {venue}" if venue else version
        abbr = self.venue_abbr
        if abbr and not _names_abbreviation(venue, abbr):
            venue = f"{venue} ({abbr})" if venue else abbr
        if self.kind == "journal" and (self.volume or self.number or self.pages):
            # BibTeX's plain: "12(3):4-5", "(3):4-5" without a volume; pages alone as APA
            issue = f"({self.number})" if self.number else ""
            numbers = f"{self.volume}{issue}"
            pages = f":{self.pages}" if numbers and self.pages else self.pages
            numbers += pages
            venue = f"{venue}, {numbers}" if venue else numbers
        month = word(self.month) if self.month else ""
        date = month_year(month, self.year) if month and self.year else month or self.year
        if self.year and _mentions(venue, self.year):
            date = ""
        comma = self.kind in ("journal", "preprint") or self.month
        separator = ", " if comma and venue and date else " "
        return separator.join(x for x in (venue, date) if x)


def _names_abbreviation(venue: str, abbr: str) -> bool:
    """Whether the venue already says its abbreviation: "(ICLR)", "ICLR 2025", "..., STOC 2024".

    Not when the abbreviation only starts a full name ("AAAI Conference on Artificial
    Intelligence (AAAI)" is how the owner wrote it).
    """
    if f"({abbr}" in venue:
        return True
    pattern = rf"(?<![\w-]){re.escape(abbr)}(?=\s*(?:'?[0-9]{{2,4}}\b|$|[,;:.)]))"
    return bool(re.search(pattern, venue))


def _mentions(text: str, word: str) -> bool:
    """Whether ``text`` says ``word`` on its own: not inside a report number (MSR-TR-2019-17)."""
    return bool(re.search(rf"(?<![\w/-]){re.escape(word)}(?![\w/-])", text, re.IGNORECASE))


def _authors(entry: Entry, role: str, settings: Settings, equal: set[NameKey]) -> list[Author]:
    people = []
    for person in entry.persons.get(role, ()):
        if is_others(person):
            continue
        key = person_key(person)
        people.append(_author(person_name(person), key in settings.owner, key in equal))
    return people


@lru_cache(maxsize=65536)
def _author(name: str, is_owner: bool, equal: bool) -> Author:
    """One object per distinct author, shared by the views of all papers.

    Co-authors recur: the views kept between builds (the loader's read cache) then
    pickle and load each author once, not once per paper.
    """
    return Author(name, is_owner, equal)


#: biblatex's date range (ISO 8601-2): ``2020/2021``, ``2019-05-01/2019-05-03``, ``2019/``.
_DATE_RANGE = re.compile(r"^([0-9]{4})[^/]*/(?:([0-9]{4})[^/]*|\.\.)?$")


def _year(fields: Mapping[str, str]) -> tuple[str, int]:
    year = to_text(fields.get("year", ""))
    if not year and fields.get("date"):
        match = _YEAR.search(fields["date"])
        year = match.group(1) if match else to_text(fields["date"])
    span = _DATE_RANGE.match(fields.get("date", "").strip())
    # biblatex prints a range of years ("2020/2021"); the loader's year (filters) is the first.
    if span and span.group(2) != span.group(1) and year in ("", span.group(1)):
        year = f"{span.group(1)}\u2013{span.group(2) or ''}"
    match = _YEAR.search(year)
    return year, int(match.group(1)) if match else 0


def _month(fields: Mapping[str, str]) -> str:
    value = to_text(fields.get("month", ""))
    date, year = fields.get("date", "").strip(), fields.get("year", "").strip()
    # The date's month, when it is the date of the year shown (a date of another year
    # beside ``year`` would make a date found in neither).
    if not value and re.match(r"^\d{4}-\d{2}", date) and year in ("", date[:4]):
        value = date[5:7]
    if value.isdigit() and 1 <= int(value) <= 12:
        return MONTHS[int(value) - 1]
    for name in MONTHS:
        if value.lower() in (name.lower(), name[:3].lower()):
            return name
    return value


#: A page range's single hyphen, which BibTeX's styles print as an en dash (``n.dashify``).
_PAGE_DASH = re.compile(r"(?<!-)-(?!-)")


def _title(fields: Mapping[str, str]) -> str:
    """The title with biblatex's ``subtitle`` and ``titleaddon``: "Title: Subtitle. Addon"."""
    title = to_text(fields.get("title", ""))
    subtitle = to_text(fields.get("subtitle", ""))
    if subtitle:
        title = f"{title}: {subtitle}" if title else subtitle
    addon = to_text(fields.get("titleaddon", ""))
    if addon:
        title = (
            f"{title}{'' if title.endswith(('.', '?', '!')) else '.'} {addon}" if title else addon
        )
    return title


def _venue(entry: Entry) -> tuple[str, str]:
    """The venue as the list shows it, and its genre (see :attr:`Publication.genre`)."""
    fields = entry.fields
    kind = entry.type.lower()

    def text(*names: str) -> str:
        return ", ".join(to_text(fields[n], "; ") for n in names if fields.get(n, "").strip())

    written = fields.get("type", "").strip()
    if kind in ("techreport", "report", "patent", "phdthesis", "mastersthesis", "thesis"):
        default = DEFAULT_GENRES.get(kind, "Thesis")
        genre = TYPE_LABELS.get(written.lower(), "" if written else default)
        label = genre or to_text(written) or default
        if kind in ("techreport", "report", "patent"):  # "European patent EP3456789"
            number = to_text(fields.get("number", ""))
            parts = [f"{label} {number}".strip(), text("institution")]
        else:
            parts = [label, text("school") or text("institution")]
        return ", ".join(p for p in parts if p), genre
    for name in venue_fields(kind):
        if fields.get(name, "").strip():
            return to_text(fields[name], "; "), ""
    return "", ""


def _links(entry: Entry, settings: Settings) -> list[Link]:
    fields = entry.fields
    found: list[Link] = []
    for name, label in settings.link_fields:
        for value in link_values.split(fields.get(name, "")):
            if name == "arxiv" and not value.lower().startswith(("http", "www.")):
                identifier = link_values.arxiv_id(value)
                if identifier:
                    found.append(Link(label, f"https://arxiv.org/abs/{identifier}", name))
                continue
            target = link_values.classify(value)
            if target.kind in ("web", "file"):
                found.append(Link(label, target.value, name, local=target.kind == "file"))
    eprint = fields.get("eprint", "").strip()
    kind = fields.get("eprinttype", fields.get("archiveprefix", "")).strip().casefold()
    if eprint and kind in EPRINT_LINKS:
        label, address = EPRINT_LINKS[kind]
        found.append(Link(label, address.format(quote(eprint, safe="/.-_")), "eprint"))
    counts: dict[str, int] = {}
    for link in found:
        counts[link.label] = counts.get(link.label, 0) + 1
    numbered: dict[str, int] = {}
    result = []
    for link in found:
        if counts[link.label] > 1:
            numbered[link.label] = numbered.get(link.label, 0) + 1
            link = Link(f"{link.label} {numbered[link.label]}", link.url, link.field, link.local)
        result.append(link)
    return result


def _paper_url(fields: Mapping[str, str], links: Sequence[Link], doi: str, arxiv: str) -> str:
    for value in link_values.split(fields.get("url", "")):
        target = link_values.classify(value)
        if target.kind == "web":
            return target.value
    for link in links:
        if link.field == "pdf" and not link.local:
            return link.url
    if doi:
        return link_values.doi_url(doi)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    # Before BibTeX had a url field, a web page was cited as howpublished = {\url{...}}.
    for name in ("howpublished", "note"):
        for address in _URL_COMMAND.findall(fields.get(name, "")):
            target = link_values.classify(address)
            if target.kind == "web":
                return target.value
    return ""


_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]+)\}")


def _arxiv(fields: Mapping[str, str]) -> str:
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).strip().casefold()
    if fields.get("eprint", "").strip() and prefix in ("arxiv", ""):
        identifier = link_values.arxiv_id(fields["eprint"])
        if identifier:
            return identifier
    for name in ("arxiv", "arxivid"):  # al-folio's; Mendeley's
        if fields.get(name, "").strip():
            return link_values.arxiv_id(fields[name])
    return link_values.arxiv_of_doi(fields.get("doi", ""))


def _equal_keys(value: str) -> set[NameKey]:
    keys = set()
    for name in split_name_list(value.strip()) if value.strip() else []:
        key = key_of(name)
        if key is not None:
            keys.add(key)
    return keys


def from_entry(entry: Entry, settings: Settings) -> Publication:
    """Build the view of one entry (see :func:`publication_of`, which caches it)."""
    fields = entry.fields
    equal = _equal_keys(fields.get("equal", ""))
    authors = _authors(entry, "author", settings, equal)
    editors = _authors(entry, "editor", settings, equal)
    year, sort_year = _year(fields)
    arxiv = _arxiv(fields)
    doi = link_values.doi(fields.get("doi", ""))
    links = _links(entry, settings)
    # al-folio: award_name labels the badge, award is the text it reveals (Markdown).
    described = from_markdown(fields.get("award", ""))
    award = to_text(fields.get("award_name", "")) or plain(described)
    notes = [from_latex(fields[name]) for name in ("addendum", "annotation") if fields.get(name)]
    if award != plain(described):
        notes.append(described)
    if fields.get("additional_info", "").strip():  # al-folio appends it to the venue: ". *More*"
        notes.append(from_markdown(_LEADING_PUNCTUATION.sub("", fields["additional_info"])))
    venue, genre = _venue(entry)
    note = from_latex(fields.get("note", ""))
    if note and plain(note) != venue and not is_database_note(plain(note)):
        notes.append(note)
    return Publication(
        key=entry.key,
        type=entry.type.lower(),
        kind=kind_of(entry, dict(settings.venue_kinds)),
        title=_title(fields),
        authors=tuple(authors),
        editors=tuple(editors),
        et_al=any(is_others(p) for p in entry.persons.get("author", ())),
        year=year,
        sort_year=sort_year,
        month=_month(fields),
        venue=venue,
        venue_abbr=to_text(fields.get("abbr", "")),
        award=award,
        presentation=to_text(fields.get("presentation", "")),
        url=_paper_url(fields, links, doi, arxiv),
        arxiv=arxiv,
        doi=doi,
        links=tuple(links),
        notes=tuple(note for note in notes if note),
        abstract=to_text(fields.get("abstract", ""), "\n\n"),
        selected=fields.get("selected", "").strip().lower() in _TRUE,
        preview=fields.get("preview", "").strip(),
        institution=to_text(fields.get("institution", "")),
        school=to_text(fields.get("school", "")),
        number=to_text(fields.get("number", "")),
        volume=to_text(fields.get("volume", "")),
        pages=to_text(_PAGE_DASH.sub("--", fields.get("pages", ""))),
        publisher=to_text(fields.get("publisher", "")),
        genre=genre,
        collaboration=to_text(fields.get("collaboration", "")),
        pubstate=_pubstate(fields.get("pubstate", "")),
        version=to_text(fields.get("version", "")),
    )


#: biblatex's publication states, as its English strings print them.
PUBSTATES: Mapping[str, str] = {
    "forthcoming": "forthcoming",
    "inpress": "in press",
    "prepublished": "pre-published",
    "submitted": "submitted",
    "inpreparation": "in preparation",
}

_LEADING_PUNCTUATION = re.compile(r"^[\s.,;:]+")


def _pubstate(value: str) -> str:
    text = to_text(value)
    return PUBSTATES.get(text.casefold().replace(" ", "").replace("-", ""), text)


#: Each entry's view, for as long as the entry lives (entries are the parsed objects:
#: an edited file, read again, makes new ones).
_VIEWS: PerEntry[Publication] = PerEntry()
_publication_values = attrgetter(*(field.name for field in dataclass_fields(Publication)))


def publication_of(entry: Entry, settings: Settings) -> Publication:
    """:func:`from_entry`, once per entry and settings.

    The list, a paper's page, its metadata and its label all need the same view of
    an entry; a build makes it once (:func:`remember` seeds it from an earlier build).
    """
    return _VIEWS.get(entry, settings, from_entry)


def remember(entry: Entry, settings: Settings, pub: Publication) -> None:
    """Give an entry the view an earlier build made of the same text and settings."""
    _VIEWS.set(entry, settings, pub)


def names_of(persons: Sequence[Person]) -> list[str]:
    return [person_name(p) for p in persons if not is_others(p)]

"""A typed, display-ready view of one pybtex entry.

Everything that renders a paper (the list style, paper pages, meta tags, filters,
the chart) reads entries through :class:`Publication`, so a field convention is
decided in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person
from pybtex.richtext import Text

#: Characters after which a string may hold LaTeX markup worth decoding.
_LATEX_MARKERS = re.compile(r"[\\{}~$]|--")
#: Commands that only style their argument (``\emph{Deep}``): the site shows the argument.
#: pybtex would print the command name as text ("\emph Deep").
_STYLE_COMMAND = re.compile(
    r"\\(?:emph|textit|textbf|textsl|textsc|texttt|textrm|textsf|textup|textnormal|mbox|url)"
    r"\s*(?=\{)"
)
#: ``{\i}`` as DBLP writes it in ``\'{\i}``; pybtex decodes the accent only on a bare ``\i``.
_BRACED_DOTLESS = re.compile(r"\{\\([ij])\}")
_LOGOS = re.compile(r"\\(La)?TeX\b\s*(\{\})?")
#: DBLP tells homonyms apart by a number after the name ("Gao Huang 0001").
_HOMONYM_NUMBER = re.compile(r"\d{4}")
#: ``Text.render_as("text")`` looks the backend up among the installed entry points
#: on every call (about 17 ms); one instance, made once, renders the same text.
_PLAIN_TEXT = PlainTextBackend()

#: Entry types the site renders, by the kind of publication they are.
KIND_BY_TYPE: Mapping[str, str] = {
    "inproceedings": "conference",
    "conference": "conference",
    "incollection": "conference",
    "article": "journal",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "book": "book",
    "misc": "other",
    "unpublished": "other",
}

#: Default labels of the link fields, in no particular order: an entry shows its
#: links in the order its fields appear in the .bib file.
DEFAULT_LINK_FIELDS: Mapping[str, str] = {
    "code": "code",
    "slides": "slides",
    "talk": "talk",
    "poster": "poster",
    "video": "video",
    "project": "project",
    "pdf": "pdf",
}


@lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """Decode BibTeX/LaTeX markup (``{\\"u}``, ``--``, braces) to plain Unicode.

    Most fields hold no markup at all, so those skip the (slow) LaTeX codec.
    """
    if not _LATEX_MARKERS.search(value):
        return " ".join(value.split())
    value = _STYLE_COMMAND.sub("", value)
    value = _BRACED_DOTLESS.sub(r"\\\1{}", value)
    value = _LOGOS.sub(lambda m: f"{m.group(1) or ''}TeX ", value)
    return " ".join(Text.from_latex(value).render(_PLAIN_TEXT).split())


def without_homonym_number(person: Person) -> Person:
    """The person without DBLP's homonym number: "Gao Huang 0001" is Gao Huang."""
    last = list(person.last_names)
    if not last or not _HOMONYM_NUMBER.fullmatch(last[-1]):
        return person
    last.pop()
    first, middle = list(person.first_names), list(person.middle_names)
    if not last:  # "Gao Huang 0001": pybtex took the number for the last name
        last = [middle.pop()] if middle else [first.pop()] if first else []
    return Person(
        first=" ".join(first),
        middle=" ".join(middle),
        prelast=" ".join(person.prelast_names),
        last=" ".join(last),
        lineage=" ".join(person.lineage_names),
    )


def person_name(person: Person) -> str:
    """A person's name in reading order ("Laurens van der Maaten")."""
    person = without_homonym_number(person)
    parts = [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
    ]
    name = latex_to_text(" ".join(parts))
    if person.lineage_names:
        name += ", " + latex_to_text(" ".join(person.lineage_names))
    return name


def name_key(name: str) -> str:
    """Normalise a name for comparison: case, dots and spacing do not matter."""
    return " ".join(name.replace(".", " ").casefold().split())


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    equal: bool


@dataclass(frozen=True)
class Publication:
    """One paper, as the site shows it."""

    key: str
    type: str
    kind: str
    title: str
    authors: tuple[Author, ...]
    year: str
    venue: str
    venue_abbr: str
    award: str
    presentation: str
    url: str
    arxiv: str
    doi: str
    links: tuple[Link, ...]
    addendum: str
    institution: str

    @classmethod
    def from_entry(
        cls,
        entry: Entry,
        owner: Sequence[str] = (),
        link_fields: Mapping[str, str] = DEFAULT_LINK_FIELDS,
    ) -> Publication:
        fields = entry.fields
        owners = {name_key(n) for n in owner}
        equal = {name_key(n) for n in split_names(fields.get("equal", ""))}
        authors = tuple(
            Author(name, name_key(name) in owners, name_key(name) in equal)
            for name in (person_name(p) for p in entry.persons.get("author", ()))
        )
        arxiv = fields.get("eprint", "") if _is_arxiv(fields) else ""
        doi = fields.get("doi", "").strip()
        return cls(
            key=entry.key,
            type=entry.type.lower(),
            kind=KIND_BY_TYPE.get(entry.type.lower(), "other"),
            title=latex_to_text(fields.get("title", "")),
            authors=authors,
            year=fields.get("year", "").strip(),
            venue=_venue(entry),
            venue_abbr=latex_to_text(fields.get("abbr", "")),
            award=latex_to_text(fields.get("award", "")),
            presentation=latex_to_text(fields.get("presentation", "")),
            url=_paper_url(fields.get("url", ""), doi, arxiv),
            arxiv=arxiv.strip(),
            doi=doi,
            links=tuple(_links(fields, link_fields)),
            addendum=latex_to_text(fields.get("addendum", "")),
            institution=latex_to_text(fields.get("institution", "")),
        )

    @property
    def venue_label(self) -> str:
        """Short venue name for filters and badges: the abbreviation if there is one."""
        return self.venue_abbr or self.venue

    @property
    def recognition(self) -> tuple[str, ...]:
        """Facets such as ``award``, ``oral``, ``spotlight``."""
        tags = []
        if self.award:
            tags.append("award")
        if self.presentation:
            tags.append(self.presentation.casefold())
        return tuple(tags)

    @property
    def venue_note(self) -> str:
        """What goes in the parentheses after the venue: "CVPR Best Paper Award"."""
        return ", ".join(n for n in (self.presentation, self.award) if n)

    @property
    def venue_line(self) -> str:
        """The venue and year as the publication list shows them.

        ``Booktitle (ABBR Note) 2024``, ``Journal (ABBR), 2024``,
        ``Technical Report 2017``. The abbreviation is not repeated when the
        venue already names it, e.g. "… (ICML) Workshop on AI4Math (Best Paper Award)".
        """
        venue = self.venue
        note = self.venue_note
        if self.venue_abbr and f"({self.venue_abbr}" not in venue:
            venue += f" ({' '.join(x for x in (self.venue_abbr, note) if x)})"
        elif note:
            venue += f" ({note})"
        year = "" if venue.endswith(self.year) else self.year  # DBLP: "..., July 21-26, 2017"
        separator = ", " if self.kind == "journal" and venue else " "
        return separator.join(x for x in (venue, year) if x)


def split_names(value: str) -> list[str]:
    """Split a BibTeX name list ("A and B") into names in reading order."""
    if not value.strip():
        return []
    return [person_name(Person(part)) for part in re.split(r"\s+and\s+", value.strip())]


def _is_arxiv(fields: Mapping[str, str]) -> bool:
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).strip().casefold()
    return bool(fields.get("eprint", "").strip()) and prefix == "arxiv"


def _paper_url(url: str, doi: str, arxiv: str) -> str:
    if url.strip():
        return url.strip()
    if doi:
        return f"https://doi.org/{doi}"
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv.strip()}"
    return ""


def _venue(entry: Entry) -> str:
    fields = entry.fields
    kind = entry.type.lower()
    if kind == "techreport":
        parts = [fields.get("type", "Technical Report"), fields.get("institution", "")]
        return latex_to_text(", ".join(p for p in parts if p.strip()))
    if kind in ("phdthesis", "mastersthesis"):
        default = "PhD thesis" if kind == "phdthesis" else "Master's thesis"
        parts = [fields.get("type", default), fields.get("school", "")]
        return latex_to_text(", ".join(p for p in parts if p.strip()))
    for name in ("booktitle", "journal", "howpublished", "publisher", "note"):
        if fields.get(name, "").strip():
            return latex_to_text(fields[name])
    return ""


def _links(fields: Mapping[str, str], link_fields: Mapping[str, str]) -> list[Link]:
    links: list[Link] = []
    for name, value in fields.items():
        label = link_fields.get(name.lower())
        if label is None:
            continue
        urls = value.split()
        for number, url in enumerate(urls, start=1):
            links.append(Link(f"{label}{number}" if len(urls) > 1 else label, url))
    return links


#: id(entry) -> (entry, settings, view); the entry is kept so that its id stays its own.
_VIEWS: dict[int, tuple[Entry, tuple[object, ...], Publication]] = {}


def publication_of(
    entry: Entry, owner: Sequence[str], link_fields: Mapping[str, str]
) -> Publication:
    """:meth:`Publication.from_entry`, computed once per entry and settings.

    The list, a paper's page, its metadata and its label all need the same view of
    an entry; a build makes it once. Entries are the parsed objects, so an edited
    .bib file (parsed again) never meets a stale view. :func:`forget_publications`
    empties the cache (each build starts with it).
    """
    settings = (tuple(owner), tuple(link_fields.items()))
    cached = _VIEWS.get(id(entry))
    if cached is not None and cached[0] is entry and cached[1] == settings:
        return cached[2]
    pub = Publication.from_entry(entry, owner, link_fields)
    _VIEWS[id(entry)] = (entry, settings, pub)
    return pub


def forget_publications() -> None:
    _VIEWS.clear()

"""People's names as bibliographies write them, and as readers and Google Scholar need them.

BibTeX names come in every form (``Gao Huang``, ``Huang, Gao``, ``de Luca, Aldo``,
``{Ten Berge}, J.``) and carry decorations that are not part of the name:
equal-contribution marks (``Lee*``, ``Wu†``, ``\\textsuperscript{*}``,
``<sup>*</sup>``, al-folio's ``<nobr><em>*</em></nobr>``), DBLP's homonym numbers
(``Wei Li 0001``) and ``and others`` for a truncated list. This module removes the
decorations, keeps what they mean (a mark means what the ``equal`` field means; ``others``
means "et al."), and compares names so that spellings of one person meet and two
people do not: given names are compared without case, dots and spacing, surnames
(with their particles) exactly, so ``de Luca, Aldo`` is not ``De Luca, Alessandro``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database import Person

from .markup import to_text

#: Characters that mark equal contribution (or a shared footnote) after or before a name.
MARK_CHARACTERS = "*∗†‡§¶‖"  # noqa: RUF001 (the asterisk operator is meant)
_MARK_CLASS = re.escape(MARK_CHARACTERS)
#: LaTeX and HTML spellings of a mark:
#: ``\\textsuperscript{*}``, ``$^{\\dagger}$``, ``<sup>*</sup>``.
_MARK_FORMS = re.compile(
    r"\\textsuperscript\s*\{[^{}]*\}"
    r"|\$\s*\^?\s*\{?\s*(?:\\(?:ast|star|dagger|ddagger|S|P|dag|ddag)|[" + _MARK_CLASS + r"])"
    r"[^$]*\$"
    r"|\\(?:dagger|ddagger|dag|ddag)\b\s*(?:\{\})?"
    r"|<sup>[^<]*</sup>",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"<[^<>]*>")
_MARKS = re.compile(r"[" + _MARK_CLASS + r"]+")
#: DBLP tells homonyms apart by a number after the name ("Gao Huang 0001").
_HOMONYM_NUMBER = re.compile(r"\d{4}")


#: A whole name in bold or underlined, as LaTeX CVs mark their owner:
#: ``\textbf{Lovelace, Ada}``, ``{\bf Lovelace, A.}``, ``\underline{Ada Lovelace}``.
_WRAPPED_NAME = re.compile(
    r"^\\(?:textbf|textit|textsc|textsl|emph|underline|uline|underbar)\s*\{(.*)\}$"
    r"|^\{\\(?:bf|it|em|sc|sl|bfseries|itshape|underline)\s+(.*)\}$",
    re.DOTALL,
)


def unwrapped(name: str) -> str:
    """The name inside a CV's emphasis of its whole (the site marks the owner its own way)."""
    match = _WRAPPED_NAME.match(name.strip())
    if match is None:
        return name
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    depth = 0
    for char in inner:  # "\textbf{A} and \textbf{B}" is two groups, not one
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return name
    return inner.strip() if depth == 0 else name


def strip_marks(raw: str) -> tuple[str, bool]:
    """A raw (LaTeX) name without its equal-contribution marks, and whether it had any.

    HTML tags in a name (al-folio's ``<nobr><em>*</em></nobr>``) are dropped with it.
    """
    marked = bool(_MARK_FORMS.search(raw))
    cleaned = _MARK_FORMS.sub(" ", raw)
    cleaned = _HTML_TAG.sub("", cleaned)
    marked = marked or bool(_MARKS.search(cleaned))
    cleaned = _MARKS.sub(" ", cleaned)
    cleaned = " ".join(cleaned.split())
    cleaned = re.sub(r"\s+,", ",", cleaned)
    return cleaned, marked


def is_others(person: Person) -> bool:
    """BibTeX's ``and others``: the list is longer than shown ("et al.")."""
    return _reading(_Spelling(person)).others


def without_homonym_number(person: Person) -> Person:
    """The person without DBLP's homonym number: "Gao Huang 0001" is Gao Huang."""
    parts = {
        "first": list(person.first_names),
        "middle": list(person.middle_names),
        "prelast": list(person.prelast_names),
        "last": list(person.last_names),
    }
    numbers = [
        (role, w) for role, words in parts.items() for w in words if _HOMONYM_NUMBER.fullmatch(w)
    ]
    if not numbers or sum(len(words) for words in parts.values()) <= len(numbers):
        return person
    for role, words in parts.items():
        parts[role] = [w for w in words if not _HOMONYM_NUMBER.fullmatch(w)]
    if not parts["last"]:  # "Gao Huang 0001": pybtex took the number for the last name
        donor = "middle" if parts["middle"] else "first"
        parts["last"] = [parts[donor].pop()]
    return Person(
        first=" ".join(parts["first"]),
        middle=" ".join(parts["middle"]),
        prelast=" ".join(parts["prelast"]),
        last=" ".join(parts["last"]),
        lineage=" ".join(person.lineage_names),
    )


@dataclass(frozen=True)
class NameKey:
    """A name as words in reading order, without dots: ``De Luca, A.`` is ``A De Luca``.

    Case is kept, so the particle of ``Aldo de Luca`` tells him from ``A. De Luca``;
    comparing the whole reading order (not BibTeX's split into first and last
    names) makes ``Alessandro De Luca`` and ``De Luca, Alessandro`` one person,
    although BibTeX reads the first with the last name "Luca".
    """

    words: tuple[str, ...]


_EXTENDED = re.compile(r"^\s*(?:family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)


def extended_name(name: str) -> str:
    """biblatex's extended name format (``family=Lovelace, given=Ada``) as BibTeX writes
    the name ("Lovelace, Ada"); any other name as it is."""
    if not _EXTENDED.match(name):
        return name
    parts: dict[str, str] = {}
    for item in split_tex_string(name, sep=","):  # pybtex's own split, outside braces
        key, _, value = item.partition("=")
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] == '"':
            value = value[1:-1]
        parts[key.strip().lower()] = value
    last = " ".join(p for p in (parts.get("prefix", ""), parts.get("family", "")) if p)
    given, suffix = parts.get("given", ""), parts.get("suffix", "")
    if suffix:
        return f"{last}, {suffix}, {given}"
    return f"{last}, {given}" if given else last


def person_key(person: Person) -> NameKey:
    return _reading(_Spelling(person)).key


def key_of(name: str) -> NameKey | None:
    """The key of a name written in the configuration or the ``equal`` field; None if unreadable."""
    name = _WRITTEN_LINEAGE.sub("", strip_marks(name)[0])  # as the site shows it: "King, Jr."
    try:
        return person_key(Person(name))
    except Exception:
        return None


_WRITTEN_LINEAGE = re.compile(r",\s*(?:Jr|Sr|II|III|IV)\.?\s*$")


def person_name(person: Person, lineage: bool = True) -> str:
    """A person's name in reading order ("Laurens van der Maaten"), decoded from LaTeX."""
    reading = _reading(_Spelling(person))
    return reading.name if lineage else reading.name_without_lineage


class _Spelling:
    """A person as its name's parts: equal for every paper that spells the name alike."""

    __slots__ = ("parts", "person")

    def __init__(self, person: Person) -> None:
        self.person = person
        self.parts = (
            tuple(person.first_names),
            tuple(person.middle_names),
            tuple(person.prelast_names),
            tuple(person.last_names),
            tuple(person.lineage_names),
        )

    def __hash__(self) -> int:
        return hash(self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Spelling) and self.parts == other.parts


@dataclass(frozen=True)
class _Reading:
    others: bool
    key: NameKey
    name: str
    name_without_lineage: str


#: A name's last word that is its lineage, when written without BibTeX's commas.
_LINEAGE = frozenset({"Jr", "Sr", "II", "III", "IV"})


@lru_cache(maxsize=65536)
def _reading(spelling: _Spelling) -> _Reading:
    """How a name reads, worked out once per spelling: co-authors recur in every list."""
    original = spelling.person
    person = without_homonym_number(original)
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    plain = to_text(" ".join(parts))
    name = plain
    if person.lineage_names:
        name += ", " + to_text(" ".join(person.lineage_names))
    words = unicodedata.normalize("NFC", plain).replace(".", " ").split()
    if not person.lineage_names and len(words) > 2 and words[-1].rstrip(",") in _LINEAGE:
        words = words[:-1]  # "Martin Luther King Jr." is "King, Jr., Martin Luther"
    return _Reading(
        others=str(original).strip().casefold() in ("others", "{others}"),
        key=NameKey(tuple(word.rstrip(",") for word in words)),
        name=name,
        name_without_lineage=plain,
    )


def split_names(value: str) -> list[str]:
    """A BibTeX name list ("A and B") as names in reading order, for the ``equal`` field."""
    names = []
    for part in split_name_list(value.strip()):
        if part.strip():
            try:
                names.append(person_name(Person(strip_marks(part)[0])))
            except Exception:
                names.append(to_text(part))
    return names

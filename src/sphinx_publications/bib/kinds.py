"""Which kind of publication an entry is: conference, journal, preprint, book, chapter, ...

The entry type is only a first guess. DBLP types arXiv (CoRR) and ECCC preprints as
``@article``; al-folio users type everything ``@article`` with
``journal = {NeurIPS 2019}``; Google Scholar makes conference papers ``@article``
too. So, in order: an entry's own ``kind`` field; the site's
``publications_venue_kinds`` (a venue or abbreviation mapped to a kind); a preprint
server named as the venue; a journal field that names a conference; the type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database import Entry

from .entry_types import ENTRY_TYPES, KINDS, venue_fields
from .links import arxiv_of_doi
from .markup import to_text

#: Venues that are preprint servers, however a tool writes them.
_PREPRINT = re.compile(
    r"\b(arxiv|corr|biorxiv|medrxiv|chemrxiv|techrxiv|psyarxiv|socarxiv|eccc|"
    r"electron(ic)?\.? colloq(uium)?\.? comput(ational)?\.? complex(ity)?|ssrn|"
    r"research ?square|preprints?|hal|zenodo|osf preprints?)\b",
    re.IGNORECASE,
)
#: Words that make a "journal" a conference (al-folio and Google Scholar habits). Not
#: "proceedings": PNAS and the Proceedings of the IEEE or of the Royal Society are journals.
_CONFERENCE_WORDS = re.compile(r"\b(conference|workshops?|symposium|congress)\b", re.IGNORECASE)
#: Conferences written by their acronym alone ("NeurIPS 2019", "ICLR"), most common first.
CONFERENCE_ACRONYMS = frozenset(
    [
        "neurips",
        "nips",
        "icml",
        "iclr",
        "cvpr",
        "iccv",
        "eccv",
        "wacv",
        "bmvc",
        "accv",
        "aaai",
        "ijcai",
        "acl",
        "emnlp",
        "naacl",
        "eacl",
        "coling",
        "conll",
        "kdd",
        "www",
        "sigir",
        "wsdm",
        "cikm",
        "recsys",
        "icde",
        "vldb",
        "sigmod",
        "pods",
        "chi",
        "uist",
        "cscw",
        "siggraph",
        "eurographics",
        "icra",
        "iros",
        "rss",
        "corl",
        "humanoids",
        "miccai",
        "ipmi",
        "isbi",
        "interspeech",
        "icassp",
        "uai",
        "aistats",
        "colt",
        "alt",
        "focs",
        "stoc",
        "soda",
        "icalp",
        "ccc",
        "itcs",
        "stacs",
        "mfcs",
        "latin",
        "esa",
        "podc",
        "spaa",
        "disc",
        "lics",
        "popl",
        "pldi",
        "icse",
        "fse",
        "ase",
        "issta",
        "oopsla",
        "ecoop",
        "cav",
        "tacas",
        "ndss",
        "usenix",
        "ccs",
        "oakland",
        "sp",
        "eurosys",
        "osdi",
        "sosp",
        "nsdi",
        "sigcomm",
        "mobicom",
        "infocom",
        "isca",
        "micro",
        "hpca",
        "asplos",
        "dac",
        "iclr-w",
        "icml-w",
        "acm-mm",
        "mm",
        "ecai",
        "ecml",
        "pkdd",
        "icdm",
        "sdm",
        "pakdd",
        "ijcnn",
        "icpr",
        "icip",
        "3dv",
    ]
)
_ACRONYM = re.compile(r"[A-Za-z][A-Za-z0-9&-]*")
#: An arXiv identifier: ``2206.07777v2``, or the old ``hep-th/9901001``.
_ARXIV_ID = re.compile(
    r"(?:arxiv:)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.I
)


#: Venue fields that name who published, not where: they do not tell an entry's kind.
_PUBLISHERS = frozenset({"publisher", "organization", "institution"})


def venue_text(entry: Entry) -> str:
    fields = entry.fields
    for name in venue_fields(entry.type.lower()):
        if name in _PUBLISHERS:
            break
        if fields.get(name, "").strip():
            return to_text(fields[name])
    return ""


def _names_conference(venue: str) -> bool:
    if _CONFERENCE_WORDS.search(venue):
        return True
    words = _ACRONYM.findall(venue)
    return bool(words) and len(words) <= 4 and words[0].lower() in CONFERENCE_ACRONYMS


def _is_preprint(entry: Entry, venue: str) -> bool:
    """A preprint server named as the venue; or no venue but a preprint's identifier
    (INSPIRE and Paperpile export an unpublished arXiv paper as an ``@article``)."""
    fields = entry.fields
    # "Preprints of the IFAC World Congress", "Proceedings of HAL 2019: Workshop on ...".
    if venue and _PREPRINT.search(venue) and not _CONFERENCE_WORDS.search(venue):
        return True
    if not venue or entry.type.lower() in ("misc", "online", "electronic", "www", "unpublished"):
        prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).strip().lower()
        if not prefix and _ARXIV_ID.match(fields.get("eprint", "").strip()):
            prefix = "arxiv"
        return (
            prefix in ("arxiv", "biorxiv", "medrxiv", "hal")
            or bool(fields.get("arxiv"))
            or bool(arxiv_of_doi(fields.get("doi", "")))
        )
    return False


def kind_of(entry: Entry, venue_kinds: Mapping[str, str] | None = None) -> str:
    """The kind of one entry (one of :data:`~.entry_types.KINDS`)."""
    fields = entry.fields
    own = fields.get("kind", "").strip().lower()
    if own in KINDS:
        return own
    venue = venue_text(entry)
    if venue_kinds:
        for name in (venue, to_text(fields.get("abbr", ""))):
            mapped = venue_kinds.get(name)
            if name and mapped in KINDS:
                return mapped
    kind = ENTRY_TYPES.get(entry.type.lower(), "other")
    if kind in ("journal", "conference", "other", "preprint") and _is_preprint(entry, venue):
        return "preprint"
    if kind == "journal" and venue and _names_conference(venue):
        return "conference"
    return kind

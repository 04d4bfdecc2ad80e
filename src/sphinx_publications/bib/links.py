"""Link fields as bibliographies write them, made into addresses a browser can follow.

DBLP escapes ``_`` in URLs and DOIs (``10.1007/978-3-031-20624-5\\_37``), people
wrap them in ``\\url{}``, give a DOI as ``https://doi.org/...`` or ``doi:...``, put
several links in one field separated by spaces, commas or semicolons, and al-folio
users give files of the site (``pdf = {paper.pdf}``), or an identifier where an address
goes (``url = {doi:10.1145/...}``, ``arXiv:1608.06993``, ``hdl:1721.1/...``). Values are
classified, never trusted: only http(s), ftp and mailto addresses are links, and the
identifiers become their resolvers' addresses; a relative path is a file of the site.
Nothing else is ever shown: a scheme that runs script or carries a document of its own
(``javascript:``, ``data:``), or any address disguised or pointing at another host
without a scheme, is unsafe; another scheme (``CTAN://``, ``file:``, ``urn:``) or a
path of the old site (``/projects/x/``) is only not a web address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit

#: Schemes a link may have.
SAFE_SCHEMES = frozenset({"http", "https", "ftp", "mailto"})
#: Schemes whose links run script or carry a document of their own: unsafe, not just unshown.
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "blob", "filesystem"})
_HANDLE = re.compile(r"^hdl:\s*([0-9][0-9.]*/\S+)$", re.IGNORECASE)
_WRAPPER = re.compile(r"^\\(?:url|href|path)\s*\{(.*?)\}(?:\{.*\})?$", re.S)
_ESCAPED = re.compile(r"\{?\\([_%&#$~])\}?")
_DOI_PREFIX = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|https?://doi\.acm\.org/|https?://hdl\.handle\.net/)",
    re.IGNORECASE,
)
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
#: ``2204.01234``, ``cs/0112017v2``, ``2204.01234.pdf``; Zotero adds the class: ``2204.01234 [cs]``.
_ARXIV_ID = re.compile(
    r"^(\d{4}\.\d{4,5}|[A-Za-z.-]+/\d{7})(v\d+)?(\.pdf)?(?:\s*\[[A-Za-z.-]+\])?$"
)
#: EndNote's link to a Web of Science record, which no browser can open.
_ENDNOTE_ISI = re.compile(r"^<Go to ISI>://\S+$")
#: Between links: "; " or ", ", or ";" / "," right before an address. Not a ";" inside
#: one (``…;jsessionid=…``, Wiley's SICI DOIs ``…3.0.CO;2-0``).
_SEPARATOR = re.compile(r"[;,](?=\s*(?:https?|ftp)://|www\.)|[;,]\s+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")

Kind = Literal["web", "file", "other", "unsafe"]


@dataclass(frozen=True)
class Target:
    """One link value: a web address, a file of the site, another scheme's, or unsafe."""

    value: str
    kind: Kind


def clean(value: str) -> str:
    """A URL without LaTeX: ``\\url{}`` unwrapped, ``\\_`` and friends unescaped, braces gone."""
    value = value.strip()
    wrapped = _WRAPPER.match(value)
    if wrapped:
        value = wrapped.group(1)
    value = _ESCAPED.sub(r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def classify(value: str) -> Target:
    """Whether ``value`` is a web address, a relative file path, or unsafe."""
    value = clean(value)
    if _ENDNOTE_ISI.match(value):
        return Target(value, "other")
    probe = _CONTROL.sub("", value)  # browsers drop these: "java\tscript:" is javascript:
    scheme = _SCHEME.match(probe)
    if scheme:
        name = scheme.group(1).lower()
        if name in SAFE_SCHEMES and (name == "mailto" or urlsplit(value).netloc):
            return Target(value, "web" if not _CONTROL.search(value.strip()) else "unsafe")
        resolved = _resolver_url(name, value)  # made of a well-formed identifier alone
        if resolved:
            return Target(resolved, "web")
        if probe != value or name in SAFE_SCHEMES | SCRIPT_SCHEMES:
            return Target(value, "unsafe")  # disguised, or a web scheme without a host
        return Target(value, "other")
    if probe.startswith(("//", "\\\\", "/\\", "\\/")) or "\\" in probe:
        return Target(value, "unsafe")  # protocol-relative: another host
    if probe.startswith("www."):
        return Target("https://" + value, "web")
    if not probe:
        return Target(value, "unsafe")
    if probe.startswith("/") or ".." in probe.split("/"):
        # A page of the site it came from (al-folio's /projects/, ../projects/): not a file
        # of this site (a file path never leaves its folder), left out.
        return Target(value, "other")
    return Target(value, "file")


def _resolver_url(scheme: str, value: str) -> str:
    """``doi:``, ``arXiv:`` and ``hdl:`` identifiers as their resolvers' addresses, or ""."""
    if scheme == "doi" and (identifier := doi(value)):
        return doi_url(identifier)
    if scheme == "arxiv" and (identifier := arxiv_id(value)):
        return f"https://arxiv.org/abs/{identifier}"
    handle = _HANDLE.match(value)
    return "https://hdl.handle.net/" + quote(handle.group(1), safe="/.-_") if handle else ""


def split(value: str) -> list[str]:
    """The links of one field: separated by whitespace, ``; `` or ``, `` (file names keep
    spaces)."""
    value = value.strip()
    if not value:
        return []
    parts = [part.strip() for part in _SEPARATOR.split(value)]
    if "://" in value or value.startswith("www."):
        parts = [
            word
            for part in parts
            for word in ([part] if _ENDNOTE_ISI.match(part) else part.split())
        ]
    return [part for part in parts if part]


def doi(value: str) -> str:
    """A bare DOI (``10.1109/CVPR.2017.243``) from however a field writes it."""
    value = _DOI_PREFIX.sub("", clean(value)).strip()
    return value if value.startswith("10.") else ""


def doi_url(identifier: str) -> str:
    return "https://doi.org/" + quote(identifier, safe="/:;()._-<>[]+")


def arxiv_of_doi(value: str) -> str:
    """The arXiv identifier of arXiv's own DOI (``10.48550/arXiv.2305.01234``, as
    DataCite, doi.org and ORCID write an arXiv paper), or ""."""
    match = _ARXIV_DOI.match(doi(value))
    return arxiv_id(match.group(1)) if match else ""


_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def arxiv_id(value: str) -> str:
    """A bare arXiv identifier (``2504.13837``, ``cs/0112017``), or ""."""
    value = _ARXIV_PREFIX.sub("", clean(value)).strip()
    match = _ARXIV_ID.match(value)
    return match.group(1) + (match.group(2) or "") if match else ""

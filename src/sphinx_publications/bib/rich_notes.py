"""Notes with their links and emphasis kept, as the tools that print them keep them.

BibTeX's and biblatex's styles print ``note = {Code at \\url{https://…}}`` with a live
link (hyperref), and al-folio runs ``additional_info`` through Markdown
(``markdownify``): ``*More Information* can be [found here](https://…)``. A note here
is a tuple of :data:`Segment`: text, the styles it is shown in, and the web address it
links to. Only web addresses become links (:func:`.links.classify`); anything else
stays text, so no note can carry a script. Raw HTML in Markdown is shown as text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import links as link_values
from .markup import to_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Text, its styles (space-separated: ``em``, ``strong``, ``code``) and its link or "".
Segment = tuple[str, str, str]
Note = tuple[Segment, ...]

#: ``\href{url}{text}``, ``\url{url}``, or an address written out.
_LINK = re.compile(
    r"\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
    r"|\\url\s*\{([^{}]*)\}"
    r"|(?<![=\"'])((?:https?|ftp)://[^\s{}<>\"]+)"
)
#: Where a held link stands while the rest is made plain text (private-use code points
#: that :mod:`.markup` does not use itself).
_HELD = re.compile("\ue100(\\d+)\ue101")
#: What ends a sentence rather than an address written out: "see https://a.org/x."
_TRAILING = ".,;:!?'\""


def plain(note: Note) -> str:
    """The note as plain text."""
    return "".join(text for text, _styles, _url in note)


def from_latex(value: str) -> Note:
    """A BibTeX note: LaTeX made text, its ``\\url``, ``\\href`` and addresses linked."""
    return _joined(_latex_segments(value, "", ""))


def _latex_segments(value: str, styles: str, url: str) -> list[Segment]:
    """:func:`from_latex`'s segments, spaces at the ends kept; ``url`` links them all."""
    held: list[tuple[str, str]] = []

    def hold(match: re.Match[str]) -> str:
        trail = ""
        if match.group(1) is not None:
            address, text = match.group(1), to_text(match.group(2)) or match.group(1)
        elif match.group(3) is not None:
            address = text = link_values.clean(match.group(3))
        else:
            address, trail = _trim(match.group(4))
            text = address
        held.append((text, address))
        return f"\ue100{len(held) - 1}\ue101{trail}"

    text = _spaced(_LINK.sub(hold, value))
    if len(_HELD.findall(text)) != len(held):  # the conversion lost one: plain text, no links
        return [(_spaced(value), styles, url)]
    segments: list[Segment] = []
    for index, part in enumerate(_HELD.split(text)):
        if index % 2 == 0:
            if part:
                segments.append((part, styles, url))
            continue
        label, address = held[int(part)]
        target = link_values.classify(address)
        segments.append((label, styles, url or (target.value if target.kind == "web" else "")))
    return segments


def from_markdown(value: str) -> Note:
    """al-folio's ``additional_info``: Markdown's inline syntax, LaTeX in its text."""
    if not _MARKDOWN_SYNTAX.search(value):
        return from_latex(value)
    tokens = _markdown().parseInline(value)[0].children or []
    segments: list[Segment] = []
    styles: list[str] = []
    links: list[str] = []
    for token in tokens:
        kind = token.type
        if kind in ("em_open", "strong_open"):
            styles.append(kind[:-5])
        elif kind in ("em_close", "strong_close") and styles:
            styles.pop()
        elif kind == "link_open":
            target = link_values.classify(str(token.attrGet("href") or ""))
            links.append(target.value if target.kind == "web" else "")
        elif kind == "link_close" and links:
            links.pop()
        elif kind == "code_inline":
            segments.append((token.content, " ".join([*styles, "code"]), _last(links)))
        elif kind in ("softbreak", "hardbreak"):
            segments.append((" ", "", ""))
        elif kind in ("text", "image"):  # an image shows its description
            children = token.children or []
            text = token.content if kind == "text" else "".join(c.content for c in children)
            segments += _latex_segments(text, " ".join(styles), _last(links))
    return _joined(segments)


#: What makes a value Markdown worth parsing: emphasis, a link, code.
_MARKDOWN_SYNTAX = re.compile(r"[*_`]|\]\(|<(?:https?|mailto):")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark's inline syntax, without raw HTML; backslashes left to LaTeX (``\\"o``)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable("escape")


def _last(links: list[str]) -> str:
    return links[-1] if links else ""


def _trim(address: str) -> tuple[str, str]:
    """An address written out, without the sentence's punctuation after it."""
    end = len(address)
    while end and (
        address[end - 1] in _TRAILING
        or (address[end - 1] == ")" and address.count("(", 0, end) < address.count(")", 0, end))
    ):
        end -= 1
    return address[:end], address[end:]


def _spaced(value: str) -> str:
    """The value as text (:func:`.markup.to_text`), the spaces around it kept ("can be "
    before a link)."""
    body = to_text(value, "; ")
    if not body:
        return " " if value.strip() == "" and value else ""
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() else ""
    return f"{lead}{body}{trail}"


def _joined(segments: list[Segment]) -> Note:
    """Neighbours of one style and link as one segment; the ends stripped."""
    merged: list[Segment] = []
    for text, styles, url in segments:
        if merged and merged[-1][1:] == (styles, url):
            merged[-1] = (merged[-1][0] + text, styles, url)
        elif text:
            merged.append((text, styles, url))
    if merged:
        merged[0] = (merged[0][0].lstrip(), *merged[0][1:])
        merged[-1] = (merged[-1][0].rstrip(), *merged[-1][1:])
    return tuple(s for s in merged if s[0])

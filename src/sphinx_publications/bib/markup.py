"""Field values as readers see them: LaTeX and HTML markup decoded to plain Unicode text.

BibTeX fields hold LaTeX (``Sch{\\"o}lkopf``, ``$\\ell_1$``, ``\\emph{k}``,
``\\textdollar``), and al-folio users write HTML in them (``<b>Spotlight</b>``,
``<br>``). Every place the extension shows a value (pages, ``<title>``, Google
Scholar tags, JSON-LD, the search index) wants the text a reader of the printed
bibliography would see, so decoding happens here, once per distinct value.

LaTeX goes through pylatexenc's LaTeX-to-text converter, with the commands
bibliographies use that it does not know (``\\texttt``, ``\\href``, ``\\LaTeX``,
``\\mbox``, ``\\textdollar`` ...) added. Math becomes readable text: Greek and
symbols as Unicode, ``x^2`` and ``\\ell_1`` as ``x²`` and ``ℓ₁`` where Unicode has
the script characters, else ``x^(n+1)``. HTML tags are dropped (their text kept),
never shown and never passed through. Control characters never survive.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pylatexenc import latex2text, latexwalker, macrospec

#: Characters after which a value may hold LaTeX or HTML worth decoding.
_MARKUP = re.compile(r"[\\{}~$<&]|--|``|''")
#: C0/C1 control characters (tab, newline and carriage return are whitespace).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: HTML tags as al-folio users write them in fields, and CrossRef's MathML and JATS
#: (``<mml:math>``, ``<jats:italic>``); anything else with "<" stays text.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|i|ins|kbd|mark|nobr|p|q|s|small|span|"
    r"strike|strong|sub|sup|tt|u|wbr|math|scp|(?:mml|jats):[A-Za-z-]+|"
    # JATS without its prefix, as IEEE Xplore writes a formula: <inline-formula><tex-math>
    r"italic|bold|underline|sc|inline-formula|tex-math|alternatives)(?![\w:-])[^<>]*/?>",
    re.IGNORECASE,
)
#: CrossRef's BibTeX writes a title's tags as math and entities as commands:
#: ``$\less$i$\greater$``, ``{\&}amp$\mathsemicolon$``; some publishers ``&lt;i&gt;``.
_ENCODED_TAG = re.compile(r"\$\\less\$(/?[A-Za-z][\w:-]*)\$\\greater\$|&lt;(/?[A-Za-z][\w:-]*)&gt;")
_ENCODED_ENTITY = re.compile(r"\{\\&\}(\w+|#\d+)\$\\mathsemicolon\$")
_HTML_BREAK = re.compile(r"<br\s*/?>|</p>|</jats:(?:p|title|sec)>", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
#: DBLP writes a publisher's math escaped for text mode:
#: ``{\\textdollar}{\\textbackslash}mathrm\\{AC\\}``.
_ESCAPED_MATH = re.compile(r"\{\\textdollar\}(.+?)\{\\textdollar\}")
#: ``%`` and ``&`` unescaped: LaTeX would read a comment or a table cell; a .bib field means
#: the characters (al-folio and Google Scholar users write them bare).
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")

#: Superscripts Unicode has: digits, signs, and the letters of ordinals (40ᵗʰ, 1ᵉʳ, 2ⁿᵈ);
#: a superscript circle is a degree sign (``$^\\circ$C``).
SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()niT*†‡\u2032dhrsteo\u2218",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ*†‡\u2032ᵈʰʳˢᵗᵉᵒ\u00b0",
        strict=True,
    )
)
SUBSCRIPTS = dict(
    zip("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", strict=True)
)


def _argument(node: latexwalker.LatexNode, index: int) -> latexwalker.LatexNode | None:
    args = node.nodeargd.argnlist if node.nodeargd else []
    return args[index] if index < len(args) else None


def _text_of(index: int):
    def repl(node: latexwalker.LatexNode, l2tobj: latex2text.LatexNodes2Text) -> str:
        arg = _argument(node, index)
        return l2tobj.nodelist_to_text([arg]) if arg is not None else ""

    return repl


def _script(table: dict[str, str], mark: str):
    """``x^{10}`` as ``x¹⁰`` when Unicode has every character, else ``x^(10)``."""

    def repl(node: latexwalker.LatexNode, l2tobj: latex2text.LatexNodes2Text) -> str:
        arg = _argument(node, 0)
        inner = l2tobj.nodelist_to_text([arg]).strip() if arg is not None else ""
        if inner and all(ch in table for ch in inner):
            return "".join(table[ch] for ch in inner)
        return f"{mark}({inner})" if len(inner) > 1 else f"{mark}{inner}"

    return repl


#: The journal macros of the AAS (``aas_macros.sty``), which NASA ADS exports use in
#: ``journal`` (``{\apj}``) and whose abbreviations LaTeX prints with them.
JOURNAL_MACROS = {
    "aj": "AJ",
    "actaa": "Acta Astron.",
    "araa": "ARA&A",
    "apj": "ApJ",
    "apjl": "ApJL",
    "apjs": "ApJS",
    "ao": "Appl. Opt.",
    "apss": "Ap&SS",
    "aap": "A&A",
    "aapr": "A&A Rv",
    "aaps": "A&AS",
    "azh": "AZh",
    "baas": "BAAS",
    "bac": "Bull. Astron. Inst. Czechoslovakia",
    "caa": "Chinese Astron. Astrophys.",
    "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus",
    "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC",
    "memras": "MmRAS",
    "mnras": "MNRAS",
    "na": "New A",
    "nar": "New A Rev.",
    "pra": "Phys. Rev. A",
    "prb": "Phys. Rev. B",
    "prc": "Phys. Rev. C",
    "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E",
    "prl": "Phys. Rev. Lett.",
    "pasa": "PASA",
    "pasp": "PASP",
    "pasj": "PASJ",
    "psj": "PSJ",
    "rmxaa": "Rev. Mexicana Astron. Astrofis.",
    "qjras": "QJRAS",
    "skytel": "S&T",
    "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.",
    "ssr": "Space Sci. Rev.",
    "zap": "ZAp",
    "nat": "Nature",
    "iaucirc": "IAU Circ.",
    "aplett": "Astrophys. Lett.",
    "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands",
    "fcp": "Fund. Cosmic Phys.",
    "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.",
    "jcp": "J. Chem. Phys.",
    "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A",
    "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr",
    "planss": "Planet. Space Sci.",
    "procspie": "Proc. SPIE",
}
#: Commands a ``@preamble`` defines to print nothing (BibTeX's documentation's
#: ``\noopsort{a}``, which only sorts).
_NOTHING = ["noopsort", "SortNoop", "sortnoop", "noop", "color", "label", "hyphenation"]
#: Declarations: they change how what follows looks, or LaTeX's spacing and breaking,
#: and print nothing (the converter drops them, rightly).
_DECLARATIONS = frozenset(
    (  # noqa: SIM905 -- words, as LaTeX users read them
        "rm bf it sc sf tt sl em up md normalfont rmfamily sffamily ttfamily bfseries mdseries "
        "itshape slshape scshape upshape relax protect tiny scriptsize footnotesize small "
        "normalsize large Large LARGE huge Huge displaystyle textstyle scriptstyle left right "
        "big Big bigg Bigg bigl bigr Bigl Bigr limits nolimits enspace thinspace negthinspace "
        "xspace break allowbreak nobreak"
    ).split()
)
_COMMAND = re.compile(r"\\([A-Za-z]+)")

#: LaTeX's operator names (``\\log n``): printed as their names.
_OPERATOR_NAMES = (  # noqa: SIM905
    "arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker lg lim "
    "liminf limsup ln log max min Pr sec sin sinh sup tan tanh"
).split()
_TEXT_MACROS = {
    **JOURNAL_MACROS,
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "textless": "<",
    "textgreater": ">",
    "textdollar": "$",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textbar": "|",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textquotedbl": '"',
    "textquotesingle": "'",
    "textendash": "\u2013",
    "textemdash": "\u2014",
    "textbullet": "\u2022",
    "textellipsis": "\u2026",
    "textregistered": "\u00ae",
    "texttrademark": "\u2122",
    "textcopyright": "\u00a9",
    "textdegree": "\u00b0",
    "textperiodcentered": "\u00b7",
    "|": "\u2016",  # the norm's bars, as \Vert
    "slash": "/",
    "copyright": "\u00a9",
    "pounds": "\u00a3",
    "S": "\u00a7",
    "P": "\u00b6",
    "ddag": "\u2021",
    **{name: name for name in _OPERATOR_NAMES},  # \det, \arg: their names, upright
    "ne": "\u2260",
    # quotation marks of babel's French and German, and guillemets
    "og": "\u00ab ",
    "fg": " \u00bb",
    "glqq": "\u201e",
    "grqq": "\u201c",
    "glq": "\u201a",
    "grq": "\u2018",
    "flqq": "\u00ab",
    "frqq": "\u00bb",
    "newline": " ",
    "linebreak": " ",
    "par": " ",
}
#: Commands whose first argument is their text (styles, boxes, links, math fonts).
_ONE_ARGUMENT = [
    "texttt",
    "textsf",
    "textrm",
    "textup",
    "textnormal",
    "textmd",
    "textsc",
    "textsl",
    "textit",
    "textbf",
    "emph",
    "mbox",
    "hbox",
    "text",
    "mathrm",
    "mathbf",
    "mathit",
    "mathsf",
    "mathtt",
    "mathnormal",
    "operatorname",
    "boldsymbol",
    "bm",
    "url",
    "nolinkurl",
    "uppercase",
    "MakeUppercase",
    "lowercase",
    "MakeLowercase",
    "underline",
    "uline",
    "ensuremath",
    "fbox",
    "textgreek",  # babel's scripts
    "textcyrillic",
    "textlatin",
]
#: Commands that quote their argument (csquotes, biblatex).
_QUOTING = ["enquote", "mkbibquote"]


#: Citation commands: LaTeX prints a label; the key in brackets is the closest text.
_CITATIONS = [
    "cite",
    "citep",
    "citet",
    "citealp",
    "citeauthor",
    "citeyear",
    "parencite",
    "textcite",
    "autocite",
]


def _quoted(node: latexwalker.LatexNode, l2tobj: latex2text.LatexNodes2Text) -> str:
    arg = _argument(node, 0)
    return f"\u201c{l2tobj.nodelist_to_text([arg]).strip()}\u201d" if arg is not None else ""


def _cited(node: latexwalker.LatexNode, l2tobj: latex2text.LatexNodes2Text) -> str:
    arg = _argument(node, 1)
    return f"[{l2tobj.nodelist_to_text([arg]).strip()}]" if arg is not None else ""


@lru_cache(maxsize=1)
def _contexts() -> tuple[macrospec.LatexContextDb, macrospec.LatexContextDb]:
    from pylatexenc import latex2text, latexwalker, macrospec

    walker = latexwalker.get_default_latex_context_db()
    walker.add_context_category(
        "sphinx-publications",
        prepend=True,
        macros=[
            *(macrospec.MacroSpec(name, "{") for name in [*_ONE_ARGUMENT, *_NOTHING]),
            macrospec.MacroSpec("href", "{{"),
            macrospec.MacroSpec("foreignlanguage", "[{{"),
            *(macrospec.MacroSpec(name, "{") for name in _QUOTING),
            *(macrospec.MacroSpec(name, "[{") for name in _CITATIONS),
            macrospec.MacroSpec("textsuperscript", "{"),
            macrospec.MacroSpec("textsubscript", "{"),
            macrospec.MacroSpec("pubsup", "{"),
            macrospec.MacroSpec("pubsub", "{"),
            *(macrospec.MacroSpec(name, "") for name in _TEXT_MACROS),
        ],
    )
    text = latex2text.get_default_latex_context_db()
    text.add_context_category(
        "sphinx-publications",
        prepend=True,
        macros=[
            *(latex2text.MacroTextSpec(name, simplify_repl=_text_of(0)) for name in _ONE_ARGUMENT),
            *(latex2text.MacroTextSpec(name, simplify_repl="") for name in _NOTHING),
            latex2text.MacroTextSpec("href", simplify_repl=_text_of(1)),
            latex2text.MacroTextSpec("foreignlanguage", simplify_repl=_text_of(2)),
            *(latex2text.MacroTextSpec(n, simplify_repl=_quoted) for n in _QUOTING),
            *(latex2text.MacroTextSpec(n, simplify_repl=_cited) for n in _CITATIONS),
            latex2text.MacroTextSpec("textsuperscript", simplify_repl=_script(SUPERSCRIPTS, "^")),
            latex2text.MacroTextSpec("textsubscript", simplify_repl=_script(SUBSCRIPTS, "_")),
            latex2text.MacroTextSpec("pubsup", simplify_repl=_script(SUPERSCRIPTS, "^")),
            latex2text.MacroTextSpec("pubsub", simplify_repl=_script(SUBSCRIPTS, "_")),
            *(latex2text.MacroTextSpec(n, simplify_repl=t) for n, t in _TEXT_MACROS.items()),
        ],
    )
    return walker, text


def _math_spans(value: str) -> list[tuple[int, int]]:
    """(start, end) of the contents of ``$...$``, ``$$...$$``, ``\\(...\\)`` and ``\\[...\\]``."""
    spans = []
    for match in re.finditer(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", value, re.S):
        group = 1 if match.group(1) is not None else 2
        spans.append((match.start(group), match.end(group)))
    for match in re.finditer(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", value, re.S):
        group = 1 if match.group(1) is not None else 2
        spans.append((match.start(group), match.end(group)))
    return spans


def _script_argument(math: str, start: int) -> int:
    """End of the argument of ``^``/``_`` at ``start``: a braced group, a command or a character."""
    while start < len(math) and math[start] == " ":
        start += 1
    if start >= len(math):
        return start
    if math[start] == "{":
        depth = 0
        for index in range(start, len(math)):
            depth += {"{": 1, "}": -1}.get(math[index], 0)
            if depth == 0:
                return index + 1
        return len(math)
    if math[start] == "\\":
        match = re.match(r"\\(?:[A-Za-z]+|.)", math[start:])
        return start + (match.end() if match else 1)
    return start + 1


def _mark_scripts(math: str) -> str:
    """``x^{10}_i`` as ``x\\pubsup{10}\\pubsub{i}``, which the converter turns into ``x¹⁰ᵢ``."""
    out: list[str] = []
    index = 0
    while index < len(math):
        char = math[index]
        if char in "^_" and (index == 0 or math[index - 1] != "\\"):
            end = _script_argument(math, index + 1)
            argument = math[index + 1 : end].strip()
            if argument.startswith("{") and argument.endswith("}"):
                argument = argument[1:-1]
            command = "pubsup" if char == "^" else "pubsub"
            out.append(f"\\{command}{{{_mark_scripts(argument)}}}")
            index = end
        else:
            out.append(char)
            index += 1
    return "".join(out)


#: ``\\~{}`` and ``\\^{}``: the tilde and circumflex themselves (Mendeley writes ``{\\~{}}``).
_LITERAL_ACCENT = re.compile(r"\\([~^])\{\}")


def _prepare_latex(value: str) -> str:
    value = _ESCAPED_MATH.sub(_unescape_math, value)
    value = _LITERAL_ACCENT.sub(
        lambda m: "\\textasciitilde{}" if m.group(1) == "~" else "\\textasciicircum{}", value
    )
    spans = _math_spans(value)
    for start, end in reversed(spans):
        value = value[:start] + _mark_scripts(_math_spacing(value[start:end])) + value[end:]
    return _BARE_SPECIAL.sub(r"\\\1", value)


#: In math, a space after a command that takes no argument (``\\log n``, ``x \\in X``):
#: LaTeX's math spacing shows one there, and plain text only keeps one that is written.
_SPACE_AFTER_COMMAND = re.compile(r"(\\[A-Za-z]+)(\s+)(?=[^\s{\[^_])")
#: Operator names run into a command or a digit (``\\log\\log n``, ``\\log2``).
_OPERATOR = re.compile(r"(\\(?:" + "|".join(_OPERATOR_NAMES) + r"))(?![A-Za-z])(?=\\|[0-9])")


def _math_spacing(math: str) -> str:
    """Spaces in a formula that LaTeX would show and the text conversion would lose."""
    if "\\" not in math:
        return math
    math = _OPERATOR.sub(r"\1{} ", math)
    return _SPACE_AFTER_COMMAND.sub(_kept_space, math)


def _kept_space(match: re.Match[str]) -> str:
    """``\\in `` as ``\\in{} ``; a command that takes an argument (``\\hat x``) as written."""
    spec = _contexts()[0].get_macro_spec(match.group(1)[1:])  # None: a symbol (\\alpha)
    if spec is not None and getattr(spec.args_parser, "argspec", ""):
        return match.group(0)
    return f"{match.group(1)}{{}}{match.group(2)}"


def _unescape_math(match: re.Match[str]) -> str:
    """DBLP's text-mode escaping of a math formula, undone: ``$\\mathrm{AC}^0[\\oplus]$``."""
    inner = match.group(1)
    if "\\textbackslash" not in inner and "\\^" not in inner:
        return match.group(0)
    inner = inner.replace("{\\textbackslash}", "\\").replace("\\textbackslash ", "\\")
    inner = re.sub(r"\{\\\^\{\}\}|\\\^\{\}", "^", inner)
    inner = re.sub(r"\{\\_\}|\\_", "_", inner)
    inner = inner.replace("\\{", "{").replace("\\}", "}")
    return f"${inner}$"


#: Accent commands and the combining characters they put on a letter.
ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "\u0131",  # dotless i
    "j": "\u0237",  # dotless j
}
#: ``\'e``, ``\'{e}``, ``{\'e}``, ``\"{\i}``, ``\v{s}``: an accent on one letter.
_ACCENT = re.compile(
    r"\\([\'`^\"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
    r"|\\([uvHckrdb])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))"
)
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])(?:\{\})?\s?")
_ESCAPE = re.compile(r"\\([&%$#_{}])|\\([~^])\{\}")
_QUOTES = (("``", "\u201c"), ("''", "\u201d"), ("---", "\u2014"), ("--", "\u2013"), ("~", " "))
_SET_ASIDE = 0xE000


def _simple_latex(value: str) -> str | None:
    """The text of a value whose only LaTeX is braces, accents, letters and escapes.

    That is nearly every name and title DBLP, Google Scholar and Zotero write, and a
    regular expression reads it in microseconds (the general converter takes
    milliseconds). None when anything else is there: math, other commands.
    """
    if "$" in value or "\\(" in value or "\\[" in value:
        return None

    def accent(match: re.Match[str]) -> str:
        command = match.group(1) or match.group(4)
        letter = match.group(2) or match.group(3) or match.group(5) or match.group(6)
        base = letter.lstrip("\\")  # an accent on \i is on i: \'\i is í
        return unicodedata.normalize("NFC", base + ACCENTS[command])

    value = _ACCENT.sub(accent, value)
    value = _LETTER.sub(lambda m: _LETTERS[m.group(1)], value)
    # Escaped characters are set aside (private-use code points) while braces go.
    value = _ESCAPE.sub(lambda m: chr(_SET_ASIDE + ord(m.group(1) or m.group(2))), value)
    if "\\" in value:
        return None
    value = value.replace("{", "").replace("}", "")
    for latex, text in _QUOTES:
        value = value.replace(latex, text)
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _SET_ASIDE), value)


def _latex_to_text(value: str) -> str:
    """pylatexenc's reading of ``value``: imported on first use, as most values never need it."""
    from pylatexenc import latex2text, latexwalker

    walker_context, text_context = _contexts()
    walker = latexwalker.LatexWalker(
        _prepare_latex(value), latex_context=walker_context, tolerant_parsing=True
    )
    nodes, _, _ = walker.get_latex_nodes()
    converter = latex2text.LatexNodes2Text(
        latex_context=text_context, math_mode="text", strict_latex_spaces=True
    )
    return converter.nodelist_to_text(nodes)


#: Commands read here without pylatexenc (whose tables cost 7 MiB and a tenth of a second
#: to load): accents, letters, and the commands this module adds.
_OURS = frozenset(
    [
        *(name for name in ACCENTS if name.isalpha()),
        *_LETTERS,
        *_TEXT_MACROS,
        *_ONE_ARGUMENT,
        *_NOTHING,
        *_CITATIONS,
        *_DECLARATIONS,
        "href",
        "textsuperscript",
        "textsubscript",
    ]
)


def unknown_commands(value: str) -> list[str]:
    """The LaTeX commands of ``value`` that no reading here knows (a ``@preamble``'s own,
    a package's): shown as the text of what follows them, where LaTeX would stop."""
    if "\\" not in value:
        return []
    names = [name for name in dict.fromkeys(_COMMAND.findall(value)) if name not in _OURS]
    if not names:
        return []  # accents and letters, as nearly every name and title has: no converter
    _, text = _contexts()
    return [name for name in names if text.get_macro_spec(name) is None]


def _decoded_tag(match: re.Match[str]) -> str:
    """An encoded tag as the tag, if it is one :data:`_HTML_TAG` drops; else as written."""
    tag = f"<{match.group(1) or match.group(2)}>"
    return tag if _HTML_TAG.fullmatch(tag) else match.group(0)


def strip_html(value: str, separator: str = " ") -> str:
    """Drop the HTML tags al-folio users write in fields, keeping their text.

    ``<br>`` and paragraph ends become ``separator``. Entities are decoded
    afterwards, by :func:`to_text`.
    """
    value = _HTML_BREAK.sub(separator, value)
    return _HTML_TAG.sub("", value)


_PAR = re.compile(r"\\par(?![A-Za-z@])")


@lru_cache(maxsize=65536)
def to_text(value: str, separator: str = " ") -> str:
    """The plain text a reader sees for a field value, whitespace collapsed.

    ``separator`` replaces HTML line breaks (``<br>``) and, unless it is a space,
    LaTeX's paragraph breaks (``\\par``: BibTeX joins a value's lines, so a
    paragraph of an abstract starts there). Never raises: a value the LaTeX
    converter cannot read is shown with its markup characters removed.
    """
    if separator != " " and _PAR.search(value):
        parts = (to_text(part, separator) for part in _PAR.split(value))
        return separator.join(part for part in parts if part)
    value = _CONTROL.sub("", value)
    if not _MARKUP.search(value):
        return " ".join(value.split())
    if "\\less" in value or "&lt;" in value or "mathsemicolon" in value:
        value = _ENCODED_ENTITY.sub(r"&\1;", value)
        value = _ENCODED_TAG.sub(_decoded_tag, value)
    if "<" in value:
        value = strip_html(value, separator)
    if "&" in value and _HTML_ENTITY.search(value):
        value = _HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)), value)
    if _MARKUP.search(value):
        simple = _simple_latex(value)
        if simple is not None:
            value = simple
        else:
            try:
                value = _latex_to_text(value)
            except Exception:  # a value must never stop a build
                value = re.sub(r"\\[A-Za-z]+\s*|[{}\\$]", "", value)
    value = _CONTROL.sub("", value).replace("\u00a0", " ")
    if separator == " ":
        return " ".join(value.split())
    parts = (" ".join(part.split()) for part in value.split(separator))
    return separator.join(part for part in parts if part)

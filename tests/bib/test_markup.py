"""Field values shown as a reader of the printed bibliography sees them (LaTeX and HTML decoded)."""

from __future__ import annotations

import pytest

from sphinx_publications.bib.markup import to_text


@pytest.mark.parametrize(
    "value, shown",
    [
        # math: readable text, scripts as Unicode where it has them
        (r"$\ell_1$-Regularized Networks", "ℓ₁-Regularized Networks"),
        (r"An $O(n^2)$ Attention", "An O(n²) Attention"),
        (r"{$\alpha$}-Blending with {$\mathcal{O}(1)$} Memory", "α-Blending with 𝒪(1) Memory"),
        (r"$x^{n+1}$ and $a_{ij}$", "xⁿ⁺¹ and aᵢⱼ"),
        (r"$k$-means and $\ell_p$ norms", "k-means and ℓₚ norms"),
        (r"$2^{10}$ and $x^{\alpha}$", "2¹⁰ and x^α"),
        (r"AC\({}^{\mbox{0}}\)[{\(\oplus\)}] via the coin problem", "AC⁰[⊕] via the coin problem"),
        # DBLP's text-mode escaped formula, shown as the formula it escapes
        (
            r"for {\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0[{\textbackslash}oplus]"
            r"{\textdollar} via",
            "for AC⁰[⊕] via",
        ),
        # text commands and escapes
        (
            r"\textbf{Bold} and \emph{Emph} and {\em Old} and \texttt{Mono}",
            "Bold and Emph and Old and Mono",
        ),
        (r"Salt \& Pepper: 50\% Off \$5 \#1 a\_b", "Salt & Pepper: 50% Off $5 #1 a_b"),
        (r"Cost \textdollar 5 and \textless b\textgreater", "Cost $5 and <b>"),
        (r"University of Rome ``Tor Vergata''", "University of Rome “Tor Vergata”"),
        (r"\href{https://example.org}{Link Text} Paper", "Link Text Paper"),
        (r"\url{https://x.org/a_b}", "https://x.org/a_b"),
        (r"\LaTeX{} and \TeX", "LaTeX and TeX"),
        (r"ResNet\textsuperscript{2}", "ResNet²"),
        (r"The \{0,1\} Case", "The {0,1} Case"),
        (r"Line One\\Line Two", "Line One Line Two"),
        (r"Following \cite{huang2016deep}", "Following [huang2016deep]"),
        # NASA ADS's journal macros (aas_macros.sty), as LaTeX prints them
        (r"{\apj}", "ApJ"),
        (r"\mnras", "MNRAS"),
        (r"\aap, \apjl", "A&A, ApJL"),
        # a @preamble's sorting command prints nothing
        (r"A {\noopsort{a}}Survey", "A Survey"),
        # norms, and the tilde and circumflex themselves (Mendeley: {\~{}})
        (r"$\|Ax-b\|_2^2 + \lambda\|x\|_1$", "‖Ax-b‖₂² + λ‖x‖₁"),
        (r"Accuracy {\~{}}95{\%}", "Accuracy ~95%"),
        (r"Accuracy {\~{}}95{\%} of $n$", "Accuracy ~95% of n"),
        (r"x{\^{}}2", "x^2"),
        # accents as DBLP, JabRef and BibDesk write them
        (r"Herv{\'{e}} Fournier", "Hervé Fournier"),
        (r"Garc{\'\i}a and Na\"{\i}ve", "García and Naïve"),
        (r"\v{L}ubo\v{s} and {\AA}ngstr{\"o}m", "Ľuboš and Ångström"),
        (r"Ta{-}Shma", "Ta-Shma"),
        (r"caf\'{e}--bar---baz", "café–bar—baz"),
        ("{{2017}}", "2017"),
        ("{GSVA}: Generalized", "GSVA: Generalized"),
        # a bare per cent sign is meant, not a LaTeX comment
        ("50% off", "50% off"),
        # HTML as al-folio users write it: tags dropped, text kept, entities decoded
        ("ICLR 2023 (<b>Spotlight</b>) <br> ICML 2022", "ICLR 2023 (Spotlight) ICML 2022"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        # CrossRef's MathML and JATS: their text
        (
            '<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:msub>'
            "<mml:mi>CsV</mml:mi><mml:mn>3</mml:mn></mml:msub></mml:math> Kagome",
            "CsV3 Kagome",
        ),
        (
            "<jats:title>Abstract</jats:title><jats:p>We <jats:italic>show</jats:italic>",
            "Abstract We show",
        ),
        # IEEE Xplore's formulas and JATS tags without a prefix; CrossRef's encoded tags
        (
            '<inline-formula><tex-math notation="LaTeX">$\\ell_1$</tex-math></inline-formula>'
            "-Regularized, in <italic>real time</italic>",
            "ℓ₁-Regularized, in real time",
        ),
        ("Tracking $\\less$i$\\greater$Salmo$\\less$/i$\\greater$ fish", "Tracking Salmo fish"),
        ("&lt;scp&gt;OceanNet&lt;/scp&gt;: a benchmark, 3 &lt; 4", "OceanNet: a benchmark, 3 < 4"),
        ("Fish {\\&}amp$\\mathsemicolon$ Chips", "Fish & Chips"),
        # math keeps the spaces LaTeX shows after symbols and operator names
        ("Walks with $\\mathcal{O}(\\log n)$ mixing", "Walks with 𝒪(log n) mixing"),
        ("$O(n \\log n)$, $x \\in \\mathcal{X}$, $a \\cdot b$", "O(n log n), x ∈ 𝒳, a · b"),
        ("$\\log\\log n$ and $\\sin x$", "log log n and sin x"),
        ("$\\hat x$ and $\\mathcal O(n)$", "x̂ and 𝒪(n)"),  # their argument, as before
        # an operator name is only the whole command: \infty, \supset, \lnot keep theirs
        (r"{$L^\infty$} for {$\tanh$}, $A \supset B$, $\lnot p$", "L^∞ for tanh, A ⊃ B, ¬ p"),
        (r"$\arg\max$, $\det A \ne 0$, $\Pr[X]$", "arg max, det A ≠ 0, Pr[X]"),
        # babel's and csquotes' quotation marks, \foreignlanguage, text superscripts
        (r"\og Les c{\oe}urs \fg{} and \glqq Gro{\ss}e\grqq{}", "« Les cœurs » and „Große“"),
        (r"The \enquote{Engine}, \foreignlanguage{french}{La machine}", "The “Engine”, La machine"),
        (r"the 40\textsuperscript{th} at 20$^\circ$C", "the 40ᵗʰ at 20°C"),
        # control characters never survive
        ("Densely\x00 Connected\x07 Networks\x1b", "Densely Connected Networks"),
        # a value the converter cannot read is shown, not raised
        ("Networks\\", "Networks"),
        ("unbalanced { brace", "unbalanced brace"),
    ],
)
def test_latex_and_html_are_decoded(value, shown):
    assert to_text(value) == shown


def test_unknown_html_and_script_text_stay_text():
    # Not markup the site renders: kept as text (the page escapes it), never passed through.
    assert to_text("<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_line_breaks_become_the_separator_asked_for():
    assert to_text("First<br>Second", "; ") == "First; Second"


def test_latex_paragraph_breaks_separate_paragraphs_of_an_abstract():
    value = r"One \emph{x}.\par Two.\par\par Three \textbf{y}."
    assert to_text(value, "\n\n") == "One x.\n\nTwo.\n\nThree y."
    assert to_text(value) == "One x. Two. Three y."  # a title or venue: one line
    assert "\n" not in to_text(r"A \parbox{1cm}{y} B", "\n\n")  # another command

"""Gao Huang's homepage: Sphinx configuration.

Only site facts and choices live here; the machinery is the ``sphinx_publications``
extension (src/), configured by the ``publications_*`` values below.
"""

import os

project = "Gao Huang"
author = "Gao Huang"
copyright = "Gao Huang"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_publications.homepage",  # the publications extension and the homepage kit
    "notfound.extension",
]

exclude_patterns = [
    ".*",
    "_build",
    "**/node_modules",
    "README.md",
    "benchmarks",
    "examples",  # other sites of the extension, each built on its own
    "src",
    "tests",
    "tools",
]
smartquotes = False  # show names and titles exactly as written

# -- Publications -------------------------------------------------------------------
bibtex_bibfiles = ["refs.bib"]
publications_owner = ["Gao Huang"]
publications_venue_aliases = {"IEEE TPAMI": "TPAMI", "NIPS": "NeurIPS"}
# Built only by sphinx-build (make html, Read the Docs), a process that exits after one build.
publications_one_build_per_process = True
# The home page's profile header, and its schema.org Person (JSON-LD; without the e-mail).
publications_person = {
    "name": "Gao Huang",
    "jobTitle": "Associate Professor",
    "department": "Department of Automation",
    "affiliation": "Tsinghua University",
    "email": "gaohuang@tsinghua.edu.cn",
    "sameAs": [
        "https://scholar.google.com/citations?user=-P9LwcgAAAAJ",
        "https://www.leaplab.ai",
    ],
    "cv": "https://gaohuang-net.github.io/CV_Gao_Huang.pdf",
}

# -- MyST ---------------------------------------------------------------------------
myst_enable_extensions = ["attrs_inline", "colon_fence", "deflist", "fieldlist"]

# -- HTML ---------------------------------------------------------------------------
html_theme = "furo"
html_title = "Gao Huang"
# The public address (canonical links, OpenGraph, sitemap.xml): Read the Docs' own, or
# SITE_URL for another host; a local build has none, and leaves them out.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get("SITE_URL", "")
if html_baseurl:  # link previews need absolute URLs
    extensions.append("sphinxext.opengraph")
html_static_path = ["_static"]
html_css_files = ["homepage.css"]
html_js_files = ["drawer-toggles.js"]  # keyboard-operable sidebar drawers
templates_path = ["_templates"]  # furo with named landmarks and a heading on search
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "top_of_page_buttons": [],
    "light_css_variables": {"color-brand-primary": "#660874", "color-brand-content": "#660874"},
    "dark_css_variables": {"color-brand-primary": "#ce93d8", "color-brand-content": "#ce93d8"},
}

# -- Page weight (the homepage kit's options; this site has no extension that needs
#    Sphinx's documentation_options.js or doctools.js outside the search page)
homepage_search_assets = ["documentation_options.js", "doctools.js"]
homepage_minify_assets = True
# Documentation features no page here uses, and the parts of furo's pages this site
# does not render (_templates/page.html replaces the footer): their styles leave furo.css.
homepage_unused_theme_features = [
    "admonitions", "api", "captions", "field-lists", "figures", "footnotes", "glossary",
    "gui-labels", "line-blocks", "line-numbers", "math", "numbered-lists", "option-lists",
    "quotes", "topics", "versions",
    "announcement", "logo", "module-index", "pager-footer",
]  # fmt: skip

# -- Discoverability: OpenGraph, 404 page (sitemap.xml and robots.txt: the homepage kit)
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated images, no matplotlib
notfound_urls_prefix = "/"  # the site is served at its root (Read the Docs' single version)
# The 404 page: a way on (a search field, the home page and the publications), not a dead end.
notfound_context = {
    "title": "Page not found",
    "body": """<h1>Page not found</h1>
<p>There is no page at this address: it may have moved. Search the site, or start again from
the home page or the list of publications.</p>
<form class="notfound-search" action="/search.html" method="get">
<label for="notfound-q">Search this site</label>
<div class="notfound-search-row"><input type="search" id="notfound-q" name="q">
<button type="submit">Search</button></div>
</form>
<ul class="notfound-links">
<li><a href="/">Home</a></li>
<li><a href="/publications.html">Publications</a></li>
</ul>
""",
}

"""Gao Huang's homepage: Sphinx configuration.

Only site facts and choices live here; the machinery is the ``sphinx_publications``
extension (src/), configured by the ``publications_*`` values below.
"""

import os
from urllib.parse import urlsplit

project = "Gao Huang"
author = "Gao Huang"
copyright = "Gao Huang"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_publications",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
]

exclude_patterns = [
    ".*",
    "_build",
    "**/node_modules",
    "README.md",
    "benchmarks",
    "src",
    "tests",
    "tools",
]
smartquotes = False  # show names and titles exactly as written

# -- Publications -------------------------------------------------------------------
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "publications"
publications_owner = ["Gao Huang"]
publications_venue_aliases = {"IEEE TPAMI": "TPAMI", "NIPS": "NeurIPS"}
# schema.org Person (JSON-LD) on the home page.
publications_person = {
    "name": "Gao Huang",
    "jobTitle": "Associate Professor",
    "affiliation": "Tsinghua University",
    "sameAs": [
        "https://scholar.google.com/citations?user=-P9LwcgAAAAJ",
        "https://www.leaplab.ai",
    ],
}

# -- MyST ---------------------------------------------------------------------------
myst_enable_extensions = ["attrs_inline", "colon_fence", "deflist", "fieldlist"]

# -- HTML ---------------------------------------------------------------------------
html_theme = "furo"
html_title = "Gao Huang"
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "http://localhost:8000/")
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

# -- Discoverability: sitemap.xml, OpenGraph, 404 page (robots.txt comes from the extension)
sitemap_url_scheme = "{link}"  # no language or version folder: the site is served at its root
# Not content: left out of the sitemap (html and dirhtml names).
sitemap_excludes = ["genindex.html", "search.html", "404.html", "genindex/", "search/", "404/"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated images, no matplotlib
notfound_urls_prefix = urlsplit(html_baseurl).path  # "/" with RTD's single-version scheme

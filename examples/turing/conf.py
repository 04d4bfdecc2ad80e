"""Alan Turing's homepage, an example site of sphinx_publications: Sphinx configuration.

A second site beside Gao Huang's, with other choices: the page text in Chinese (the
extension's words follow ``language``), Sphinx's default theme alabaster, paper pages under
``paper/``, entry anchors ``#p-<key>``, the list grouped by year, a profile without
e-mail or CV. Build it with ``make -C examples/turing html`` (the repository's .venv).
"""

project = "艾伦·图灵"
author = "Alan Turing"
language = "zh_CN"

extensions = ["myst_parser", "sphinx_publications.homepage"]
exclude_patterns = ["_build", ".*", "README.md"]
myst_enable_extensions = ["colon_fence"]
smartquotes = False  # titles and names exactly as written

# -- Publications -------------------------------------------------------------------
bibtex_bibfiles = ["refs.bib"]
# As the papers printed his name.
publications_owner = ["A. M. Turing"]
publications_paper_dir = "paper"
publications_entry_id = "p-{key}"
# The Proceedings of the London Mathematical Society is a journal, whatever its name says.
publications_venue_kinds = {
    "Proceedings of the London Mathematical Society": "journal",
    "PLMS": "journal",
}
publications_person = {
    "name": "Alan Turing",
    "givenName": "Alan",
    "familyName": "Turing",
    "jobTitle": "数学家、逻辑学家",
    "affiliation": "曼彻斯特大学",
    "alumniOf": ["King's College, Cambridge", "Princeton University"],
    "knowsAbout": ["可计算性理论", "人工智能", "形态发生"],
    "sameAs": ["https://en.wikipedia.org/wiki/Alan_Turing"],
    "links": {
        "MacTutor 数学史传记": "https://mathshistory.st-andrews.ac.uk/Biographies/Turing/",
        "Andrew Hodges 的图灵网站": "https://www.turing.org.uk/",
    },
}

# -- HTML ---------------------------------------------------------------------------
html_theme = "alabaster"
html_title = "艾伦·图灵"
html_static_path = ["_static"]
html_css_files = ["site.css"]
# Sphinx 9.0's Chinese search needs a stemmer name it does not define (see the file).
html_js_files = ["zh-search.js"]
html_copy_source = False
# A browser asks for /favicon.ico when a page names no icon: a 404 on every first visit.
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
html_show_copyright = False  # no copyright line to show (alabaster would print "©.")
html_theme_options = {
    "description": "数学家、逻辑学家",
    "github_button": False,  # the site names no repository
    "show_powered_by": False,
}
# Alabaster's sidebar (beside the page; under it on a phone): the name, the pages, search.
# _templates/navigation.html: alabaster's, with a heading level that follows the name's.
templates_path = ["_templates"]
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}

# -- Page weight (the homepage kit): Sphinx's search scripts only on the search page
#    (alabaster reads none of them; translations.js needs doctools.js), files minified.
homepage_search_assets = ["documentation_options.js", "doctools.js", "translations.js"]
homepage_minify_assets = True

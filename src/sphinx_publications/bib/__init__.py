"""BibTeX in, publications out: reading, checking and viewing .bib entries.

Nothing here depends on Sphinx: :mod:`.bibfile` reads a file as BibTeX does,
:mod:`.checks` finds what is wrong with its entries, :mod:`.records` makes the
view every page shows (:class:`~.records.Publication`), :mod:`.export` writes the
BibTeX visitors copy, and :mod:`.cache_file` keeps what reading learned between
builds. The ``check`` command and the Sphinx extension both use it.
"""

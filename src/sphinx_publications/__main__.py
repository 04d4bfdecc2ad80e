"""``python -m sphinx_publications check`` / ``new``: see :mod:`.cli`."""

import sys

from .cli import main

sys.exit(main())

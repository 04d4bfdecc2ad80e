"""What the checks cost when a .bib file is full of notes (issue 12: findings stay cheap).

The synthetic bibliography is checked as ``python -m sphinx_publications check`` does
(reading included), in this process, twice: as generated, with its owner and a valid
DOI on every entry, and with two notes on every entry (a DOI that is not one, and an
owner none of the entries names), each note placed on its field's line. The same
bytes but for the DOIs' text; the difference is what the notes cost.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sphinx_publications.cli import check_files

from . import synthetic

OWNER = "Gao Huang"
_ENTRY_END = re.compile(r"\n}\n")


@dataclass
class FindingsCost:
    entries: int
    clean_notes: int  #: notes on the file as generated (name variants, missing fields)
    notes: int  #: notes on the noisy file
    clean: float  #: CPU seconds, median, checking the file as generated
    noisy: float  #: CPU seconds, median, checking the file with the notes

    @property
    def extra(self) -> float:
        return self.noisy - self.clean


def with_doi(text: str, doi: str) -> str:
    """Every entry of ``text`` with ``doi = {doi}`` as its last field."""
    return _ENTRY_END.sub(f",\n  doi={{{doi}}}\n}}\n", text)


def _check(path: Path, owner: str) -> tuple[float, int]:
    start = time.process_time()  # CPU: steadier than the wall clock on a shared machine
    found = check_files([path], [owner], [], [])
    return time.process_time() - start, sum(f.level == "note" for f in found)


def measure(entries: int, runs: int) -> FindingsCost:
    text = synthetic.bibliography(entries, OWNER)
    with tempfile.TemporaryDirectory(prefix="findings-") as tmp:
        clean, noisy = Path(tmp, "clean.bib"), Path(tmp, "noisy.bib")
        clean.write_text(with_doi(text, "10.1000/x"), "utf-8")
        noisy.write_text(with_doi(text, "not-a-doi"), "utf-8")
        clean_times, noisy_times, clean_notes, notes = [], [], 0, 0
        for _ in range(runs):
            seconds, clean_notes = _check(clean, OWNER)
            clean_times.append(seconds)
            seconds, notes = _check(noisy, "Nobody Here")
            noisy_times.append(seconds)
    return FindingsCost(
        entries,
        clean_notes,
        notes,
        statistics.median(clean_times),
        statistics.median(noisy_times),
    )


def line(cost: FindingsCost) -> str:
    return (
        f"Checking {cost.entries:,} synthetic entries (reading included), CPU time: "
        f"{cost.clean:.2f} s as generated ({cost.clean_notes:,} notes), {cost.noisy:.2f} s "
        f"with {cost.notes:,} notes, each on its field's line ({cost.extra:+.2f} s)."
    )

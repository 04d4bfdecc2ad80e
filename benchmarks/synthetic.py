"""Synthetic bibliographies: plain BibTeX as DBLP or Google Scholar exports it.

The benchmark needs bibliographies of any size that look like what a researcher
pastes into ``refs.bib``: no site fields (``abbr``, ``code``, ``equal``...), the
owner among the authors, DBLP's long booktitles and bookkeeping fields, Scholar's
``Last, First`` names, braced acronyms and a few LaTeX accents, and co-authors
drawn from a pool that recurs the way real collaborations do. Everything comes
from one seeded random generator, so a size always gives the same file.

``python -m benchmarks.synthetic 5000 DEST`` writes a synthetic copy of the site
(for profiling one build by hand).
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sphinx_publications.bib import bibfile, checks

SEED = 6


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN_NAMES = _words(
    "Wei Jing Yulin Zhuang Yizeng Xuran Shiji Le Hao Rui Yang Tianzhu Zanlin Dongchen "
    "Haojun Chaoqun Qichen Zeyu Zhiqi Zhaokai Honghui Ziyi Zhuofan Yifan Chunjiang Jun Bo "
    "Yiming Hui Kaiqian Kuan Jiayu Qihang Danlu Tianhong Ruihan Shichen Xu Yanyi Ruojin "
    "Tao Zihang Minghao Xiaohan Jiwen Jie Lei Ming Qiang Fang Ying Xin Peng Chen Lin Ling "
    "Hong Yun Feng Tian Bin Kilian Laurens Geoff John Sarah Emily Michael David Anna "
    "Laura Pieter Jurgen Francois Ana Rafael Sofia Matthias Olga Ivan Priya Arjun Kenji "
    "Yuki Soo-Young Min-Jun Ahmed Fatima Omar"
)
SURNAMES = _words(
    "Wang Zhang Chen Yang Huang Zhao Zhou Sun Zhu Guo Luo Song Zheng Xie Han Tang Feng "
    "Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Du Ye Cheng Wei Su Ding Ren "
    "Shen Yao Jin Fu Zou Lu Ni Pu Ge Xia Yue Chng Qian Tan Lai Weinberger Maaten Sheldon "
    "Hopcroft Smith Johnson Brown Garcia Martinez Robinson Clark Lewis Walker Hall Allen "
    "Young Kingsbury Muller Schmidt Fischer Dubois Rossi Ivanova Patel Sharma Tanaka "
    "Suzuki Kim Park Hassan Nguyen Kowalski Jansen Larsen Novak Costa Ferreira"
)
#: A few spellings as DBLP writes them: particles and LaTeX accents.
SPECIAL_PEOPLE = (
    ("Laurens", "van der Maaten"),
    ('J{\\"{u}}rgen', "Schmidhuber"),
    ("Fran{\\c{c}}ois", "Fleuret"),
    ("Kilian Q.", "Weinberger"),
    ("Ren{\\'{e}}", "Vidal"),
    ('Bj{\\"{o}}rn', "Ommer"),
)

TITLE_WORDS = _words(
    "efficient adaptive dynamic sparse dense neural networks transformers attention "
    "vision language models learning representation self-supervised contrastive diffusion "
    "generative multimodal reasoning inference training scalable robust deep "
    "convolutional token pruning distillation segmentation detection recognition "
    "classification video image point cloud reinforcement policy agents planning "
    "calibration uncertainty generalization domain adaptation few-shot zero-shot "
    "continual incremental architecture search quantization compression low-rank linear "
    "mixture experts exploration spatial temporal graph retrieval alignment instruction"
)
ACRONYMS = ("CNN", "ViT", "LLM", "VLM", "3D", "RGB-D", "GAN", "MLP", "NeRF", "RL", "PDE", "VLA")
TITLE_PATTERNS = (
    "{acr}: {phrase} for {task}",
    "{phrase} with {thing}",
    "Towards {phrase} via {thing}",
    "Learning {phrase} from {thing}",
    "On the {thing} of {phrase}",
    "{phrase}: {a} {thing} for {task}",
    "Rethinking {thing} in {phrase}",
    "{phrase} {{\\&}} {thing}",
)

CONFERENCES = (
    ("cvpr", "CVPR", "{IEEE/CVF} Conference on Computer Vision and Pattern Recognition",
     "Proceedings of the IEEE/CVF conference on computer vision and pattern recognition"),
    ("iccv", "ICCV", "{IEEE/CVF} International Conference on Computer Vision",
     "Proceedings of the IEEE/CVF international conference on computer vision"),
    ("eccv", "ECCV", "Computer Vision - {ECCV} - European Conference on Computer Vision",
     "European conference on computer vision"),
    ("nips", "NeurIPS", "Advances in Neural Information Processing Systems",
     "Advances in neural information processing systems"),
    ("icml", "ICML", "International Conference on Machine Learning",
     "International conference on machine learning"),
    ("iclr", "ICLR", "The International Conference on Learning Representations",
     "International Conference on Learning Representations"),
    ("aaai", "AAAI", "{AAAI} Conference on Artificial Intelligence",
     "Proceedings of the AAAI conference on artificial intelligence"),
    ("ijcai", "IJCAI", "International Joint Conference on Artificial Intelligence",
     "International Joint Conference on Artificial Intelligence"),
)  # fmt: skip
JOURNALS = (
    ("pami", "{IEEE} Trans. Pattern Anal. Mach. Intell.",
     "IEEE Transactions on Pattern Analysis and Machine Intelligence", "IEEE"),
    ("ijcv", "Int. J. Comput. Vis.", "International Journal of Computer Vision", "Springer"),
    ("tip", "{IEEE} Trans. Image Process.", "IEEE Transactions on Image Processing", "IEEE"),
    ("jmlr", "J. Mach. Learn. Res.", "Journal of Machine Learning Research", "JMLR"),
    ("pr", "Pattern Recognit.", "Pattern Recognition", "Elsevier"),
)  # fmt: skip
CITIES = (
    "Vancouver, BC, Canada",
    "Seattle, WA, USA",
    "Paris, France",
    "Vienna, Austria",
    "New Orleans, LA, USA",
    "Tel Aviv, Israel",
    "Honolulu, HI, USA",
    "Singapore",
)
MONTHS = ("January", "February", "June", "July", "October", "December")


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    def dblp(self) -> str:
        return f"{self.first} {self.last}"

    def scholar(self) -> str:
        return f"{self.last}, {self.first}"

    def ascii_last(self) -> str:
        """The surname as a key fragment: letters only, accents and particles dropped."""
        plain = re.sub(r"\\.|[{}]", "", self.last.split()[-1])
        return unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()


def person_pool(
    size: int, owner: str, rng: random.Random, avoid: Iterable[str] = ()
) -> list[Person]:
    """Distinct co-authors whose names the site's name-variant check accepts.

    Real exports spell each person one way, so the pool must not hold two names the
    check takes for spellings of one person (it would warn, and ``-W`` would fail the
    build). Candidates are vetted by the site's own check rather than a copy of it.
    """
    taken = {owner, *avoid}
    candidates = [Person(f, s) for f, s in SPECIAL_PEOPLE]
    while len(candidates) < size * 2:
        person = Person(rng.choice(GIVEN_NAMES), rng.choice(SURNAMES))
        if person.dblp() not in taken:
            taken.add(person.dblp())
            candidates.append(person)
    owner_first, _, owner_last = owner.rpartition(" ")
    everyone = [Person(owner_first, owner_last), *candidates]
    rejected = _name_variant_clashes(everyone)
    pool = [p for p in candidates if p.dblp() not in rejected][:size]
    rng.shuffle(pool)  # who collaborates most is chance, not list order
    return pool


def _name_variant_clashes(people: Sequence[Person]) -> set[str]:
    """Names (after the first use of each look-alike) that the site's check flags."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pool.bib"
        path.write_text(
            "".join(
                f"@misc{{p{i}, author = {{{p.dblp()}}}, title = {{T}}, year = {{2000}}}}\n"
                for i, p in enumerate(people)
            ),
            "utf-8",
        )
        findings = checks.check(bibfile.read(path), checks.Context())
    flagged = {int(f.key[1:]) for f in findings if f.code == "name-variant"}
    return {people[i].dblp() for i in flagged}


def title(rng: random.Random) -> str:
    def phrase() -> str:
        words = rng.sample(TITLE_WORDS, rng.randint(2, 5))
        return " ".join(w.capitalize() for w in words)

    pattern = rng.choice(TITLE_PATTERNS)
    return pattern.format(
        acr="{" + "".join(rng.sample("ABCDEFGHKLMNPRSTVWXYZ", rng.randint(3, 6))) + "}",
        phrase=phrase(),
        task=phrase(),
        thing=phrase() if rng.random() < 0.7 else "{" + rng.choice(ACRONYMS) + "}s",
        a="A",
    )


def authors(pool: Sequence[Person], owner: Person, rng: random.Random) -> list[Person]:
    """2-15 authors, mostly 3-7; frequent collaborators recur (a Zipf-like pick)."""
    count = min(max(2, round(rng.lognormvariate(1.6, 0.45))), 15)
    chosen: list[Person] = []
    while len(chosen) < count - 1:
        person = pool[min(int(rng.paretovariate(0.9)) - 1, len(pool) - 1)]
        if rng.random() < 0.5:
            person = rng.choice(pool)
        if person not in chosen:
            chosen.append(person)
    position = len(chosen) if rng.random() < 0.6 else rng.randint(0, len(chosen))
    chosen.insert(position, owner)
    return chosen


def year(rng: random.Random) -> int:
    return max(1995, 2025 - int(rng.expovariate(1 / 5)))


def _unique(key: str, used: set[str]) -> str:
    """DBLP's own disambiguation: a, b, c... appended to a taken key."""
    candidate, suffix = key, 0
    while candidate.casefold() in used:
        candidate = key + "abcdefghijklmnopqrstuvwxyz"[suffix % 26] * (suffix // 26 + 1)
        suffix += 1
    used.add(candidate.casefold())
    return candidate


def _field_block(fields: Sequence[tuple[str, str]], width: int) -> str:
    return ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields)


def dblp_entry(
    people: Sequence[Person], the_title: str, y: int, rng: random.Random, used: set[str]
) -> str:
    initials = "".join(p.ascii_last()[0] for p in people[1:4])
    stem = f"{people[0].ascii_last()}{initials}{y % 100:02d}"
    author = " and\n                  ".join(p.dblp() for p in people)
    bookkeeping = [
        ("timestamp", f"{rng.choice(('Mon', 'Tue', 'Fri'))}, {rng.randint(1, 28):02d} Mar 2025 "
         "00:02:54 +0100"),
    ]  # fmt: skip
    kind = rng.random()
    if kind < 0.6:
        slug, abbr, booktitle, _ = rng.choice(CONFERENCES)
        key = _unique(f"DBLP:conf/{slug}/{stem}", used)
        start, number = rng.randint(1, 12000), rng.randint(100, 99999)
        fields = [
            ("author", author),
            ("title", the_title),
            ("booktitle", f"{booktitle}, {{{abbr}}} {y}, {rng.choice(CITIES)}, "
             f"{rng.choice(MONTHS)} {rng.randint(1, 20)}-{rng.randint(21, 28)}, {y}"),
            ("pages", f"{start}--{start + rng.randint(8, 12)}"),
            ("publisher", "{IEEE}" if abbr in ("CVPR", "ICCV") else "OpenReview.net"),
            ("year", str(y)),
            ("url", f"https://doi.org/10.1109/{abbr}{y}.{number:05d}"),
            ("doi", f"10.1109/{abbr}{y}.{number:05d}"),
        ]  # fmt: skip
        entry_type = "inproceedings"
    elif kind < 0.85:
        slug, journal, _, _ = rng.choice(JOURNALS)
        key = _unique(f"DBLP:journals/{slug}/{stem}", used)
        start, number = rng.randint(1, 9000), rng.randint(1000000, 9999999)
        fields = [
            ("author", author),
            ("title", the_title),
            ("journal", journal),
            ("volume", str(y - 1978)),
            ("number", str(rng.randint(1, 12))),
            ("pages", f"{start}--{start + rng.randint(10, 20)}"),
            ("year", str(y)),
            ("url", f"https://doi.org/10.1109/TPAMI.{y}.{number}"),
            ("doi", f"10.1109/TPAMI.{y}.{number}"),
        ]
        entry_type = "article"
    else:
        arxiv = f"{y % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 29999):05d}"
        key = _unique(f"DBLP:journals/corr/abs-{arxiv.replace('.', '-')}", used)
        fields = [
            ("author", author),
            ("title", the_title),
            ("journal", "CoRR"),
            ("volume", f"abs/{arxiv}"),
            ("year", str(y)),
            ("url", f"https://doi.org/10.48550/arXiv.{arxiv}"),
            ("doi", f"10.48550/ARXIV.{arxiv}"),
            ("eprinttype", "arXiv"),
            ("eprint", arxiv),
        ]
        entry_type = "article"
    fields += [
        *bookkeeping,
        ("biburl", f"https://dblp.org/rec/{key.removeprefix('DBLP:')}.bib"),
        ("bibsource", "dblp computer science bibliography, https://dblp.org"),
    ]
    return f"@{entry_type}{{{key},\n{_field_block(fields, 12)}\n}}\n"


def scholar_entry(
    people: Sequence[Person], the_title: str, y: int, rng: random.Random, used: set[str]
) -> str:
    first_word = next(
        (w.lower() for w in re.findall(r"[A-Za-z]+", the_title) if len(w) > 3), "paper"
    )
    key = _unique(f"{people[0].ascii_last().lower()}{y}{first_word}", used)
    sentence_case = the_title[:1] + the_title[1:].lower()
    author = " and ".join(p.scholar() for p in people)
    if rng.random() < 0.65:
        _, _, _, booktitle = rng.choice(CONFERENCES)
        start = rng.randint(1, 12000)
        fields = [
            ("title", sentence_case),
            ("author", author),
            ("booktitle", booktitle),
            ("pages", f"{start}--{start + rng.randint(8, 12)}"),
            ("year", str(y)),
        ]
        entry_type = "inproceedings"
    else:
        _, _, journal, publisher = rng.choice(JOURNALS)
        fields = [
            ("title", sentence_case),
            ("author", author),
            ("journal", journal),
            ("volume", str(y - 1978)),
            ("number", str(rng.randint(1, 12))),
            ("pages", f"{rng.randint(1, 900)}--{rng.randint(901, 999)}"),
            ("year", str(y)),
            ("publisher", publisher),
        ]
        entry_type = "article"
    return f"@{entry_type}{{{key},\n" + ",\n".join(f"  {n}={{{v}}}" for n, v in fields) + "\n}\n"


def bibliography(
    entries: int, owner: str, seed: int = SEED, reserved_keys: Iterable[str] = ()
) -> str:
    """``entries`` BibTeX entries, about 60% as DBLP and 40% as Google Scholar exports them.

    ``reserved_keys`` are keys the result must not use (entries kept from the real file).
    """
    rng = random.Random(f"{seed}-{entries}")
    pool = person_pool(min(max(entries * 3 // 5, 30), 3000), owner, rng)
    owner_first, _, owner_last = owner.rpartition(" ")
    owner_person = Person(owner_first, owner_last)
    used = {k.casefold() for k in reserved_keys}
    chunks = [f"% {entries} synthetic entries (seed {seed}), as DBLP and Scholar export them.\n"]
    for _ in range(entries):
        people = authors(pool, owner_person, rng)
        make = dblp_entry if rng.random() < 0.6 else scholar_entry
        chunks.append("\n" + make(people, title(rng), year(rng), rng, used))
    return "".join(chunks)


def main(argv: Sequence[str] | None = None) -> None:
    from .projects import synthetic_site

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    synthetic_site(args.dest, args.entries, seed=args.seed)
    print(f"wrote a site with {args.entries} synthetic papers to {args.dest}")


if __name__ == "__main__":
    main()

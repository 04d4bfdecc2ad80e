"""Lighthouse scores of the home, publications and a paper page, mobile and desktop.

``make lighthouse`` (``python -m benchmarks.lighthouse``) builds a copy of the site,
serves it with Python's http.server on 127.0.0.1, and runs Lighthouse from npm
(``benchmarks/package.json``) against Debian's Chromium. Nothing leaves the
machine: Chromium resolves no host name but 127.0.0.1 and sends everything else
to a closed proxy port, and its background services are off. Audits that need
the network fail to run; they are listed, not hidden.

Like a real host (Read the Docs), the server compresses text with gzip.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import builds, page_weight, projects

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
    # Offline: loopback bypasses the proxy; everything else goes to a closed port.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class GzipHandler(SimpleHTTPRequestHandler):
    """http.server's file handler, quiet, compressing text as web hosts do."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts_gzip and kind.startswith(_TEXT_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: something copyfile() can read and close."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@dataclass
class Result:
    page: str
    form_factor: str
    scores: dict[str, int | None] = field(default_factory=dict)
    requests: int = 0  #: what Chromium fetched (data: URIs not counted)
    transfer_bytes: int = 0
    external: list[str] = field(default_factory=list)  #: requests off the loopback (blocked)
    not_run: list[str] = field(default_factory=list)  #: audits that errored (e.g. offline)
    below: list[str] = field(default_factory=list)  #: scored audits short of a full score
    error: str = ""


def pages_to_audit(outdir: Path) -> dict[str, str]:
    """Home, the publication list and one paper page (if the site has them)."""
    chosen: dict[str, str] = {}
    for weight in page_weight.site_weights(outdir):
        if weight.kind in ("home", "publications", "paper") and weight.kind not in chosen:
            chosen[weight.kind] = weight.page
    return chosen


def run_lighthouse(url: str, form_factor: str, report: Path) -> Result:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--max-wait-for-load=30000",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    process = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    result = Result(url.rsplit("/", 1)[-1], form_factor)
    if process.returncode != 0 or not report.exists():
        result.error = (process.stderr or process.stdout)[-2000:]
        return result
    lhr = json.loads(report.read_text("utf-8"))
    requests = lhr["audits"]["network-requests"].get("details", {}).get("items", [])
    urls = [item["url"] for item in requests if not item["url"].startswith("data:")]
    result.requests = len(urls)
    result.external = [u for u in urls if not u.startswith("http://127.0.0.1:")]
    result.transfer_bytes = int(lhr["audits"]["total-byte-weight"].get("numericValue", 0))
    for name in CATEGORIES:
        category = lhr["categories"].get(name, {})
        score = category.get("score")
        result.scores[name] = None if score is None else round(score * 100)
        for ref in category.get("auditRefs", []):
            audit = lhr["audits"][ref["id"]]
            if audit.get("scoreDisplayMode") == "error":
                result.not_run.append(f"{ref['id']}: {audit.get('errorMessage', '')}"[:160])
            elif ref.get("weight", 0) > 0 and (audit.get("score") or 0) < 1:
                shown = audit.get("displayValue", "")
                result.below.append(f"{ref['id']} ({audit.get('title', '')}) {shown}".strip())
    result.not_run = sorted(set(result.not_run))
    return result


def audit_site(workdir: Path, site: Path = projects.REPO) -> list[Result]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()  # reserve a port number for the canonical URLs, then serve on it
    base = f"http://127.0.0.1:{port}/"
    srcdir = projects.copy_site(workdir / "src", site)
    outdir = workdir / "html"
    env = {**os.environ, "READTHEDOCS_CANONICAL_URL": base}  # conf.py's html_baseurl
    build = builds.sphinx_build(srcdir, outdir, env=env)
    if not build.ok:
        raise SystemExit(f"the site did not build:\n{build.log[-3000:]}")
    handler = functools.partial(GzipHandler, directory=str(outdir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = []
    try:
        for kind, page in pages_to_audit(outdir).items():
            for form_factor in FORM_FACTORS:
                print(f"lighthouse: {kind} ({page}), {form_factor}", file=sys.stderr, flush=True)
                report = workdir / f"{page.replace('/', '_')}.{form_factor}.json"
                result = run_lighthouse(base + page, form_factor, report)
                result.page = f"{kind} ({page})"
                results.append(result)
    finally:
        server.shutdown()
        server.server_close()
    return results


def render(results: Sequence[Result]) -> str:
    titles = ("Performance", "Accessibility", "Best practices", "SEO")
    header = ["Page", "Form factor", *titles, "Requests", "Transfer (KiB)"]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- | --- |" + " ---: |" * (len(header) - 2),
    ]
    for r in results:
        scores = [
            "error" if r.error else ("n/a" if r.scores.get(c) is None else str(r.scores[c]))
            for c in CATEGORIES
        ]
        measured = [str(r.requests), f"{r.transfer_bytes / 1024:.1f}"]
        lines.append("| " + " | ".join([r.page, r.form_factor, *scores, *measured]) + " |")
    notes = []
    for r in results:
        if r.error:
            notes.append(f"- {r.page}, {r.form_factor}: Lighthouse failed: {r.error.strip()}")
        for item in r.below:
            notes.append(f"- {r.page}, {r.form_factor}: short of a full score: {item}")
        for url in r.external:
            notes.append(f"- {r.page}, {r.form_factor}: requested off this machine: {url}")
    not_run = sorted({item for r in results for item in r.not_run})
    notes += [f"- could not run (offline or not applicable): {item}" for item in not_run]
    return "\n".join(lines + (["", *notes] if notes else []))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build and keep the reports in this folder")
    parser.add_argument(
        "--site",
        type=Path,
        default=projects.REPO,
        help="the site to audit (default: Gao Huang's; e.g. examples/turing)",
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci --prefix benchmarks`")
    if not shutil.which(CHROME):
        raise SystemExit(f"no Chromium at {CHROME} (set CHROME_PATH)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = audit_site(args.keep, args.site.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
            results = audit_site(Path(tmp), args.site.resolve())
    print(render(results))
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Debian's Chromium, a local server and a guarded page: shared by the tests and the tools.

Both drive the built site the same way, so they share one definition of the browser
flags, where the browser is, and what a page may fetch (nothing but the local site).
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

#: Headless Chromium that talks to nobody but the pages it is sent to: without the
#: background-networking flags it tries to phone home, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """$CHROMIUM if set, else Debian's (or Ubuntu's) chromium on the PATH; never a download."""
    if configured := os.environ.get("CHROMIUM"):
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            thread.join()


def new_page(browser: Any, site_url: str, problems: list[str], **options: Any) -> Any:
    """A page in a fresh context that may fetch nothing but the site and logs problems."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(**options)

    def only_local(route: Any) -> None:
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            problems.append(f"request outside the site: {route.request.url}")
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else 0,
    )
    return page

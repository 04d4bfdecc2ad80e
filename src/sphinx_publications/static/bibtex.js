/*
 * BibTeX boxes and list entries' links, from the sphinx_publications Sphinx extension.
 *
 * Progressive enhancement; without this script the BibTeX is still there:
 * - a paper's page shows its BibTeX (`.paper-bibtex`): the script adds a
 *   "Copy BibTeX" button under it;
 * - a publication list links each entry to its .bib file (`.pub-bibtex > a`):
 *   the script turns that link into a disclosure button which, when first
 *   opened, fetches the file (same site, the link's own URL) and shows it in a
 *   box with the same copy button.
 * The entry's "details" link and BibTeX button get the paper's title as a
 * visually hidden part of their names ("details of “…”"): screen readers list
 * a page's links and buttons out of context. The page itself does not repeat
 * every title for that (a third of a KiB gzip on a list of 50 papers).
 * The outcome of a copy is shown next to the button and announced to screen
 * readers (role="status"). Copying uses the asynchronous Clipboard API only:
 * where a browser does not offer it (a page served over plain HTTP), there is
 * no copy button, and the text can still be selected.
 */
(() => {
  "use strict";

  const TEXT = {
    copy: "Copy BibTeX",
    copied: "Copied",
    copyFailed: "Could not copy: select the text and copy it",
    loading: "Loading BibTeX…",
    loadFailed: (reason) => `Could not load the BibTeX (${reason}).`,
    file: "Open the .bib file",
    of: (title) => ` of “${title}”`,
  };
  const STATUS_SECONDS = 5; // how long "Copied" stays visible

  /** Element helper: el("button", {type: "button"}, "Copy"). */
  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };

  /** A "Copy BibTeX" button and its status line at the end of `box`, which holds a <pre>. */
  const addCopyButton = (box) => {
    const pre = box.querySelector("pre");
    if (!pre || !navigator.clipboard?.writeText) return;
    const button = el("button", { type: "button", class: "bibtex-copy" }, TEXT.copy);
    const status = el("span", { class: "bibtex-copy-status", role: "status" });
    let timer;
    button.addEventListener("click", async () => {
      clearTimeout(timer);
      status.textContent = ""; // the same message again is announced again
      try {
        await navigator.clipboard.writeText(pre.textContent);
        status.textContent = TEXT.copied;
      } catch {
        status.textContent = TEXT.copyFailed;
      }
      timer = setTimeout(() => { status.textContent = ""; }, STATUS_SECONDS * 1000);
    });
    box.append(el("div", { class: "bibtex-copy-bar" }, button, status));
  };

  /** Fill `panel` with the BibTeX at `url`, or say why not; resolves to success. */
  const load = async (panel, url) => {
    panel.setAttribute("aria-busy", "true");
    panel.replaceChildren(el("p", {}, TEXT.loading));
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      panel.replaceChildren(el("div", { class: "highlight" }, el("pre", {}, text)));
      addCopyButton(panel);
      return true;
    } catch (error) {
      panel.replaceChildren(
        el("p", { class: "publication-bibtex-error" },
          TEXT.loadFailed(error.message), " ", el("a", { href: url }, TEXT.file)),
      );
      return false;
    } finally {
      panel.removeAttribute("aria-busy");
    }
  };

  /** Turn an entry's "BibTeX" link into a button that shows the file's text below the entry. */
  const enhanceLink = (link, entry, index) => {
    const url = link.href;
    const id = entry.id ? `${entry.id}-bibtex` : `publication-bibtex-${index}`;
    const panel = el("div", { class: "publication-bibtex", id, hidden: "" });
    const button = el(
      "button",
      { type: "button", class: "pub-bibtex-toggle", "aria-expanded": "false", "aria-controls": id },
      ...link.childNodes,
    );
    (link.closest("p") || link.parentElement).after(panel);
    link.replaceWith(button);

    let loading = null; // a pending or successful load; a failed one is tried again
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
      if (open && !loading) {
        loading = load(panel, url).then((ok) => ok || (loading = null));
      }
    });
    return button;
  };

  /** An entry's BibTeX button, and both its links named with the paper's title. */
  const enhanceEntry = (entry, index) => {
    const title = entry.querySelector(".pub-title")?.textContent.trim().replace(/\.$/, "");
    const link = entry.querySelector(".pub-bibtex > a[href]");
    const controls = [
      entry.querySelector(".pub-page > a"),
      link && enhanceLink(link, entry, index),
    ];
    for (const control of controls) {
      if (control && title) control.append(el("span", { class: "visually-hidden" }, TEXT.of(title)));
    }
  };

  const start = () => {
    document.querySelectorAll(".paper-bibtex").forEach(addCopyButton);
    document.querySelectorAll("li.publication").forEach(enhanceEntry);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

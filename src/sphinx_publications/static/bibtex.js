/*
 * BibTeX boxes and list entries' BibTeX chips, from the sphinx_publications Sphinx extension.
 *
 * Progressive enhancement; without this script the BibTeX is still there:
 * - a paper's page shows its BibTeX (`.paper-bibtex`): the script adds a "Copy"
 *   button in the box's top-right corner;
 * - a publication list links each entry to its .bib file (`.pub-bibtex > a`):
 *   the script turns that chip into a disclosure button which, when first
 *   opened, fetches the file (same site, the link's own URL) and shows it in a
 *   box under the entry's chips, with the same copy button.
 * The BibTeX button gets the paper's title as a visually hidden part of its name
 * ("BibTeX of “…”"): screen readers list a page's buttons out of context. The
 * page itself does not repeat every title for that.
 * Long lines scroll inside the box rather than break inside a key or URL; the box
 * takes keyboard focus so that it can be scrolled without a mouse.
 * The outcome of a copy is shown next to the button and announced to screen
 * readers (role="status"). Copying uses the asynchronous Clipboard API only:
 * where a browser does not offer it (a page served over plain HTTP), there is
 * no copy button, and the text can still be selected.
 */
(() => {
  "use strict";

  const { message, el } = window.sphinxPublications; // messages.js
  const STATUS_SECONDS = 5; // how long "Copied" stays visible

  /** A "Copy" button and its status at the top of the code box in `box`. */
  const addCopyButton = (box) => {
    const pre = box.querySelector("pre");
    if (!pre) return;
    pre.tabIndex = 0; // a box that scrolls sideways can be scrolled from the keyboard
    if (!navigator.clipboard?.writeText) return;
    const button = el("button", { type: "button", class: "bibtex-copy", "aria-label": message("copyBibtex") },
      message("copy"));
    const status = el("span", { class: "bibtex-copy-status", role: "status" });
    let timer;
    button.addEventListener("click", async () => {
      clearTimeout(timer);
      status.textContent = ""; // the same message again is announced again
      try {
        await navigator.clipboard.writeText(pre.textContent);
        status.textContent = message("copied");
      } catch {
        status.textContent = message("copyFailed");
      }
      timer = setTimeout(() => { status.textContent = ""; }, STATUS_SECONDS * 1000);
    });
    (pre.parentElement || box).prepend(el("div", { class: "bibtex-copy-bar" }, status, button));
  };

  /** Fill `panel` with the BibTeX at `url`, or say why not; resolves to success. */
  const load = async (panel, url) => {
    panel.setAttribute("aria-busy", "true");
    panel.replaceChildren(el("p", {}, message("loading")));
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
          message("loadFailed", { error: error.message }), " ", el("a", { href: url }, message("file"))),
      );
      return false;
    } finally {
      panel.removeAttribute("aria-busy");
    }
  };

  /** Turn an entry's "BibTeX" link into a button that shows the file's text below the chips. */
  const enhanceLink = (link, entry, index) => {
    const url = link.href;
    const id = entry.id ? `${entry.id}-bibtex` : `publication-bibtex-${index}`;
    const panel = el("div", { class: "publication-bibtex", id, hidden: "" });
    const button = el(
      "button",
      { type: "button", class: "pub-chip pub-bibtex-toggle", "aria-expanded": "false", "aria-controls": id },
      ...link.childNodes,
    );
    (link.closest(".pub-links") || link.parentElement).after(panel);
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

  /** An entry's BibTeX button, named with the paper's title. */
  const enhanceEntry = (entry, index) => {
    const title = entry.querySelector(".pub-title")?.textContent.trim().replace(/\.$/, "");
    const link = entry.querySelector(".pub-bibtex > a[href]");
    if (!link) return;
    const button = enhanceLink(link, entry, index);
    if (title) button.append(el("span", { class: "visually-hidden" }, ` ${message("of", { title })}`));
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

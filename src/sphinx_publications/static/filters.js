/*
 * Publication filters, from the sphinx_publications Sphinx extension.
 *
 * Progressive enhancement: without this script the page lists every paper.
 * The script fills the empty placeholder left by the `publication-filters`
 * directive with a search box and one <select> per facet; the options come
 * from the entries' data-* attributes, so nothing here is site-specific.
 * The filter state lives in the URL query (?year=2020&q=graph), so a
 * filtered list can be shared and Back / Forward step through changes.
 */
(() => {
  "use strict";

  const TEXT = {
    search: "Search titles and authors",
    any: "Any",
    clear: "Clear filters",
    form: "Filter publications",
    all: (total) => `Showing all ${total} papers`,
    some: (shown, total) => `Showing ${shown} of ${total} papers`,
    none: (total) => `No paper matches (of ${total})`,
    emptyList: "No paper in this list matches the filters.",
  };
  const QUERY = "q"; // URL parameter of the search text

  const root = document.querySelector(".publication-filters");
  const items = document.querySelectorAll("li.publication");
  if (!root || !items.length) return;
  const facets = JSON.parse(root.dataset.facets || "[]"); // [{name, label, multiple}]

  /** Lower case without accents: "scholkopf" finds "Schölkopf". */
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const words = (text) => fold(text).split(/\s+/).filter(Boolean);

  /** Element helper: el("label", {for: "x"}, "Year"). */
  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };

  // What each entry offers the filters, read once.
  const entries = [...items].map((node) => {
    const text = [".pub-title", ".pub-authors"].map((s) => node.querySelector(s)?.textContent);
    const values = {};
    for (const { name, multiple } of facets) {
      const raw = (node.getAttribute(`data-${name}`) || "").trim();
      values[name] = multiple ? raw.split(/\s+/).filter(Boolean) : raw ? [raw] : [];
    }
    return { node, text: fold(text.join(" ")), values };
  });

  // Years newest first, everything else alphabetically.
  const numeric = (value) => /^\d+$/.test(value);
  const order = (a, b) =>
    numeric(a) && numeric(b) ? b - a : a.localeCompare(b, undefined, { sensitivity: "base" });
  const display = (value) => value.charAt(0).toUpperCase() + value.slice(1);

  // The form: search box and one select per facet, then the count and a reset button.
  const form = el("form", { class: "pub-filter-form", role: "search", "aria-label": TEXT.form });
  const grid = el("div", { class: "pub-filter-controls" });
  const controls = {};
  controls[QUERY] = el("input", {
    type: "search", id: "pub-filter-q", name: QUERY, autocomplete: "off", spellcheck: "false",
  });
  grid.append(
    el("div", { class: "pub-filter pub-filter-text" },
      el("label", { for: "pub-filter-q" }, TEXT.search), controls[QUERY]),
  );
  for (const { name, label } of facets) {
    const counts = new Map();
    for (const entry of entries) {
      for (const value of entry.values[name]) counts.set(value, (counts.get(value) || 0) + 1);
    }
    const select = el("select", { id: `pub-filter-${name}`, name }, el("option", { value: "" }, TEXT.any));
    for (const value of [...counts.keys()].sort(order)) {
      select.append(el("option", { value }, `${display(value)} (${counts.get(value)})`));
    }
    controls[name] = select;
    grid.append(el("div", { class: "pub-filter" }, el("label", { for: select.id }, label), select));
  }
  const status = el("p", {
    class: "pub-filter-status", role: "status", "aria-live": "polite", "aria-atomic": "true",
  });
  const clear = el("button", { type: "button", class: "pub-filter-clear" }, TEXT.clear);
  form.append(grid, el("div", { class: "pub-filter-footer" }, status, clear));
  root.append(form);

  // A note under each list that the filters empty (hidden until then).
  const lists = [...new Set(entries.map((e) => e.node.parentElement))].map((list) => {
    const note = el("p", { class: "pub-filter-empty", hidden: "" }, TEXT.emptyList);
    list.after(note);
    return { entries: entries.filter((e) => e.node.parentElement === list), note };
  });

  // State: {q: "graph", year: "", venue: "XYZ", ...}; "" means no filter.
  const names = Object.keys(controls);
  const state = (read) => Object.fromEntries(names.map((name) => [name, read(name)]));
  const fromControls = () => state((name) => controls[name].value.trim());
  const noFilters = () => state(() => "");
  const fromURL = () => {
    const params = new URLSearchParams(location.search);
    return state((name) => {
      const value = (params.get(name) || "").trim();
      const known = name === QUERY || [...controls[name].options].some((o) => o.value === value);
      return known ? value : ""; // drop values no entry has
    });
  };
  const show = (filters) => names.forEach((name) => { controls[name].value = filters[name]; });

  /** Hide the entries that do not match, update the count and the notes. */
  const apply = (filters) => {
    const query = words(filters[QUERY]);
    let shown = 0;
    for (const entry of entries) {
      const match =
        facets.every(({ name }) => !filters[name] || entry.values[name].includes(filters[name])) &&
        query.every((word) => entry.text.includes(word));
      entry.node.hidden = !match;
      shown += match;
    }
    for (const list of lists) list.note.hidden = list.entries.some((e) => !e.node.hidden);
    const total = entries.length;
    const message = shown === total ? TEXT.all(total) : shown ? TEXT.some(shown, total) : TEXT.none(total);
    if (status.textContent !== message) status.textContent = message; // announced (role=status)
    clear.disabled = names.every((name) => !filters[name]);
  };

  /** Put the filters into the URL; a new history entry when `push`. */
  const write = (filters, push, keepHash = false) => {
    const params = new URLSearchParams(location.search);
    for (const name of names) {
      if (filters[name]) params.set(name, filters[name]);
      else params.delete(name);
    }
    const query = params.toString();
    // A filter change drops the #fragment: it may point at an entry that is now hidden.
    const url = location.pathname + (query ? `?${query}` : "") + (keepHash ? location.hash : "");
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
  };

  /** The element the #fragment names, if any. */
  const target = () => {
    try {
      return location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    } catch {
      return null; // malformed escape in the fragment
    }
  };

  /** A link to a paper or year always shows it: clear filters that hide its target. */
  const reveal = () => {
    const element = target();
    if (!element || !element.closest(".publication[hidden]")) return;
    const filters = noFilters();
    show(filters);
    apply(filters);
    write(filters, false, true);
    element.scrollIntoView();
  };

  let typing = false; // one run of keystrokes makes one history entry
  controls[QUERY].addEventListener("input", () => {
    const filters = fromControls();
    write(filters, !typing);
    typing = true;
    apply(filters);
  });
  controls[QUERY].addEventListener("change", () => { typing = false; });
  for (const { name } of facets) {
    controls[name].addEventListener("change", () => {
      typing = false;
      const filters = fromControls();
      write(filters, true);
      apply(filters);
    });
  }
  clear.addEventListener("click", () => {
    typing = false;
    const filters = noFilters();
    show(filters);
    write(filters, true);
    controls[QUERY].focus(); // the button is about to be disabled: keep focus in the form
    apply(filters);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => {
    typing = false;
    const filters = fromURL();
    show(filters);
    apply(filters);
  });
  window.addEventListener("hashchange", reveal);

  // Start from the URL; drop unknown values from it.
  const initial = fromURL();
  show(initial);
  apply(initial);
  write(initial, false, true);
  if (names.some((name) => initial[name])) target()?.scrollIntoView(); // entries above moved
  reveal();
})();

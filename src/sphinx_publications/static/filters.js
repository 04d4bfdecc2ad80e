/*
 * Publication filters, from the sphinx_publications Sphinx extension.
 *
 * Progressive enhancement: without this script the page lists every paper, and the
 * placeholder left by the `publication-filters` directive says that the filters need
 * JavaScript. The script replaces that note with one toolbar: a search box, one
 * <select> per facet (behind a "Filters" button on narrow screens), the count of
 * papers shown and a reset button. The options come from the entries' data-*
 * attributes, so nothing here is site-specific.
 *
 * - The search box matches the start of any word of an entry: title, authors,
 *   venue (name and abbreviation), year, notes and recognition ("oral", "award").
 * - Each select counts the papers that the other filters leave.
 * - The year links (`publication-years`) and the chart's bars set the year filter
 *   (a second click on the same year clears it); without the script they jump to
 *   the year's first paper.
 * - The state lives in the URL query (?year=2020&q=graph), so a filtered list can
 *   be shared. History gets one entry per visit of a control: the first change in a
 *   select or a run of typing pushes one, later changes while the control keeps
 *   focus replace it (arrowing through a select does not flood Back).
 * - Lists (and their year headings) left without a visible paper are hidden, and a
 *   note says so.
 */
(() => {
  "use strict";

  const { message, el } = window.sphinxPublications; // messages.js
  const QUERY = "q"; // URL parameter of the search text

  const root = document.querySelector(".publication-filters");
  const items = document.querySelectorAll("li.publication");
  if (!root || !items.length) return;
  const facets = JSON.parse(root.dataset.facets || "[]"); // [{name, label, multiple}]

  /** Lower case without accents ("scholkopf" finds "Schölkopf"), cut into words. */
  const words = (text) =>
    text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];

  // What each entry offers the filters: its facets now, its words when first searched.
  const TEXT_PARTS = ".pub-head, .pub-details, .pub-note";
  const entries = [...items].map((node) => {
    const values = {};
    for (const { name, multiple } of facets) {
      const raw = (node.getAttribute(`data-${name}`) || "").trim();
      values[name] = multiple ? raw.split(/\s+/).filter(Boolean) : raw ? [raw] : [];
    }
    return { node, values };
  });
  const wordsOf = (entry) => {
    if (!entry.words) {
      const text = [...entry.node.querySelectorAll(TEXT_PARTS)].map((part) => part.textContent);
      for (const name of ["year", "venue", "kind", "recognition"]) {
        text.push(entry.node.getAttribute(`data-${name}`) || "");
      }
      entry.words = [...new Set(words(text.join(" ")))];
    }
    return entry.words;
  };

  // Years newest first, everything else alphabetically, ignoring case. (Not with
  // localeCompare: loading the browser's collation data costs 20 ms and more.)
  const numeric = (value) => /^\d+$/.test(value);
  const order = (a, b) => {
    if (numeric(a) && numeric(b)) return b - a;
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const display = (value) => value.charAt(0).toUpperCase() + value.slice(1);

  // -- The toolbar ------------------------------------------------------------------
  const form = el("form", { class: "pub-filter-form", role: "search", "aria-label": message("form") });
  form.style.setProperty("--pub-facet-count", String(facets.length || 1));
  const controls = {};
  const options = {}; // facet name -> Map(value -> <option>)
  controls[QUERY] = el("input", {
    type: "search", id: "pub-filter-q", name: QUERY, autocomplete: "off", spellcheck: "false",
    placeholder: message("search"),
  });
  const panel = el("div", { class: "pub-filter-facets", id: "pub-filter-facets" });
  for (const { name, label } of facets) {
    const counts = new Map();
    for (const entry of entries) {
      for (const value of entry.values[name]) counts.set(value, (counts.get(value) || 0) + 1);
    }
    const select = el("select", { id: `pub-filter-${name}`, name }, el("option", { value: "" }, message("any")));
    options[name] = new Map();
    for (const value of [...counts.keys()].sort(order)) {
      const option = el("option", { value }, display(value));
      options[name].set(value, option);
      select.append(option);
    }
    controls[name] = select;
    panel.append(el("div", { class: "pub-filter" }, el("label", { for: select.id }, label), select));
  }
  const toggle = el("button", {
    type: "button", class: "pub-filter-toggle", "aria-expanded": "false", "aria-controls": panel.id,
  });
  const status = el("p", {
    class: "pub-filter-status", role: "status", "aria-live": "polite", "aria-atomic": "true",
  });
  const clear = el("button", { type: "button", class: "pub-filter-clear" }, message("clear"));
  form.append(
    el("div", { class: "pub-filter-bar" },
      el("div", { class: "pub-filter pub-filter-text" },
        el("label", { for: controls[QUERY].id }, message("searchShort")), controls[QUERY]),
      toggle, panel),
    el("div", { class: "pub-filter-footer" }, status, clear),
  );
  root.querySelector(".pub-filter-nojs")?.remove();
  root.append(form);
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("pub-filter-open", open);
  });

  // Lists, their year headings, and a note for each part of the page the filters empty.
  const lists = [...new Set(entries.map((e) => e.node.parentElement))].map((list) => {
    const heading = list.previousElementSibling?.matches(".pub-year") ? list.previousElementSibling : null;
    return { list, heading, entries: entries.filter((e) => e.node.parentElement === list) };
  });
  const groups = new Map(); // the lists' parent -> {lists, note}
  for (const item of lists) {
    const parent = item.list.parentElement;
    if (!groups.has(parent)) groups.set(parent, { lists: [], note: null });
    groups.get(parent).lists.push(item);
  }
  for (const group of groups.values()) {
    group.note = el("p", { class: "pub-filter-empty", hidden: "" }, message("emptyList"));
    group.lists.at(-1).list.after(group.note);
  }

  // Year links and chart bars: each names a year that the year filter offers.
  const yearOf = (link) => {
    try {
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      return target?.closest("li.publication")?.dataset.year || "";
    } catch {
      return "";
    }
  };
  const yearLinks = controls.year
    ? [...document.querySelectorAll(".publication-years a[href^='#']")]
        .map((link) => ({ link, year: yearOf(link), count: link.querySelector(".publication-years-count") }))
        .filter(({ year }) => options.year.has(year))
    : [];
  const bars = controls.year
    ? [...document.querySelectorAll(".publication-chart-bar[data-year]")].filter((bar) =>
        options.year.has(bar.dataset.year))
    : [];

  // -- State: {q: "graph", year: "", venue: "XYZ", ...}; "" means no filter ----------
  const names = Object.keys(controls);
  const state = (read) => Object.fromEntries(names.map((name) => [name, read(name)]));
  const fromControls = () => state((name) => controls[name].value.trim());
  const noFilters = () => state(() => "");
  const fromURL = () => {
    const params = new URLSearchParams(location.search);
    return state((name) => {
      const value = (params.get(name) || "").trim();
      return name === QUERY || options[name].has(value) ? value : ""; // drop values no entry has
    });
  };
  const show = (filters) => names.forEach((name) => { controls[name].value = filters[name]; });

  /** Whether an entry passes every filter but `except` (a facet name). */
  const passes = (entry, filters, query, except) =>
    facets.every(({ name }) => name === except || !filters[name] || entry.values[name].includes(filters[name])) &&
    query.every((word) => wordsOf(entry).some((w) => w.startsWith(word)));

  /** Show the entries that match, and update counts, notes, year links and the status. */
  const apply = (filters) => {
    const query = words(filters[QUERY]);
    let shown = 0;
    for (const entry of entries) {
      const hidden = !passes(entry, filters, query);
      if (entry.node.hidden !== hidden) entry.node.hidden = hidden;
      shown += !hidden;
    }
    for (const { list, heading, entries: listed } of lists) {
      const hidden = listed.every((e) => e.node.hidden);
      if (list.hidden !== hidden) list.hidden = hidden;
      if (heading && heading.hidden !== hidden) heading.hidden = hidden;
    }
    for (const group of groups.values()) {
      const hidden = group.lists.some((l) => !l.list.hidden);
      if (group.note.hidden !== hidden) group.note.hidden = hidden;
    }
    // Each facet's options count the papers the other filters leave.
    for (const { name } of facets) {
      const counts = new Map();
      for (const entry of entries) {
        if (!passes(entry, filters, query, name)) continue;
        for (const value of entry.values[name]) counts.set(value, (counts.get(value) || 0) + 1);
      }
      for (const [value, option] of options[name]) {
        const count = counts.get(value) || 0;
        const text = `${display(value)} (${count})`;
        if (option.textContent !== text) option.textContent = text;
        option.disabled = !count && value !== filters[name];
        if (name === "year") {
          for (const year of yearLinks.filter((y) => y.year === value)) {
            if (year.count && year.count.textContent !== ` (${count})`) year.count.textContent = ` (${count})`;
            year.link.classList.toggle("publication-years-empty", !count);
          }
        }
      }
    }
    for (const { link, year } of yearLinks) {
      if (year === filters.year) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
    for (const bar of bars) {
      bar.classList.toggle("publication-chart-unselected", Boolean(filters.year) && bar.dataset.year !== filters.year);
    }
    const total = entries.length;
    const text = shown === total ? message("all", { total }) : shown
      ? message("some", { shown, total }) : message("none", { total });
    if (status.textContent !== text) status.textContent = text; // announced (role=status)
    clear.disabled = names.every((name) => !filters[name]);
    const active = facets.filter(({ name }) => filters[name]).length;
    toggle.textContent = active ? message("filtersActive", { count: active }) : message("filters");
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

  /** A link to a paper always shows it: clear filters that hide its target. */
  const reveal = () => {
    const element = target();
    if (!element || !element.closest(".publication[hidden]")) return;
    const filters = noFilters();
    show(filters);
    apply(filters);
    write(filters, false, true);
    element.scrollIntoView();
  };

  // One history entry per visit of a control: its first change pushes, the next replace.
  let editing = null;
  const changed = (control) => {
    const filters = fromControls();
    write(filters, editing !== control);
    editing = control;
    apply(filters);
  };
  for (const name of names) {
    const control = controls[name];
    control.addEventListener(name === QUERY ? "input" : "change", () => changed(control));
    control.addEventListener("blur", () => { if (editing === control) editing = null; });
  }

  /** Set the year filter from a year link or bar; the same year again clears it. */
  const pickYear = (year) => {
    editing = null;
    const filters = fromControls();
    filters.year = filters.year === year ? "" : year;
    show(filters);
    write(filters, true);
    apply(filters);
    if (form.getBoundingClientRect().top < 0) root.scrollIntoView();
  };
  for (const { link, year } of yearLinks) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      pickYear(year);
    });
  }
  for (const bar of bars) bar.addEventListener("click", () => pickYear(bar.dataset.year));
  if (bars.length) bars[0].closest("svg")?.classList.add("publication-chart-interactive");

  clear.addEventListener("click", () => {
    editing = null;
    const filters = noFilters();
    show(filters);
    write(filters, true);
    controls[QUERY].focus(); // the button is about to be disabled: keep focus in the form
    apply(filters);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => {
    editing = null;
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

/*
 * Search results without link labels: Sphinx's search shows an excerpt of each
 * page found, taken from the page's text. On publication lists and paper pages that
 * text holds the labels of the link chips ("Paper Code BibTeX"), which mean nothing
 * in an excerpt; this drops them before Sphinx takes its excerpt.
 */
(() => {
  "use strict";
  // searchtools.js declares `const Search`: a global binding, not a property of window.
  const search = typeof Search === "undefined" ? window.Search : Search;
  if (!search || typeof search.htmlToText !== "function") return;
  const original = search.htmlToText;
  const noise = ".pub-links, .pub-venue-chip, .pub-badge, .paper-navigation, .pub-filter-nojs";
  search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(noise).forEach((element) => element.remove());
    return original(page.documentElement.outerHTML, anchor);
  };
})();

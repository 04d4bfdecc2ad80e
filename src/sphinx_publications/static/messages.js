/*
 * The words of the publication scripts, in the site's language: the page passes
 * them as JSON in the data-messages attribute of this script's <script> tag.
 */
window.sphinxPublications = window.sphinxPublications || {};
window.sphinxPublications.messages = JSON.parse(
  (document.currentScript && document.currentScript.dataset.messages) || "{}",
);
/** A message with {name} placeholders filled in: message("some", {shown: 3, total: 9}). */
window.sphinxPublications.message = (key, values = {}) =>
  (window.sphinxPublications.messages[key] || key).replace(/\{(\w+)\}/g, (_, name) =>
    name in values ? String(values[name]) : `{${name}}`,
  );

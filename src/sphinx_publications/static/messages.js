/*
 * The words of the publication scripts, in the site's language: the page passes
 * them as JSON in the data-messages attribute of this script's <script> tag.
 * Also the scripts' shared element helper.
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
/** An element with attributes and children: el("label", {for: "x"}, "Year"). */
window.sphinxPublications.el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
};

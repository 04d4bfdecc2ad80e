/*
 * The profile's e-mail address as a link: the page holds it in two halves
 * (data-user, data-domain) and shows "user AT domain", so that address harvesters
 * reading the HTML find no mailto: link; visitors with this script get one.
 */
(() => {
  "use strict";
  for (const link of document.querySelectorAll("a.profile-email[data-user][data-domain]")) {
    const address = `${link.dataset.user}@${link.dataset.domain}`;
    link.href = `mailto:${address}`;
    const label = link.querySelector("span");
    if (label) label.textContent = address;
  }
})();

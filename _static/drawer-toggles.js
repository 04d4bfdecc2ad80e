/* Keyboard-operable sidebar drawers for furo.
 *
 * On narrow screens furo opens its navigation and table-of-contents drawers
 * through hidden checkboxes and <label> icons: a mouse or finger works, a
 * keyboard cannot reach a label (furo PR #660 is still open). This script turns
 * each icon into a real button that toggles the same checkbox, says whether its
 * drawer is open (aria-expanded), moves focus into an opened drawer and closes
 * it again with Escape. Without JavaScript the labels keep working as before.
 * CSS (homepage.css) hides closed drawers so their links are not tabbable.
 */
(() => {
  "use strict";

  const DRAWERS = [
    { icon: "label.nav-overlay-icon", checkbox: "__navigation", drawer: "sidebar-drawer" },
    { icon: "label.toc-overlay-icon", checkbox: "__toc", drawer: "toc-drawer" },
  ];

  /* Focus the first element that takes focus: some links in a drawer are not displayed. */
  function focusFirstIn(container) {
    for (const element of container.querySelectorAll("a[href], input:not([type=hidden]), button")) {
      element.focus({ preventScroll: true });
      if (document.activeElement === element) return;
    }
  }

  function upgrade({ icon, checkbox: checkboxId, drawer: drawerId }) {
    const checkbox = document.getElementById(checkboxId);
    const drawer = document.getElementById(drawerId);
    if (!checkbox || !drawer) return;
    const buttons = [...document.querySelectorAll(icon)].map((label) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `${label.className} drawer-toggle`;
      button.setAttribute("aria-label", checkbox.getAttribute("aria-label") || "");
      button.setAttribute("aria-controls", drawerId);
      button.append(...label.childNodes);
      button.addEventListener("click", () => checkbox.click());
      label.replaceWith(button);
      return button;
    });
    if (!buttons.length) return;
    let opener = buttons[0];
    buttons.forEach((button) => button.addEventListener("click", () => (opener = button)));

    const sync = () => {
      buttons.forEach((b) => b.setAttribute("aria-expanded", String(checkbox.checked)));
    };
    checkbox.addEventListener("change", () => {
      sync();
      // Wait for the drawer to become visible (CSS) before focusing into it.
      if (checkbox.checked) requestAnimationFrame(() => focusFirstIn(drawer));
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && checkbox.checked) {
        checkbox.click();
        opener.focus();
      }
    });
    sync();
  }

  const start = () => DRAWERS.forEach(upgrade);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

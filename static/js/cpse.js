/* Quick exit: the button, or the Escape key, replaces this page with a neutral site
   so that the back button does not return here. No inline scripts (CSP). */
(function () {
  "use strict";

  function quickExit(url) {
    document.body.style.display = "none";
    window.location.replace(url);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) {
      return;
    }
    var url = link.getAttribute("href");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      quickExit(url);
    });
    document.addEventListener("keydown", function (event) {
      // Escape closes an open dialog or menu first; otherwise it leaves the site.
      if (event.key !== "Escape" || document.querySelector(".modal.show, .dropdown-menu.show")) {
        return;
      }
      quickExit(url);
    });
  });
})();

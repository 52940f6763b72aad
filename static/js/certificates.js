/* The certificate page: a "Copy" button next to the verification link. Without this
   file the link is still a selectable text field and the button stays hidden. */
(function () {
  "use strict";

  function setUp(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.closest(".card-body").querySelector("[data-copy-status]");
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) {
            status.textContent = status.getAttribute("data-copied-text");
          }
        },
        function () {
          field.select();
        }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(setUp);
  });
})();

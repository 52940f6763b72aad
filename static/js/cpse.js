/* Quick exit: the button, or the Escape key, replaces this page with a neutral site
   so that the back button does not return here. No inline scripts (CSP).
   For a signed-in person, what she was typing goes with the beacon and is offered back
   after she signs in again (accounts.kept_input); never a password or a file. */
(function () {
  "use strict";

  // The form she typed in last, if it is one whose words may be kept.
  var typedIn = null;

  function keepable(form) {
    var posts = form.method === "post" && form.querySelector("[name=csrfmiddlewaretoken]");
    return (form.hasAttribute("data-keep") || posts) && !form.querySelector("input[type=password]");
  }

  function addTypedInput(beacon) {
    if (!typedIn) {
      return;
    }
    // The attribute, not `form.action`, which a field named "action" would shadow.
    var action = new URL(typedIn.getAttribute("action") || "", window.location.href);
    if (action.origin !== window.location.origin) {
      return;
    }
    var fields = [];
    new FormData(typedIn).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        fields.push([name, value]);
      }
    });
    beacon.append("kept_path", action.pathname);
    beacon.append("kept_fields", JSON.stringify(fields));
  }

  function quickExit(link) {
    document.body.style.display = "none";
    // The session ends on the way, signed in or not (a beacon outlives the page, and
    // nothing waits for it).
    var signOutUrl = link.getAttribute("data-sign-out-url");
    var token = document.querySelector("meta[name=csrf-token]");
    if (signOutUrl && token && navigator.sendBeacon) {
      var beacon = new FormData();
      beacon.append("csrfmiddlewaretoken", token.getAttribute("content"));
      if (link.hasAttribute("data-keep-typed-input")) {
        addTypedInput(beacon);
      }
      navigator.sendBeacon(signOutUrl, beacon);
    }
    window.location.replace(link.getAttribute("href"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) {
      return;
    }
    document.addEventListener("input", function (event) {
      var form = event.target.form;
      if (form && keepable(form)) {
        typedIn = form;
      }
    });
    link.addEventListener("click", function (event) {
      event.preventDefault();
      quickExit(link);
    });
    document.addEventListener("keydown", function (event) {
      // Escape closes an open dialog or menu first; otherwise it leaves the site.
      if (event.key !== "Escape" || document.querySelector(".modal.show, .dropdown-menu.show")) {
        return;
      }
      quickExit(link);
    });
  });
})();

/* Idle warning: two minutes before the server ends an idle session, say so calmly and
   offer to stay signed in. The server enforces the timeout; this only warns. */
(function () {
  "use strict";

  var WARN_BEFORE_SECONDS = 120;

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var idleSeconds = parseInt(body.getAttribute("data-idle-seconds"), 10);
    var warning = document.getElementById("idle-warning");
    if (!idleSeconds || !warning) {
      return;
    }
    var timer = null;

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        warning.hidden = false;
        warning.querySelector("[data-keep-alive]").focus();
      }, Math.max(idleSeconds - WARN_BEFORE_SECONDS, 5) * 1000);
    }

    warning.querySelector("[data-keep-alive]").addEventListener("click", function () {
      var token = document.querySelector("meta[name=csrf-token]").getAttribute("content");
      fetch(body.getAttribute("data-keep-alive-url"), {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin"
      }).then(function (response) {
        if (response.ok) {
          warning.hidden = true;
          schedule();
        } else {
          window.location.reload();
        }
      });
    });
    schedule();
  });
})();

// Staff search in the top bar: opening it puts the cursor in its box.
(function () {
  document.addEventListener("shown.bs.dropdown", function (event) {
    var item = event.target.closest(".staff-search");
    if (item) {
      item.querySelector("input[name=q]").focus();
    }
  });
})();

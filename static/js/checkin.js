/* The monthly check-in: answers are saved in the background as the person types or
   chooses (the form also works without this file: "Save and finish later" saves). The
   questions about how to contact them show only when they asked to be contacted. */
(function () {
  "use strict";

  var TYPING_PAUSE_MS = 1500;

  function autosave(form) {
    var status = form.querySelector("[data-checkin-save-status]");
    var token = document.querySelector("meta[name=csrf-token]").getAttribute("content");
    var url = form.getAttribute("data-save-url");
    var timer = null;
    var pending = false;
    var busy = false;
    var sending = false;
    var afterSave = null;

    function say(text) {
      if (status && text) {
        status.textContent = text;
      }
    }

    function save() {
      if (sending) {
        return;
      }
      if (busy) {
        pending = true;
        return;
      }
      busy = true;
      pending = false;
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token, "X-Checkin-Autosave": "1" },
        credentials: "same-origin"
      })
        .then(function (response) {
          if (response.status === 204) {
            say(status.getAttribute("data-saved-message"));
            return null;
          }
          return response.json().then(function (data) {
            say(data.message);
            if (response.status === 409) {
              window.location.reload();
            }
          });
        })
        .catch(function () {
          say(status.getAttribute("data-offline-message"));
        })
        .then(function () {
          busy = false;
          if (afterSave) {
            afterSave();
          } else if (pending) {
            save();
          }
        });
    }

    // Text is saved after a pause in typing; choices at once. (A text box's own change
    // event comes as it loses focus, often on the way to a button: not a second save.)
    form.addEventListener("change", function (event) {
      if (event.target.tagName !== "TEXTAREA") {
        window.clearTimeout(timer);
        save();
      }
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, TYPING_PAUSE_MS);
      }
    });
    // A button press waits for a save still on its way, so the two never cross.
    form.addEventListener("submit", function (event) {
      window.clearTimeout(timer);
      sending = true;
      if (busy) {
        event.preventDefault();
        var submitter = event.submitter;
        afterSave = function () {
          afterSave = null;
          form.requestSubmit(submitter);
        };
      }
    });
  }

  function contactQuestions(form) {
    var block = form.querySelector("[data-checkin-contact]");
    if (!block) {
      return;
    }
    function show() {
      var chosen = form.querySelector("input[name=wants_contact]:checked");
      block.hidden = !(chosen && chosen.value === "yes");
    }
    form.addEventListener("change", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-checkin-form]");
    if (form) {
      contactQuestions(form);
      autosave(form);
    }
  });
})();

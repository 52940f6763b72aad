/* The exam: answers are saved in the background when they change (the form also works
   without this file: each button saves), and the time left counts down on screen. The
   server keeps the real timer; at zero the page reloads and the server submits. */
(function () {
  "use strict";

  var TYPING_PAUSE_MS = 1500;

  function autosave(form) {
    var status = form.querySelector("[data-exam-save-status]");
    var token = document.querySelector("meta[name=csrf-token]").getAttribute("content");
    var timer = null;
    var pending = false;
    var busy = false;

    function say(text) {
      if (status && text) {
        status.textContent = text;
      }
    }

    function save() {
      if (busy) {
        pending = true;
        return;
      }
      busy = true;
      pending = false;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token, "X-Exam-Autosave": "1" },
        credentials: "same-origin"
      })
        .then(function (response) {
          return response.json().then(function (data) {
            say(data.message);
            if (response.status === 409 && data.location) {
              window.location.assign(data.location);
            }
          });
        })
        .catch(function () {
          say(status.getAttribute("data-offline-message") || "");
        })
        .then(function () {
          busy = false;
          if (pending) {
            save();
          }
        });
    }

    form.addEventListener("change", function () {
      window.clearTimeout(timer);
      save();
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA" || event.target.type === "text") {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, TYPING_PAUSE_MS);
      }
    });
  }

  function countdown(element) {
    var endsAt = Date.now() + parseInt(element.getAttribute("data-seconds-left"), 10) * 1000;

    function show() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      element.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        window.clearInterval(ticking);
        // The server submits what was saved and shows where things stand.
        window.location.assign(element.getAttribute("data-expired-url"));
      }
    }

    var ticking = window.setInterval(show, 1000);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-exam-form]");
    if (form) {
      autosave(form);
    }
    var clock = document.querySelector("[data-exam-countdown]");
    if (clock) {
      countdown(clock);
    }
  });
})();

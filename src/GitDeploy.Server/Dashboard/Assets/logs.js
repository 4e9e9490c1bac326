// The logs page's live tail: new lines arrive over server-sent events (the server filters them as the form
// says); Pause holds them back (and counts them) until Resume; typing in the text filter hides the lines
// that do not match at once, new ones included; the view follows the end unless the reader scrolled up.
(function () {
  "use strict";
  var MAX_LINES = 5000;

  document.addEventListener("DOMContentLoaded", function () {
    var log = document.getElementById("log");
    if (!log || !window.EventSource) return;
    var status = document.getElementById("log-status");
    var pause = document.getElementById("log-pause");
    var text = document.getElementById("log-text");
    var empty = document.getElementById("log-empty");
    var paused = false, held = [], source = null;

    function say(s) { if (status) status.textContent = s; }
    function matches(el) {
      var q = text ? text.value.trim().toLowerCase() : "";
      return !q || el.textContent.toLowerCase().indexOf(q) >= 0;
    }
    function near() { return log.scrollHeight - log.scrollTop - log.clientHeight < 40; }
    function add(html) {
      var box = document.createElement("div");
      box.innerHTML = html;
      var line = box.firstElementChild;
      if (!line) return;
      if (!matches(line)) line.classList.add("hidden");
      var follow = near();
      log.appendChild(line);
      if (window.gdLocalize) window.gdLocalize(line);
      while (log.childElementCount > MAX_LINES) log.removeChild(log.firstElementChild);
      if (empty) { empty.remove(); empty = null; }
      if (follow) log.scrollTop = log.scrollHeight;
    }

    function connect() {
      var url = log.getAttribute("data-events");
      var since = log.getAttribute("data-since");
      if (since) url += (url.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(since);
      source = new EventSource(url);
      source.onopen = function () { say(paused ? "paused" : "live: new lines appear as they are written"); };
      source.onerror = function () { say("connection lost; reconnecting…"); };
      source.addEventListener("line", function (e) {
        if (paused) {
          held.push(e.data);
          say("paused: " + held.length + " new line" + (held.length === 1 ? "" : "s") + " held");
        }
        else add(e.data);
      });
    }

    if (pause) pause.addEventListener("click", function () {
      paused = !paused;
      pause.textContent = paused ? "Resume" : "Pause";
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      if (!paused) { held.splice(0).forEach(add); say("live: new lines appear as they are written"); }
      else say("paused");
    });
    if (text) text.addEventListener("input", function () {
      log.querySelectorAll(".ll").forEach(function (el) { el.classList.toggle("hidden", !matches(el)); });
    });
    log.scrollTop = log.scrollHeight;
    connect();
  });
})();

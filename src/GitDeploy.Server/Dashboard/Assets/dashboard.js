// GitDeploy dashboard: what every page does with scripts on. Pages work without it (reload to see changes).
// - times in the reader's zone (the server writes UTC), UTC on hover;
// - htmx's live refreshes pause while a confirmation is open or a field has focus;
// - a refresh answered 401 (the session ended) reloads the page, which leads to sign-in;
// - a streaming log follows its end unless the reader scrolled up.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  var zone = (function () {
    try {
      var part = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(new Date())
        .filter(function (p) { return p.type === "timeZoneName"; })[0];
      return part ? part.value : "";
    } catch (e) { return ""; }
  })();

  function local(d, precise) {
    var t = two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
    if (precise) return t + "." + String(d.getMilliseconds()).padStart(3, "0");
    var today = new Date();
    var sameDay = d.toDateString() === today.toDateString();
    var date = d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
    return (sameDay ? "today " : date + " ") + t + (zone ? " " + zone : "");
  }

  function utc(d) { return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC"); }

  function localize(root) {
    (root || document).querySelectorAll("time.ts[datetime]:not([data-local])").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (isNaN(d)) return;
      el.setAttribute("data-local", "1");
      if (el.hasAttribute("data-ago")) el.title = local(d, false) + " · " + utc(d);
      else {
        el.textContent = local(d, el.hasAttribute("data-precise"));
        el.title = utc(d);
      }
    });
  }
  window.gdLocalize = localize;

  function nearBottom(el) { return el.scrollHeight - el.scrollTop - el.clientHeight < 40; }

  document.addEventListener("DOMContentLoaded", function () {
    localize(document);
    document.querySelectorAll(".follow").forEach(function (el) { el.scrollTop = el.scrollHeight; });
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    // A poll must not close a confirmation the reader has open, or take a field from under the cursor.
    var target = e.detail.target || e.target;
    if (!target || e.detail.requestConfig && e.detail.requestConfig.verb !== "get") return;
    if (target.querySelector("details[open]") ||
        target.contains(document.activeElement) && document.activeElement !== document.body)
      e.preventDefault();
  });
  // After any swap (an outerHTML swap replaces the element the event names): whatever is new in the page.
  document.addEventListener("htmx:afterSettle", function () { localize(document); });
  document.addEventListener("htmx:oobAfterSwap", function () { localize(document); });
  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 401) window.location.reload();
  });

  // Deploy logs streamed by htmx's SSE extension: keep the end in view while the reader is there.
  var stick = new WeakMap();
  document.addEventListener("htmx:sseBeforeMessage", function (e) {
    var log = document.getElementById("deploy-log");
    if (log) stick.set(log, nearBottom(log));
  });
  document.addEventListener("htmx:sseMessage", function () {
    var log = document.getElementById("deploy-log");
    if (log && stick.get(log) !== false) log.scrollTop = log.scrollHeight;
  });
})();

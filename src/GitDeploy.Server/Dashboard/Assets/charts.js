// The metrics page's charts (uPlot): per environment, requests a second by status class, and latency
// p50/p95/p99, one point a minute; releases going live are dashed vertical lines labelled with their tag.
// The data comes with the page (a JSON block) and is fetched again every 30 s. window.gdCharts holds the
// charts (tests read it).
(function () {
  "use strict";
  var charts = window.gdCharts = [];
  var css = getComputedStyle(document.documentElement);
  var color = function (name, fallback) { return (css.getPropertyValue(name) || "").trim() || fallback; };
  var COLORS = { all: color("--text", "#1c2430"), s2: color("--ok", "#127a45"), s3: color("--info", "#2456b8"),
    s4: color("--warn", "#9a5b00"), s5: color("--bad", "#b42318"), accent: color("--accent", "#2f6fde") };

  function markersPlugin(holder, labelled) {
    function draw(u) {
      holder.markers.forEach(function (m) { if (m.el) m.el.remove(); });
      holder.markers.forEach(function (m, i) {
        var x = u.valToPos(m.time, "x");
        if (x < 0 || x > u.bbox.width / devicePixelRatio) { m.el = null; return; }
        var el = document.createElement("div");
        el.className = "deploy-marker";
        el.setAttribute("data-tag", m.tag);
        el.style.left = (u.over.offsetLeft + x) + "px";
        el.style.top = u.over.offsetTop + "px";
        el.style.height = u.over.clientHeight + "px";
        el.title = m.tag + " went live (" + m.trigger + " by " + m.actor + ", deploy #" + m.deploy + ")";
        if (labelled) {
          var label = document.createElement("span");
          label.textContent = m.tag;
          label.title = el.title;
          label.style.top = (i % 3) * 15 + "px"; // neighbours' labels step down instead of covering each other
          el.appendChild(label);
        }
        u.root.appendChild(el);
        m.el = el;
      });
    }
    return { hooks: { draw: draw } };
  }

  function make(box, title, series, data, holder, yLabel, labelled) {
    var wrap = document.createElement("div");
    var h = document.createElement("h4");
    h.textContent = title;
    wrap.appendChild(h);
    box.appendChild(wrap);
    var opts = {
      width: Math.max(280, box.clientWidth), height: 200, series: [{}].concat(series),
      axes: [{ stroke: COLORS.all, grid: { stroke: "rgba(128,128,128,.15)" } },
             { stroke: COLORS.all, grid: { stroke: "rgba(128,128,128,.15)" }, label: yLabel, size: 56 }],
      // to the end of the current minute, so a release that went live just now is in view
      scales: { x: { time: true, range: function (u, min, max) { return [min, max + 60]; } } },
      legend: { live: true },
      plugins: [markersPlugin(holder, labelled)],
    };
    return new uPlot(opts, data, wrap);
  }

  function columns(c) {
    return {
      req: [c.time, c.rps, c.rps2xx, c.rps3xx, c.rps4xx, c.rps5xx],
      lat: [c.time, c.p50, c.p95, c.p99],
    };
  }

  function build(box) {
    var raw = document.getElementById(box.getAttribute("data-src"));
    if (!raw || !window.uPlot) return;
    var payload = JSON.parse(raw.textContent);
    var holder = {
      env: box.getAttribute("data-chart"),
      markers: payload.markers.slice(),
      requests: payload.chart.requests,
    };
    var cols = columns(payload.chart);
    // Requests: a value every minute (0 when idle), as lines. Latency: only minutes with requests, so points too.
    var line = function (label, stroke, width) {
      return { label: label, stroke: stroke, width: width || 1.5, points: { show: false } };
    };
    var dots = function (label, stroke) {
      return { label: label, stroke: stroke, width: 1.5, points: { show: true, size: 5 } };
    };
    holder.req = make(box, "Requests a second", [line("all", COLORS.all, 2), line("2xx", COLORS.s2),
      line("3xx", COLORS.s3), line("4xx", COLORS.s4), line("5xx", COLORS.s5)], cols.req, holder, "req/s", true);
    holder.latMarkers = { markers: payload.markers.map(function (m) { return Object.assign({}, m); }) };
    holder.lat = make(box, "Latency (ms)", [dots("p50", COLORS.s2), dots("p95", COLORS.s4), dots("p99", COLORS.s5)],
      cols.lat, holder.latMarkers, "ms", false);
    holder.data = payload.chart;
    charts.push(holder);
    new ResizeObserver(function () {
      var w = Math.max(280, box.clientWidth);
      holder.req.setSize({ width: w, height: 200 });
      holder.lat.setSize({ width: w, height: 200 });
    }).observe(box);
    return holder;
  }

  function refresh() {
    var first = document.querySelector(".chart[data-data-url]");
    if (!first) return;
    fetch(first.getAttribute("data-data-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (r.status === 401) window.location.reload(); return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        body.envs.forEach(function (e) {
          var h = charts.filter(function (c) { return c.env === e.env; })[0];
          if (!h) return;
          var cols = columns(e.chart);
          [h.markers, h.latMarkers.markers].forEach(function (list) {
            list.forEach(function (m) { if (m.el) m.el.remove(); });
            list.length = 0;
            e.markers.forEach(function (m) { list.push(Object.assign({}, m)); });
          });
          h.requests = e.chart.requests;
          h.data = e.chart;
          h.req.setData(cols.req);
          h.lat.setData(cols.lat);
        });
      })
      .catch(function () { /* the next round tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart[data-src]").forEach(build);
    setInterval(refresh, 30000);
  });
})();

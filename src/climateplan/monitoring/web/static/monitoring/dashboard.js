// The monitoring dashboard's charts, drawn from the page's chart data
// (<script type="application/json" id="dashboard-chart-data">); no inline script.
(function () {
  "use strict";

  function wrap(text, width) {
    var words = String(text || "").replace(/ \(/g, "\u0000(").split(/[ \u0000]/);
    var lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    return lines.join("<br>");
  }

  // The legend goes below the axis title; the chart grows with its entries (one a row
  // on a phone) so that the legend never covers the plot.
  function layout(title, yTitle, xTitle, narrow, extra, entries) {
    var n = entries || 0;
    var rows = narrow ? n : Math.ceil(n / 2);
    var margin = narrow ? { l: 52, r: 8, t: 60, b: 40 } : { l: 70, r: 16, t: 50, b: 48 };
    var height = (narrow ? 320 : 380) + 20 * rows;
    var plotArea = Math.max(height - margin.t - margin.b - 20 * rows, 160);
    var base = {
      title: { text: narrow ? wrap(title, 34) : title, font: { size: narrow ? 13 : 15 } },
      margin: margin,
      height: height,
      legend: { orientation: "h", yanchor: "top", y: -(narrow ? 64 : 72) / plotArea, x: 0, xanchor: "left",
        font: { size: narrow ? 10 : 12 } },
      xaxis: { title: { text: xTitle || "" }, type: "category", automargin: true, tickangle: 0 },
      yaxis: { title: { text: yTitle || "", font: { size: narrow ? 11 : 13 } }, rangemode: "tozero",
        separatethousands: true, automargin: true },
      font: { size: narrow ? 10 : 12 },
      separators: ".,",
      barmode: "group",
    };
    Object.keys(extra || {}).forEach(function (k) { base[k] = extra[k]; });
    return base;
  }

  var draw = {
    statuses: function (d, narrow) {
      var s = d.statuses;
      return {
        data: [{ type: "bar", orientation: "h", y: s.labels, x: s.values, marker: { color: s.colours },
          hovertemplate: "%{y}: %{x}<extra></extra>" }],
        layout: layout(s.title, "", s.axis, narrow, {
          yaxis: { type: "category", autorange: "reversed", automargin: true },
          xaxis: { title: { text: s.axis }, rangemode: "tozero", automargin: true,
            dtick: Math.max.apply(null, s.values.concat([1])) <= 10 ? 1 : null },
          showlegend: false,
        }),
      };
    },
    budget: function (d, narrow) {
      var b = d.budget, colours = ["#9ecae1", "#3182bd", "#08519c"];
      var data = [b.planned, b.funded, b.disbursed].map(function (values, i) {
        return { type: "bar", name: b.names[i], x: b.years, y: values, marker: { color: colours[i] },
          hovertemplate: b.names[i] + ": %{y:,.0f}<extra></extra>" };
      });
      return { data: data, layout: layout(b.title, b.axis, b.year_title, narrow, {}, 3) };
    },
    reductions: function (d, narrow) {
      var r = d.reductions;
      return {
        data: [
          { type: "bar", name: r.names[1], x: r.years, y: r.achieved, marker: { color: "#31a354" },
            hovertemplate: r.names[1] + ": %{y:,.0f}<extra></extra>" },
          { type: "scatter", mode: "lines+markers", name: r.names[0], x: r.years, y: r.planned, connectgaps: true,
            line: { color: "#222", dash: "dash", width: 2 }, hovertemplate: r.names[0] + ": %{y:,.0f}<extra></extra>" },
        ],
        layout: layout(r.title, r.axis, r.year_title, narrow, {}, 2),
      };
    },
    completeness: function (d, narrow) {
      var c = d.completeness, colours = ["#9ecae1", "#31a354"];
      var data = [c.received, c.accepted].map(function (values, i) {
        return { type: "bar", name: c.names[i], x: c.periods, y: values, marker: { color: colours[i] },
          hovertemplate: c.names[i] + ": %{y:.0f} %<extra></extra>" };
      });
      var l = layout(c.title, c.axis, c.period_title, narrow, {}, 2);
      l.yaxis.range = [0, 100];
      l.yaxis.rangemode = "normal";
      return { data: data, layout: l };
    },
    ex_post: function (d, narrow) {
      var e = d.ex_post, dashes = ["dot", "dashdot", "longdash"];
      var data = [
        { type: "scatter", mode: "markers", name: e.names[0], x: e.years, y: e.actual,
          marker: { size: 11, color: "#de2d26" }, hovertemplate: e.names[0] + ": %{y:,.0f}<extra></extra>" },
        { type: "scatter", mode: "lines+markers", name: e.names[1], x: e.years, y: e.bau,
          line: { color: "#222", dash: "dash" }, hovertemplate: e.names[1] + ": %{y:,.0f}<extra></extra>" },
        { type: "scatter", mode: "lines+markers", name: e.names[2], x: e.years, y: e.plan,
          line: { color: "#3182bd" }, hovertemplate: e.names[2] + ": %{y:,.0f}<extra></extra>" },
      ];
      e.paths.forEach(function (p, i) {
        data.push({ type: "scatter", mode: "lines+markers", name: p.name, x: e.years, y: p.values,
          line: { color: "#31a354", dash: dashes[i % dashes.length] }, hovertemplate: p.name + ": %{y:,.0f}<extra></extra>" });
      });
      var l = layout(e.title, e.axis, e.year_title, narrow, { hovermode: "x unified" }, data.length);
      l.yaxis.rangemode = "normal";  // the gaps are small against the totals
      return { data: data, layout: l };
    },
  };

  function render() {
    var node = document.getElementById("dashboard-chart-data");
    if (!node || !window.Plotly) { return; }
    var d = JSON.parse(node.textContent);
    var narrow = window.matchMedia("(max-width: 640px)").matches;
    document.querySelectorAll("[data-dashboard-chart]").forEach(function (el) {
      var kind = el.getAttribute("data-dashboard-chart");
      if (!draw[kind] || !d[kind]) { return; }
      var fig = draw[kind](d, narrow);
      window.Plotly.newPlot(el, fig.data, fig.layout, { displaylogo: false, responsive: true,
        modeBarButtonsToRemove: ["lasso2d", "select2d"] });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();

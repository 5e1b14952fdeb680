// The review's charts, drawn from the page's chart data
// (<script type="application/json" id="review-chart-data">); no inline script.
(function () {
  "use strict";

  function wrap(text, width) {
    var lines = [], line = "";
    String(text || "").split(" ").forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    return lines.join("<br>");
  }

  function layout(title, yTitle, narrow, entries) {
    var rows = narrow ? entries : Math.ceil(entries / 2);
    var margin = narrow ? { l: 56, r: 8, t: 56, b: 40 } : { l: 76, r: 16, t: 48, b: 48 };
    var height = (narrow ? 320 : 380) + 20 * rows;
    var plotArea = Math.max(height - margin.t - margin.b - 20 * rows, 160);
    return {
      title: { text: title, font: { size: narrow ? 13 : 15 } },
      margin: margin,
      height: height,
      legend: { orientation: "h", yanchor: "top", y: -(narrow ? 64 : 72) / plotArea, x: 0, xanchor: "left",
        font: { size: narrow ? 10 : 12 } },
      xaxis: { type: "category", automargin: true, tickangle: 0 },
      yaxis: { title: { text: yTitle || "" }, rangemode: "tozero", separatethousands: true, automargin: true },
      font: { size: narrow ? 10 : 12 },
      separators: ".,",
      barmode: "group",
    };
  }

  var styles = {
    actual: { mode: "lines+markers", line: { color: "#111", width: 3 }, marker: { size: 9 } },
    bau: { mode: "lines", line: { color: "#999", dash: "dot", width: 2 } },
    plan: { mode: "lines", line: { color: "#3182bd", width: 2 } },
    path: { mode: "lines", line: { color: "#31a354", dash: "dash", width: 2 } },
  };

  var draw = {
    trend: function (d, narrow) {
      var t = d.trend;
      var data = t.series.map(function (s) {
        var style = styles[s.kind] || styles.path;
        return Object.assign({ type: "scatter", name: s.name, x: t.years, y: s.values, connectgaps: true,
          hovertemplate: s.name + ": %{y:,.0f}<extra></extra>" }, style);
      });
      return { data: data, layout: layout(t.title, t.axis, narrow, data.length) };
    },
    reductions: function (d, narrow) {
      var r = d.reductions;
      var data = [
        { type: "bar", name: r.names[0], x: r.labels, y: r.planned, marker: { color: "#bdbdbd" },
          hovertemplate: r.names[0] + ": %{y:,.0f}<extra></extra>" },
        { type: "bar", name: r.names[1], x: r.labels, y: r.achieved, marker: { color: "#31a354" },
          hovertemplate: r.names[1] + ": %{y:,.0f}<extra></extra>" },
      ];
      return { data: data, layout: layout(r.title, r.axis, narrow, 2) };
    },
    budget: function (d, narrow) {
      var b = d.budget, colours = ["#9ecae1", "#3182bd", "#08519c"];
      var data = [b.planned, b.funded, b.disbursed].map(function (values, i) {
        return { type: "bar", name: b.names[i], x: b.labels, y: values, marker: { color: colours[i] },
          hovertemplate: b.names[i] + ": %{y:,.0f}<extra></extra>" };
      });
      if (narrow) {
        var labels = b.labels.map(function (label) { return wrap(label, 12); });
        data.forEach(function (trace) { trace.x = labels; });
      }
      return { data: data, layout: layout(b.title, b.axis, narrow, 3) };
    },
  };

  function render() {
    var source = document.getElementById("review-chart-data");
    if (!source || !window.Plotly) { return; }
    var d = JSON.parse(source.textContent);
    var narrow = window.innerWidth < 700;
    document.querySelectorAll("[data-review-chart]").forEach(function (el) {
      var make = draw[el.getAttribute("data-review-chart")];
      if (!make) { return; }
      var fig = make(d, narrow);
      window.Plotly.react(el, fig.data, fig.layout, { displaylogo: false, responsive: true,
        modeBarButtonsToRemove: ["lasso2d", "select2d"] });
    });
  }

  document.addEventListener("DOMContentLoaded", render);
})();

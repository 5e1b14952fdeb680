// The reduction section's charts, drawn from the stored result's chart data
// (<script type="application/json" id="reduction-chart-data">), and confirmation of
// destructive buttons (data-confirm): no inline script (Content-Security-Policy).
(function () {
  "use strict";

  var PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];

  // Break a title into lines of about `width` characters, at spaces or before an
  // opening bracket (Thai titles have few spaces).
  function wrap(text, width) {
    var words = String(text || "").replace(/ \(/g, "\u0000(").split(/[ \u0000]/);
    var lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    return lines.join("<br>");
  }

  function short(text, n) {
    text = String(text || "");
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  // The legend goes below the plot; on a phone the chart grows with its entries so the
  // legend never eats the plot, and the long names are shortened there (hover: in full).
  function layout(title, yTitle, xTitle, narrow, entries) {
    var n = entries || 0;
    var margin = narrow ? { l: 52, r: 8, t: 56, b: 40 } : { l: 64, r: 16, t: 48, b: 48 };
    var height = narrow ? 320 + 22 * n : 400 + (n > 4 ? 18 * (n - 4) : 0);
    // the legend starts below the tick labels and the axis title (about 64 px under the plot)
    var plotArea = Math.max(height - margin.t - margin.b - 22 * n, 160);
    return {
      title: { text: narrow ? wrap(title, 34) : title, font: { size: narrow ? 13 : 15 } },
      margin: margin,
      height: height,
      legend: { orientation: "h", yanchor: "top", y: -(narrow ? 64 : 72) / plotArea, x: 0, xanchor: "left",
        font: { size: narrow ? 10 : 12 } },
      xaxis: { title: { text: xTitle || "" }, type: "category", nticks: narrow ? 5 : 10, tickangle: 0,
        automargin: true },
      yaxis: { title: { text: yTitle || "", font: { size: narrow ? 11 : 13 } }, rangemode: "tozero",
        separatethousands: true, automargin: true },
      font: { size: narrow ? 10 : 12 },
      hovermode: "x unified",
      separators: ".,",
    };
  }

  function legendName(name, narrow) { return narrow ? short(name, 42) : name; }

  function sectors(d, narrow) {
    var traces = d.sectors.map(function (s) {
      return {
        type: "scatter", mode: "lines", stackgroup: "plan", name: legendName(s.name, narrow), x: d.year_labels,
        y: s.plan, line: { width: 0.5, color: s.colour }, fillcolor: s.colour,
        hovertemplate: s.name + ": %{y:,.0f}<extra></extra>",
      };
    });
    traces.push({ type: "scatter", mode: "lines", name: d.bau.name, x: d.year_labels,
      y: d.bau.values, line: { color: "#222", dash: "dash", width: 2 },
      hovertemplate: d.bau.name + ": %{y:,.0f}<extra></extra>" });
    return { data: traces, layout: layout(d.titles.sectors, d.unit, d.year_title, narrow, traces.length) };
  }

  function wedges(d, narrow) {
    // the reduction of each measure, stacked (their top is the plan's whole reduction)
    var traces = d.wedges.map(function (w, i) {
      var c = PALETTE[i % PALETTE.length];
      return { type: "scatter", mode: "lines", stackgroup: "w", name: legendName(w.name, narrow), x: d.year_labels,
        y: w.values, line: { width: 0.5, color: c }, fillcolor: c,
        hovertemplate: w.name + ": %{y:,.0f}<extra></extra>" };
    });
    return { data: traces, layout: layout(d.titles.wedges, d.unit, d.year_title, narrow, traces.length) };
  }

  function targetName(t, d) { return t["name_" + d.lang] || t.label || t.name; }

  function gap(d, narrow) {
    var traces = d.targets.map(function (t) {
      var name = targetName(t, d);
      var label = t.other_basis && !narrow ? t.label : name;
      return { type: "scatter", mode: "lines+markers", name: legendName(label, narrow), x: d.year_labels, y: t.gap,
        marker: { size: 4 }, hovertemplate: name + ": %{y:,.0f}<extra></extra>" };
    });
    var l = layout(d.titles.gap, d.unit, d.year_title, narrow, traces.length);
    l.yaxis.rangemode = "normal";
    l.yaxis.zeroline = true;
    l.yaxis.zerolinecolor = "#222";
    return { data: traces, layout: l };
  }

  function macc(d, narrow) {
    // one bar per measure: its width is the abatement, its height the cost per tonne;
    // the measure is named in the legend and on hover (no text inside the bars)
    var bars = d.macc.bars;
    var traces = bars.map(function (b, i) {
      var c = PALETTE[i % PALETTE.length];
      return {
        type: "bar", name: legendName(b.name, narrow), x: [b.x_start + b.width / 2], width: [b.width], y: [b.cost],
        marker: { color: c, line: { color: "#fff", width: 1 } },
        hovertemplate: b.name + "<br>" + d.macc.y_title + ": %{y:,.0f}<br>" + d.macc.x_title + ": " +
          Math.round(b.width).toLocaleString("en") + "<extra></extra>",
      };
    });
    var l = layout(d.macc.title, d.macc.y_title, d.macc.x_title, narrow, traces.length);
    l.xaxis = { title: { text: d.macc.x_title }, rangemode: "tozero", separatethousands: true, automargin: true,
      nticks: narrow ? 5 : 10 };
    l.hovermode = "closest";
    l.barmode = "overlay";
    l.yaxis.rangemode = "normal";
    l.yaxis.zeroline = true;
    l.yaxis.zerolinecolor = "#222";
    l.showlegend = true;
    return { data: traces, layout: l };
  }

  function perCapita(d, narrow) {
    var pc = d.per_capita;
    return {
      data: [
        { type: "scatter", mode: "lines", name: d.bau.name, x: d.year_labels, y: pc.bau, line: { color: "#222", dash: "dash" } },
        { type: "scatter", mode: "lines", name: d.plan.name, x: d.year_labels, y: pc.plan, line: { color: "#2b8cbe" } },
      ],
      layout: layout(pc.unit, pc.unit, d.year_title, narrow, 2),
    };
  }

  var BUILD = { sectors: sectors, wedges: wedges, gap: gap, macc: macc, per_capita: perCapita };

  function render() {
    var source = document.getElementById("reduction-chart-data");
    if (!source || typeof Plotly === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-reduction-chart]").forEach(function (el) {
      var build = BUILD[el.dataset.reductionChart];
      if (!build || el.dataset.rendered) { return; }
      var fig = build(data, el.clientWidth < 480);
      el.dataset.rendered = "1";
      Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d"] });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  });

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();

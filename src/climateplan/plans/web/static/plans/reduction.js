// The reduction section's charts, drawn from the stored result's chart data
// (<script type="application/json" id="reduction-chart-data">), and confirmation of
// destructive buttons (data-confirm): no inline script (Content-Security-Policy).
(function () {
  "use strict";

  function layout(title, yTitle, xTitle) {
    return {
      title: { text: title, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 48, b: 48 },
      height: 400,
      legend: { orientation: "h", yanchor: "top", y: -0.32 },
      xaxis: { title: { text: xTitle || "" }, type: "category", nticks: 10 },
      yaxis: { title: { text: yTitle || "" }, rangemode: "tozero", separatethousands: true },
      hovermode: "x unified",
      separators: ".,",
    };
  }

  function sectors(d) {
    var traces = d.sectors.map(function (s) {
      return {
        type: "scatter", mode: "lines", stackgroup: "plan", name: s.name, x: d.year_labels,
        y: s.plan, line: { width: 0.5, color: s.colour }, fillcolor: s.colour,
      };
    });
    traces.push({ type: "scatter", mode: "lines", name: d.bau.name, x: d.year_labels,
      y: d.bau.values, line: { color: "#222", dash: "dash", width: 2 } });
    return { data: traces, layout: layout(d.titles.sectors, d.unit, d.year_title) };
  }

  function wedges(d) {
    // the reduction of each measure, stacked (their top is the plan's whole reduction)
    var palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
    var traces = d.wedges.map(function (w, i) {
      var c = palette[i % palette.length];
      return { type: "scatter", mode: "lines", stackgroup: "w", name: w.name, x: d.year_labels,
        y: w.values, line: { width: 0.5, color: c }, fillcolor: c };
    });
    return { data: traces, layout: layout(d.titles.wedges, d.unit, d.year_title) };
  }

  function gap(d) {
    var traces = d.targets.map(function (t) {
      return { type: "scatter", mode: "lines+markers", name: t.label, x: d.year_labels, y: t.gap,
        marker: { size: 4 } };
    });
    var l = layout(d.titles.gap, d.unit, d.year_title);
    l.yaxis.rangemode = "normal";
    l.yaxis.zeroline = true;
    l.yaxis.zerolinecolor = "#222";
    return { data: traces, layout: l };
  }

  function macc(d) {
    var bars = d.macc.bars;
    var total = bars.reduce(function (sum, b) { return Math.max(sum, b.x_start + b.width); }, 0);
    var l = layout(d.macc.title, d.macc.y_title, d.macc.x_title);
    l.xaxis = { title: { text: d.macc.x_title }, rangemode: "tozero", separatethousands: true };
    l.hovermode = "closest";
    l.yaxis.rangemode = "normal";
    l.showlegend = false;
    return {
      data: [{
        type: "bar", x: bars.map(function (b) { return b.x_start + b.width / 2; }),
        width: bars.map(function (b) { return b.width; }), y: bars.map(function (b) { return b.cost; }),
        // names inside the bars wide enough to read them; every name on hover
        text: bars.map(function (b) { return b.width >= total / 8 ? b.name : ""; }),
        customdata: bars.map(function (b) { return b.name; }), textposition: "inside",
        insidetextanchor: "middle", hovertemplate: "%{customdata}<br>%{y:,.0f}<extra></extra>",
        marker: { color: bars.map(function (b) { return b.cost < 0 ? "#31a354" : "#de7b26"; }), line: { color: "#fff", width: 1 } },
      }],
      layout: l,
    };
  }

  function perCapita(d) {
    var pc = d.per_capita;
    return {
      data: [
        { type: "scatter", mode: "lines", name: d.bau.name, x: d.year_labels, y: pc.bau, line: { color: "#222", dash: "dash" } },
        { type: "scatter", mode: "lines", name: d.plan.name, x: d.year_labels, y: pc.plan, line: { color: "#2b8cbe" } },
      ],
      layout: layout(pc.unit, pc.unit, d.year_title),
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
      var fig = build(data);
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

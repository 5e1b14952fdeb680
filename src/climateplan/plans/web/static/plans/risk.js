// Charts of the plan's risk section: hazard and sector bars, and the district map
// (filled shapes drawn with scatter traces, which plotly.js's basic bundle has).
// Data: json_script "risk-charts" (climateplan.plans.risk.chart_data) and
// "risk-geojson" (climateplan.plans.risk.map_geojson); labels come translated.
(function () {
  "use strict";
  var CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function bars(el, chart) {
    if (!chart || !chart.values || !chart.values.length) { el.hidden = true; return; }
    var n = chart.values.length;
    // On a phone the names go above their bars (they would take half the width beside them).
    var narrow = el.clientWidth < 560;
    var labels = chart.labels.slice().reverse();
    var values = chart.values.slice().reverse();
    var classes = chart.classes.slice().reverse();
    var trace = {
      type: "bar", orientation: "h",
      y: labels,
      x: values,
      text: values.map(function (v, i) {
        return (v === null ? "–" : v.toFixed(1)) + " · " + (classes[i] || "");
      }),
      textposition: "auto",
      hovertemplate: "%{y}: %{x:.2f}<extra></extra>",
      marker: { color: chart.colours.slice().reverse(), line: { color: "#555", width: 0.5 } },
      width: narrow ? 0.5 : 0.8
    };
    var layout = {
      title: {
        text: narrow ? chart.title.replace(" – ", "<br>").replace(": ", ":<br>") : chart.title,
        font: { size: narrow ? 12 : 14 }
      },
      xaxis: { range: chart.range, title: { text: chart.axis_title }, fixedrange: true },
      yaxis: { automargin: true, fixedrange: true, showticklabels: !narrow },
      margin: { l: 10, r: 10, t: narrow ? 70 : 48, b: 48 },
      height: (narrow ? 110 : 90) + (narrow ? 46 : 34) * n,
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      annotations: narrow ? labels.map(function (label) {
        return {
          x: 0, y: label, xref: "x", yref: "y", xanchor: "left", yanchor: "bottom",
          yshift: 8, text: label, showarrow: false, font: { size: 11 }
        };
      }) : []
    };
    Plotly.newPlot(el, [trace], layout, CONFIG);
  }

  function rings(geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var x = [], y = [];
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        ring.forEach(function (p) { x.push(p[0]); y.push(p[1]); });
        x.push(null); y.push(null);
      });
    });
    return { x: x, y: y };
  }

  function drawMap(el, charts, geo, select) {
    if (!geo || !geo.features || !geo.features.length) { el.hidden = true; return; }
    var districts = charts.districts;
    var indicator = null;
    if (districts && districts.indicators && districts.indicators.length) {
      var wanted = select ? select.value : null;
      indicator = districts.indicators.filter(function (d) { return d.indicator === wanted; })[0] ||
        districts.indicators[0];
    }
    var overall = el.dataset.overall;
    var overallClass = (charts.classes || []).filter(function (c) { return c.id === overall; })[0];
    var noData = "#d9d9d9";
    var byCode = {};
    if (indicator) {
      indicator.locations.forEach(function (code, i) {
        byCode[code] = {
          name: indicator.names[i], value: indicator.values[i], score: indicator.scores[i],
          colour: indicator.colours ? indicator.colours[i] : null
        };
      });
    }
    var lat = 0, count = 0;
    var traces = geo.features.map(function (f) {
      var xy = rings(f.geometry);
      xy.y.forEach(function (v) { if (v !== null) { lat += v; count += 1; } });
      var name = document.documentElement.lang === "th" ? f.properties.name_th : f.properties.name_en;
      var colour, text;
      if (indicator) {
        var row = byCode[f.id];
        colour = row && row.colour ? row.colour : noData;  // the class colour the core gives
        text = name + "<br>" + indicator.name + ": " +
          (row && row.value !== null ? row.value.toFixed(1) + " " + indicator.unit : "–") +
          "<br>" + (row && row.score !== null ? row.score.toFixed(1) + " / 10" : "");
      } else {
        colour = overallClass ? overallClass.colour : noData;
        text = name + (overallClass ? "<br>" + overallClass.label : "");
      }
      return {
        type: "scatter", mode: "lines", x: xy.x, y: xy.y, fill: "toself",
        fillcolor: colour, line: { color: "#ffffff", width: 1 },
        hoveron: "fills", hoverinfo: "text", text: text, name: name, showlegend: false
      };
    });
    lat = count ? lat / count : 13;
    var narrow = el.clientWidth < 560;
    var title = indicator ? districts.title + "<br><sub>" + indicator.name + "</sub>" :
      (el.dataset.title || charts.province);
    var aspect = districts && districts.aspect ? districts.aspect : 1 / Math.cos(lat * Math.PI / 180);
    var layout = {
      title: {
        text: narrow ? title.replace(" – ", "<br>") : title,
        font: { size: narrow ? 12 : 14 }
      },
      xaxis: { visible: false, fixedrange: true },
      yaxis: { visible: false, fixedrange: true, scaleanchor: "x", scaleratio: aspect },
      margin: { l: 5, r: 5, t: narrow ? 64 : 56, b: 5 }, height: narrow ? 400 : 480,
      hovermode: "closest",
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)"
    };
    Plotly.react(el, traces, layout, CONFIG);
  }

  function render() {
    if (typeof Plotly === "undefined") { return; }
    var charts = data("risk-charts");
    if (!charts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      bars(el, charts[el.dataset.chart]);
    });
    var mapEl = document.getElementById("chart-map");
    if (mapEl) {
      var geo = data("risk-geojson");
      var select = document.getElementById("risk-map-indicator");
      if (select && charts.districts) {
        charts.districts.indicators.forEach(function (d) {
          var option = document.createElement("option");
          option.value = d.indicator;
          option.textContent = d.name + " (" + d.unit + ")";
          select.appendChild(option);
        });
        select.addEventListener("change", function () { drawMap(mapEl, charts, geo, select); });
      }
      drawMap(mapEl, charts, geo, select);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();

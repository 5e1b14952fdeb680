// Adaptation section: interactive charts from the stored result, the live weight sum,
// preset weights filled in, extra form rows, and a confirmation before deleting.
(function () {
  "use strict";

  function code(label) { return String(label).split(" ")[0]; }

  function plotCharts() {
    var source = document.getElementById("adaptation-charts");
    if (!source || typeof Plotly === "undefined") { return; }
    var figures = JSON.parse(source.textContent);
    document.querySelectorAll("[data-adapt-figure]").forEach(function (el) {
      var fig = figures[el.dataset.adaptFigure];
      if (!fig || el.dataset.rendered) { return; }
      el.dataset.rendered = "1";
      var narrow = window.innerWidth < 600;
      var data = fig.data;
      var layout = Object.assign({}, fig.layout, { autosize: true, font: { family: "inherit", size: narrow ? 10 : 12 } });
      if (narrow) {
        // on a phone the bars keep the width: action codes only (the tables give the names)
        data = data.map(function (trace) {
          if (trace.orientation !== "h") { return trace; }
          return Object.assign({}, trace, { y: trace.y.map(code) });
        });
        if (layout.yaxis && layout.yaxis.categoryarray) {
          layout.yaxis = Object.assign({}, layout.yaxis, { categoryarray: layout.yaxis.categoryarray.map(code) });
        }
        // the legend in rows below the axis title (not over it), the chart taller by its
        // legend rows, narrow margins, the title on two lines if long
        var names = data.filter(function (t) { return t.showlegend !== false && t.name; })
          .map(function (t) { return String(t.name); });
        var longest = names.reduce(function (m, n) { return Math.max(m, n.length); }, 0);
        var columns = longest > 18 ? 1 : 2;  // long names one a row (side by side they overlap)
        var rows = Math.ceil(names.length / columns);
        var plotHeight = layout.height || 420;
        layout.height = plotHeight + 20 * rows;
        layout.legend = Object.assign({}, layout.legend, {
          orientation: "h", x: 0, xanchor: "left", y: -(40 + 20) / plotHeight - 0.08, yanchor: "top",
          font: { size: 10 }, entrywidth: 1 / columns, entrywidthmode: "fraction",
        });
        layout.margin = Object.assign({}, layout.margin, { l: 8, r: 20, t: 48 });
        layout.xaxis = Object.assign({}, layout.xaxis, { automargin: true });
        layout.yaxis = Object.assign({}, layout.yaxis, { automargin: true });
        if (layout.title) {
          var title = typeof layout.title === "string" ? { text: layout.title } : Object.assign({}, layout.title);
          title.text = String(title.text || "").replace(/ \(/, "<br>(").replace(/: /, ":<br>");
          title.font = Object.assign({}, title.font, { size: 12 });
          layout.title = title;
        }
      }
      Plotly.newPlot(el, data, layout, { responsive: true, displaylogo: false, displayModeBar: false });
    });
  }

  function weights() {
    var form = document.getElementById("weights-form");
    if (!form) { return; }
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input.weight"));
    var sumCell = document.getElementById("weight-sum");
    var zero = document.getElementById("weight-zero");
    var presetsEl = document.getElementById("weight-presets");
    var presets = presetsEl ? JSON.parse(presetsEl.textContent) : {};

    function update() {
      var sum = 0;
      inputs.forEach(function (input) {
        var v = parseFloat(input.value);
        if (isFinite(v) && v > 0) { sum += v; }
      });
      sumCell.textContent = sum.toLocaleString();
      zero.hidden = sum > 0;
      inputs.forEach(function (input) {
        var cell = form.querySelector('[data-share-of="' + input.dataset.criterion + '"]');
        var v = parseFloat(input.value);
        if (cell) { cell.textContent = sum > 0 && isFinite(v) ? (100 * v / sum).toFixed(0) + " %" : ""; }
      });
      var submit = document.getElementById("save-weights");
      if (submit) { submit.disabled = !(sum > 0); }
    }

    function choose() {
      var chosen = form.querySelector('input[name="weights_preset"]:checked');
      var custom = chosen && chosen.value === "custom";
      inputs.forEach(function (input) {
        var id = input.dataset.criterion;
        if (!custom && presets[chosen.value] && !id.startsWith("own-")) {
          input.value = presets[chosen.value][id] || 0;
        }
        input.readOnly = !custom;
      });
      update();
    }

    inputs.forEach(function (input) { input.addEventListener("input", update); });
    form.querySelectorAll('input[name="weights_preset"]').forEach(function (radio) {
      radio.addEventListener("change", choose);
    });
    choose();
  }

  function extraRows() {
    document.querySelectorAll("button.add-row").forEach(function (button) {
      button.addEventListener("click", function () {
        var body = document.querySelector("#" + button.dataset.table + " tbody");
        var last = body && body.lastElementChild;
        if (!last) { return; }
        var copy = last.cloneNode(true);
        copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
        copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
        body.appendChild(copy);
      });
    });
  }

  function confirmations() {
    document.querySelectorAll("form.confirm").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }

  function start() {
    weights();
    extraRows();
    confirmations();
    plotCharts();
    window.addEventListener("load", plotCharts);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

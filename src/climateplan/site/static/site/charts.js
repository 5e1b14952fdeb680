// Render every Plotly figure of the page: <div data-figure="ID"> + a json_script with that id.
(function () {
  function render() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source || el.dataset.rendered) { return; }
      var fig = JSON.parse(source.textContent);
      el.dataset.rendered = "1";
      var small = el.id !== "map";
      Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false, displayModeBar: !small });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();

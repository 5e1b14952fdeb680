// The inventory page's small behaviours, kept out of the HTML (the Content-Security-Policy
// allows no inline script): confirm before deleting, one line form open at a time, cancel.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-dismiss-row]") : null;
    if (button) {
      var row = button.closest("tr");
      if (row) { row.remove(); }
    }
  });
  // htmx: an edit link opens the form under its own line; close any other one first
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.classList && source.classList.contains("edit-line")) {
      document.querySelectorAll(".line-edit-row").forEach(function (row) { row.remove(); });
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = document.querySelector(".line-edit-row #line-form");
    if (!form) { return; }
    var wrap = form.closest(".table-wrap");
    if (wrap) { wrap.scrollLeft = 0; }  // on a phone the edit link sits at the far right
    form.scrollIntoView({ block: "nearest" });
  });
})();

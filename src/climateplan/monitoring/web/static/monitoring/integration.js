/* Development plan and integration pages: "add a funding row" copies the table's last
   row, emptied; a form with data-confirm asks before it is sent. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
    document.querySelectorAll("button[data-add-row]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var body = document.querySelector("#" + button.dataset.addRow + " tbody");
        var last = body && body.lastElementChild;
        if (!last) { return; }
        var copy = last.cloneNode(true);
        copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
        copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
        body.appendChild(copy);
      });
    });
  });
})();

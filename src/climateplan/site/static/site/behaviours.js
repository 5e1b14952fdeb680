// Page behaviours without inline handlers (the Content-Security-Policy forbids them):
// <select data-autosubmit> submits its form when its value changes.
(function () {
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
})();

// Filters for the report's tables. The page is complete without this
// script: the filter bars stay hidden unless it runs, and printing shows
// every row whatever the filters say.
(function () {
  "use strict";
  document.querySelectorAll("[data-filter-for]").forEach(function (bar) {
    var table = document.getElementById(bar.getAttribute("data-filter-for"));
    if (!table || !table.tBodies.length) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var text = bar.querySelector("input");
    var status = bar.querySelector("select[name=status]");
    var severity = bar.querySelector("select[name=severity]");
    var shown = bar.querySelector("output");
    function apply() {
      var q = text.value.trim().toLowerCase();
      var n = 0;
      rows.forEach(function (row) {
        var ok = (!status.value || row.getAttribute("data-status") === status.value) &&
          (!severity.value || row.getAttribute("data-severity") === severity.value) &&
          (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
        row.hidden = !ok;
        if (ok) {
          n++;
        }
      });
      shown.textContent = n + " of " + rows.length + " shown";
    }
    [text, status, severity].forEach(function (el) {
      el.addEventListener("input", apply);
    });
    bar.hidden = false;
    apply();
  });
})();

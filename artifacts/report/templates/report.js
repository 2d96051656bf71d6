// Filters the flows of index.html by status and by the search box. Works from file://.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll('[data-testid="report-flow"]'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var search = document.querySelector('[data-testid="report-search"]');
  var empty = document.querySelector('[data-testid="report-empty"]');
  var status = "all";

  function apply() {
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (status === "all" || row.dataset.status === status) &&
        (q === "" || row.dataset.search.indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    });
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.filter === status));
    });
    empty.hidden = shown > 0;
  }

  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      status = b.dataset.filter;
      apply();
    });
  });
  search.addEventListener("input", apply);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== search) {
      e.preventDefault();
      search.focus();
    }
  });
  apply();
})();

// The screenshot checks' views: side by side, or a slider over expected and actual.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll('[data-testid="report-imagediff"]'), function (box) {
    var buttons = Array.prototype.slice.call(box.querySelectorAll("[data-imagediff-mode]"));
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        box.dataset.mode = b.dataset.imagediffMode;
        buttons.forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      });
    });
    var range = box.querySelector('[data-testid="report-imagediff-range"]');
    var slider = box.querySelector('[data-testid="report-imagediff-slider"]');
    if (range && slider) {
      range.addEventListener("input", function () { slider.style.setProperty("--pos", range.value + "%"); });
    }
  });
})();

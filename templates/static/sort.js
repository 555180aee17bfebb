/* racesite: sortable data tables. Progressive enhancement: without this script a table is as built.
 *
 * Every <table class="data"> with a <thead> gets a <button> in each header cell of its last header
 * row (so the keyboard works: Tab, Enter, Space). A click sorts the first <tbody> by that column;
 * the next click on the same column reverses it. The sorted header gets aria-sort, the others lose it.
 *
 * - A column whose non-blank cells are all numbers ("1,234", "12.5", "−3", "+2", "45%") sorts as numbers,
 *   and starts descending (most laps led first); any other column sorts as text in the page's
 *   language and starts ascending. data-sort-first="ascending" or "descending" on a header overrides
 *   that, and a header the page marks with aria-sort is taken as the order the table is already in.
 * - Blank cells ("", "–", "—", "-") go last in both directions. Equal cells keep their order (stable).
 * - A cell's data-sort attribute, when present, is sorted on instead of its text.
 * - A header with data-sort="none" gets no button.
 */
(function () {
  "use strict";

  var BLANKS = { "": true, "\u2013": true, "\u2014": true, "-": true };
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)%?$/;

  function key(cell) {
    if (!cell) return "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return raw.replace(/\s+/g, " ").trim();
  }

  function asNumber(text) {
    var plain = text.replace(/\u2212/g, "-").replace(/[,\u00a0\u202f\s]/g, "");
    return NUMBER.test(plain) ? parseFloat(plain.replace("%", "")) : null;
  }

  function sortTable(table, th, column, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var entries = rows.map(function (row, index) {
      var text = key(row.cells[column]);
      return { row: row, index: index, text: text, blank: BLANKS[text] === true, number: asNumber(text) };
    });
    var numeric = entries.every(function (e) { return e.blank || e.number !== null; });
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
    var sign = direction === "ascending" ? 1 : -1;
    entries.sort(function (a, b) {
      if (a.blank !== b.blank) return a.blank ? 1 : -1;
      var order = 0;
      if (!a.blank) order = numeric ? a.number - b.number : collator.compare(a.text, b.text);
      return order * sign || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    entries.forEach(function (e) { fragment.appendChild(e.row); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th[aria-sort]"), function (other) {
      if (other !== th) other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", direction);
  }

  function isNumericColumn(table, column) {
    var body = table.tBodies[0];
    var seen = false;
    for (var i = 0; i < body.rows.length; i++) {
      var text = key(body.rows[i].cells[column]);
      if (BLANKS[text]) continue;
      if (asNumber(text) === null) return false;
      seen = true;
    }
    return seen;
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length || table.hasAttribute("data-sortable-ready")) return;
    table.setAttribute("data-sortable-ready", "");
    var headerRow = table.tHead.rows[table.tHead.rows.length - 1];
    Array.prototype.forEach.call(headerRow.cells, function (th) {
      if (th.getAttribute("data-sort") === "none") return;
      var column = th.cellIndex;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var first = th.getAttribute("data-sort-first") ||
          (isNumericColumn(table, column) ? "descending" : "ascending");
        var direction = current === "ascending" ? "descending" : current === "descending" ? "ascending" : first;
        sortTable(table, th, column, direction);
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table.data"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

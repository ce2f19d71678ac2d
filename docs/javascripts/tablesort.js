/* Sortable index tables: a table inside <div class="atlas-sortable"> sorts by a column when its
   header is clicked (again: reverse). ISO dates and plain text sort as text, numbers as numbers, a cell holding a [data-sort] value by that
   number (durations in minutes).
   Our own few lines instead of a CDN script: the atlas works offline. */
(function () {
  "use strict";

  function key(cell) {
    const marked = cell.querySelector("[data-sort]");  // durations: minutes, not "4 h 17 min"
    if (marked) {
      const value = marked.getAttribute("data-sort");
      return value === "" ? Infinity : Number(value);  // not published: last when ascending
    }
    const text = cell.textContent.trim();
    const number = Number(text.replace(/[,\s]/g, ""));
    return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
  }

  function sortBy(table, column, th) {
    const body = table.tBodies[0];
    const descending = th.getAttribute("aria-sort") === "ascending";
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = key(a.cells[column]), y = key(b.cells[column]);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function enhance(root) {
    root.querySelectorAll(".atlas-sortable table").forEach(function (table) {
      if (table.dataset.sortable === "ready" || !table.tHead || !table.tBodies[0]) return;
      table.dataset.sortable = "ready";
      Array.from(table.tHead.rows[0].cells).forEach(function (th, column) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "atlas-sort";
        button.textContent = th.textContent;
        button.title = "Sort by " + th.textContent;
        button.addEventListener("click", function () { sortBy(table, column, th); });
        th.textContent = "";
        th.appendChild(button);
      });
    });
  }

  // Material's instant navigation swaps the page without a reload: enhance each new page once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { enhance(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();

/* Filterable index tables: a table inside <div class="atlas-filterable" data-filters="trigger company ...">
   gets one drop-down per filter, filled from its rows (each row carries a <span class="atlas-row"
   data-trigger=... data-technology="a|b">), and shows how many rows match. Our own lines, offline. */
(function () {
  "use strict";

  var LABELS = { trigger: "Trigger", company: "Company", year: "Year", group: "Group", technology: "Technology" };

  function values(row, name) {
    var tag = row.querySelector(".atlas-row");
    var raw = tag ? tag.getAttribute("data-" + name) || "" : "";
    return raw ? raw.split("|") : [];
  }

  function enhance(root) {
    root.querySelectorAll(".atlas-filterable").forEach(function (box) {
      var table = box.querySelector("table");
      if (!table || box.dataset.filterable === "ready" || !table.tBodies[0]) return;
      box.dataset.filterable = "ready";
      var rows = Array.from(table.tBodies[0].rows);
      var names = (box.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
      var bar = document.createElement("div");
      bar.className = "atlas-filters";
      var count = document.createElement("p");
      count.className = "atlas-filters__count";
      count.setAttribute("aria-live", "polite");
      var selects = {};
      names.forEach(function (name) {
        var seen = {};
        rows.forEach(function (r) { values(r, name).forEach(function (v) { seen[v] = (seen[v] || 0) + 1; }); });
        var label = document.createElement("label");
        label.textContent = (LABELS[name] || name) + " ";
        var select = document.createElement("select");
        select.name = name;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "all";
        select.appendChild(all);
        Object.keys(seen).sort(function (a, b) {
          return name === "year" ? b.localeCompare(a) : a.toLowerCase().localeCompare(b.toLowerCase());
        }).forEach(function (v) {
          var o = document.createElement("option");
          o.value = v;
          o.textContent = v + " (" + seen[v] + ")";
          select.appendChild(o);
        });
        select.addEventListener("change", apply);
        label.appendChild(select);
        bar.appendChild(label);
        selects[name] = select;
      });
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "atlas-filters__reset";
      reset.textContent = "Show all";
      reset.addEventListener("click", function () {
        names.forEach(function (n) { selects[n].value = ""; });
        apply();
      });
      bar.appendChild(reset);
      function apply() {
        var shown = 0;
        rows.forEach(function (r) {
          var ok = names.every(function (n) { return !selects[n].value || values(r, n).indexOf(selects[n].value) !== -1; });
          r.hidden = !ok;
          if (ok) shown++;
        });
        count.textContent = shown + " of " + rows.length + " incidents";
        box.setAttribute("data-shown", String(shown));
      }
      box.insertBefore(count, box.firstChild);
      box.insertBefore(bar, count);
      apply();
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { enhance(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();

/* Type-to-filter boxes over generated indexes, our own lines, offline:
   - .atlas-filterbox[data-target]: hides the rows of the target's table, or the items of its list, that do
     not hold every typed word (a part of the technologies A-Z, a plane of the 3 AM index);
   - .atlas-signal-filter[data-src]: the 3 AM index. On first use it loads every error string and symptom
     (a JSON the build writes) and lists the ones holding every typed word, each linked to its page; it
     also narrows a technology table beside it, if the page has one;
   - .atlas-index-filter[data-src]: the same over a list of {text, url, note} (every technology, on
     /technologies/ when its list is in parts). */
(function () {
  "use strict";

  var MAX = 50;

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function holdsAll(haystack, ws) {
    haystack = haystack.toLowerCase();
    return ws.every(function (w) { return haystack.indexOf(w) !== -1; });
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* the default */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function filterRows(table, ws, count) {
    var rows = table && table.tBodies[0] ? Array.from(table.tBodies[0].rows) : [];
    var shown = 0;
    rows.forEach(function (r) {
      var ok = !ws.length || holdsAll(r.textContent, ws);
      r.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = ws.length ? shown + " of " + rows.length : "";
    return shown;
  }

  // A list (the technologies A-Z): hide the items without every word, and a letter heading left empty.
  function filterList(target, ws, count) {
    var items = Array.from(target.querySelectorAll("li"));
    var shown = 0;
    items.forEach(function (li) {
      var ok = !ws.length || holdsAll(li.textContent, ws);
      li.hidden = !ok;
      if (ok) shown++;
    });
    target.querySelectorAll("h3").forEach(function (h) {
      var list = h.nextElementSibling;
      h.hidden = !!(list && list.tagName === "UL" && !list.querySelector("li:not([hidden])"));
    });
    if (count) count.textContent = ws.length ? shown + " of " + items.length : "";
  }

  function setUpTable(box) {
    var target = document.querySelector(box.getAttribute("data-target"));
    var input = box.querySelector("input");
    var count = box.querySelector(".atlas-filterbox__count");
    if (!target || !input) return;
    input.addEventListener("input", function () {
      var table = target.querySelector("table");
      if (table) filterRows(table, words(input.value), count); else filterList(target, words(input.value), count);
    });
  }

  // A filter over a JSON list (the box's data-src), fetched on first focus: as words are typed, the
  // entries holding every one of them (`text(entry)`) are listed (`item(entry)`, at most MAX) and
  // counted (`summary(found, all, narrowed)`). `part` names the box's classes (atlas-<part>__results
  // ...); `narrow(ws)`, if given, runs on every keystroke first and its result goes to the summary.
  function jsonFilter(box, part, text, item, summary, failure, narrow) {
    var input = box.querySelector("input");
    var list = box.querySelector(".atlas-" + part + "__results");
    var count = box.querySelector(".atlas-" + part + "__count");
    var loading = null;

    function load() {
      if (!loading) {
        loading = fetch(new URL(box.getAttribute("data-src"), siteRoot()).href)
          .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
      }
      return loading;
    }

    function show() {
      var ws = words(input.value);
      var narrowed = narrow ? narrow(ws) : null;
      if (!ws.length) {
        list.replaceChildren();
        count.textContent = "";
        box.removeAttribute("data-matches");
        return;
      }
      load().then(function (all) {
        if (words(input.value).join(" ") !== ws.join(" ")) return;  // typed on since
        var found = all.filter(function (e) { return holdsAll(text(e), ws); });
        list.replaceChildren.apply(list, found.slice(0, MAX).map(item));
        count.textContent = summary(found, all, narrowed);
        box.setAttribute("data-matches", String(found.length));
      }, function (err) {
        count.textContent = failure(err);
      });
    }

    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", show);
  }

  // The 3 AM index's filter: signals from a JSON of {kind, text, url, title, technology, plane}, and the
  // technologies table under it narrowed to the typed words.
  function setUpSignals(box) {
    var root = siteRoot();
    var table = box.parentElement.querySelector("table");
    jsonFilter(box, "signal-filter",
      function (s) { return s.text + " " + s.technology + " " + s.title; },
      function (s) {
        var li = document.createElement("li");
        var what = document.createElement(s.kind === "error" ? "code" : "span");
        what.textContent = s.text;
        var a = document.createElement("a");
        a.href = new URL(s.url, root).pathname;
        a.textContent = s.title;
        var tag = document.createElement("span");
        tag.className = "atlas-plane atlas-plane--" + s.plane.toLowerCase();
        tag.textContent = s.technology;
        li.appendChild(what);
        li.appendChild(document.createTextNode(" → "));
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(tag);
        return li;
      },
      function (found, all, techs) {
        return found.length + (found.length === 1 ? " signal" : " signals") +
          (found.length > MAX ? " (first " + MAX + " shown)" : "") + (table ? "; " + techs + " technologies in the table" : "");
      },
      function (err) { return "The signal list could not be loaded (" + err.message + "); the table below still works."; },
      function (ws) { return filterRows(table, ws, null); });
  }

  // A list from a JSON of {text, url, note}: the entries holding every typed word, each linked.
  function setUpIndex(box) {
    var root = siteRoot();
    jsonFilter(box, "index-filter",
      function (e) { return e.text + " " + e.note; },
      function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = new URL(e.url, root).pathname;
        a.textContent = e.text;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" — " + e.note));
        return li;
      },
      function (found, all) {
        return found.length + " of " + all.length + (found.length > MAX ? " (first " + MAX + " shown)" : "");
      },
      function (err) { return "The list could not be loaded (" + err.message + "); the pages below still work."; });
  }

  function enhance(root) {
    root.querySelectorAll(".atlas-index-filter:not([data-ready])").forEach(function (box) {
      box.setAttribute("data-ready", "true");
      setUpIndex(box);
    });
    root.querySelectorAll(".atlas-filterbox:not([data-ready])").forEach(function (box) {
      box.setAttribute("data-ready", "true");
      setUpTable(box);
    });
    root.querySelectorAll(".atlas-signal-filter:not([data-ready])").forEach(function (box) {
      box.setAttribute("data-ready", "true");
      setUpSignals(box);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { enhance(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();

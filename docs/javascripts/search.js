/* Site search over the Pagefind index the build writes to site/pagefind/ (src/atlas/search.py).
   The dialog is Material's search layout (overrides/partials/atlas-search.html); this file opens it,
   loads Pagefind on first use (nothing is fetched until someone searches), and renders results.
   Everything is served by the site: it works offline. */
(function () {
  "use strict";

  var MAX_RESULTS = 10;
  var pagefind = null; // the loaded module, or the promise of it
  var latest = 0; // the number of the newest query: older answers are dropped

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* the default */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    loadQueryData();
    if (!pagefind) {
      var root = siteRoot();
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return pagefind;
  }

  function parts() {
    return {
      toggle: document.getElementById("__search"),
      input: document.querySelector(".atlas-search__input"),
      meta: document.querySelector(".atlas-search__meta"),
      list: document.querySelector(".atlas-search__results"),
    };
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = withHighlight(data.url, parts().input ? parts().input.value : "");
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: page text, HTML-escaped, with <mark>
    article.appendChild(title);
    article.appendChild(excerpt);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // How a query is read (docs/javascripts/query.js over assets/atlas/query.json, the same as `atlas find`):
  // variable parts of a pasted line blanked, stop words dropped, the on-call thesaurus, intent words, named
  // companies and technologies. Pagefind matches pages that hold every word of a query; on-call types whole
  // sentences and pastes whole log lines, so the query is also run word by word (and synonym by synonym, at
  // a lower weight) and the scores added up: a page with all the words (the first search) ranks highest.
  // The best candidates are then weighed by what the query asks for (kind, category, company, technology).
  var MAX_WORDS = 10;
  var CANDIDATES = 30;
  var queryData = null;

  function loadQueryData() {
    if (!queryData) {
      queryData = fetch(new URL("assets/atlas/query.json", siteRoot()).href).then(function (r) {
        if (!r.ok) throw new Error("query data: HTTP " + r.status);
        return r.json();
      });
    }
    return queryData;
  }

  function words(query) {
    var data = window.atlasQueryData;
    if (data && window.atlasQuery) return window.atlasQuery.words(data, window.atlasQuery.normalise(data, query));
    return (query.toLowerCase().match(/[a-z0-9]+(?:[._'][a-z0-9]+)*/g) || []).filter(function (w, i, all) {
      return w.length >= 2 && all.indexOf(w) === i;
    });
  }

  // Pagefind answers a word it does not hold with the pages of its longest prefix it does: "zzqxvw" finds
  // the page that mentions the Z Garbage Collector. A result whose marked words all share fewer than three
  // letters (or the whole word, if shorter) with every word asked is such a guess: on-call is better served
  // by "No matching pages" than by a page that has nothing to do with the pasted line.
  function matchedOnlyAPrefix(excerpt, asked) {
    var marked = (excerpt || "").match(/<mark>[^<]*<\/mark>/g);
    if (!marked || !asked.length) return false; // matched in the title or metadata only: nothing to judge
    return !marked.some(function (m) {
      var word = m.slice(6, -7).toLowerCase();
      return asked.some(function (a) {
        var need = Math.min(3, a.length, word.length);
        return word.length >= Math.min(3, a.length) && word.slice(0, need) === a.toLowerCase().slice(0, need);
      });
    });
  }

  function ranked(pf, query) {
    return loadQueryData().then(function (data) {
      window.atlasQueryData = data;
      var Q = window.atlasQuery;
      var u = Q.understand(data, query);
      var terms = u.words.slice(0, MAX_WORDS);
      var synonyms = u.synonyms.slice(0, MAX_WORDS);
      var searches = [pf.search(terms.join(" ") || u.text || query)]
        .concat(terms.length > 1 ? terms.map(function (t) { return pf.search(t); }) : [])
        .concat(synonyms.map(function (t) { return pf.search(t); }));
      return Promise.all(searches).then(function (answers) {
        var byId = {};
        answers.forEach(function (answer, i) {
          if (!answer) return;
          var weight = i <= (terms.length > 1 ? terms.length : 0) ? 1 : data.boost.synonym;
          answer.results.forEach(function (r) {
            var entry = byId[r.id] || (byId[r.id] = { result: r, score: 0 });
            entry.score += i === 0 ? r.score + 1 : weight * r.score; // all words matched: ranked above the rest
          });
        });
        var list = Object.keys(byId).map(function (id) { return byId[id]; })
          .sort(function (a, b) { return b.score - a.score; });
        var top = list.slice(0, CANDIDATES);
        var base = siteRoot().pathname;
        var asked = terms.concat(synonyms).join(" ").split(/\s+/).filter(Boolean);
        return Promise.all(top.map(function (e) {
          return e.result.data().then(function (d) {
            e.data = d;
            e.unrelated = matchedOnlyAPrefix(d.excerpt, asked);
            var techs = d.meta && d.meta.technologies ? d.meta.technologies.split(", ") : [];
            e.score *= Q.pageBoost(data, u, Q.relOf(new URL(d.url, window.location.href).pathname, base), techs);
          });
        })).then(function () {
          top = top.filter(function (e) { return !e.unrelated; });
          top.sort(function (a, b) { return b.score - a.score; });
          return top.concat(list.slice(CANDIDATES));
        });
      });
    });
  }

  // The search the box runs, for tests and the benchmark too: [{url, meta, excerpt}] best first.
  function query(text, limit) {
    return load().then(function (pf) { return ranked(pf, text); }).then(function (list) {
      return Promise.all(list.slice(0, limit || MAX_RESULTS).map(function (e) {
        return e.data ? Promise.resolve(e.data) : e.result.data();
      })).then(function (datas) { return { total: list.length, results: datas }; });
    });
  }

  // The opened page marks the query's words (?h=...): on-call sees at once where the error string is.
  var HIGHLIGHT = "h";

  function withHighlight(url, text) {
    var terms = words(text);
    if (!terms.length) return url;
    var u = new URL(url, window.location.href);
    u.searchParams.set(HIGHLIGHT, terms.join(" "));
    return u.pathname + u.search + u.hash;
  }

  function highlight() {
    var params = new URLSearchParams(window.location.search);
    var terms = (params.get(HIGHLIGHT) || "").split(/\s+/).filter(function (t) { return t.length >= 2; });
    var article = document.querySelector("article.md-content__inner");
    if (!terms.length || !article || article.dataset.highlighted) return;
    article.dataset.highlighted = "true";
    var pattern = new RegExp("(" + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); })
      .join("|") + ")", "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(".atlas-diagram, script, style, mark, .headerlink")) return NodeFilter.FILTER_REJECT;
        pattern.lastIndex = 0;
        return pattern.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var fragment = document.createDocumentFragment();
      node.nodeValue.split(pattern).forEach(function (piece, i) {
        if (!piece) return;
        if (i % 2) {
          var mark = document.createElement("mark");
          mark.className = "atlas-hit";
          mark.textContent = piece;
          fragment.appendChild(mark);
        } else {
          fragment.appendChild(document.createTextNode(piece));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
    var first = article.querySelector("mark.atlas-hit");
    if (first && !window.location.hash) first.scrollIntoView({ block: "center" });
  }


  var timer = null;

  function search(text) {
    var p = parts();
    var mine = ++latest;
    clearTimeout(timer);
    if (!text.trim()) {
      p.meta.textContent = "Type to search, offline";
      p.list.replaceChildren();
      return Promise.resolve();
    }
    p.meta.textContent = "Searching…";
    return new Promise(function (resolve) { timer = setTimeout(resolve, 120); }) // debounce typing
      .then(function () { return mine === latest ? query(text) : null; })
      .then(function (found) {
        if (!found || mine !== latest) return; // superseded by a newer query
        var n = found.total;
        p.meta.textContent = n === 0 ? "No matching pages" : n === 1 ? "1 matching page" : n + " matching pages";
        p.list.replaceChildren.apply(p.list, found.results.map(item));
        p.list.dataset.query = text;
      })
      .catch(function (err) {
        p.meta.textContent = "Search is unavailable: " + err.message;
      });
  }

  function open() {
    var p = parts();
    if (!p.toggle || !p.input) return;
    p.toggle.checked = true;
    p.input.focus();
    p.input.select();
    load();
  }

  function close() {
    var p = parts();
    if (p.toggle) p.toggle.checked = false;
    if (p.input) p.input.blur();
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // Delegated handlers: Material's instant navigation may swap the header, never the document.
  document.addEventListener("input", function (ev) {
    if (ev.target.classList && ev.target.classList.contains("atlas-search__input")) search(ev.target.value);
  });
  document.addEventListener("change", function (ev) {
    if (ev.target.id === "__search" && ev.target.checked) open();
  });
  document.addEventListener("keydown", function (ev) {
    var p = parts();
    if (ev.target === p.input) {
      if (ev.key === "Escape") { close(); ev.preventDefault(); }
      if (ev.key === "Enter") {
        var first = p.list && p.list.querySelector("a");
        if (first) first.click();
        ev.preventDefault();
      }
      return;
    }
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    // "/", "s" and "f" open search, as on Material's own sites; over a diagram "f" is the viewer's
    // fullscreen key and is left to it.
    var overDiagram = document.querySelector(".atlas-diagram:hover") ||
      (document.activeElement && document.activeElement.closest && document.activeElement.closest(".atlas-diagram"));
    if (ev.key === "/" || ev.key === "s" || (ev.key === "f" && !overDiagram)) {
      open();
      ev.preventDefault();
      ev.stopPropagation();
    }
  }, true);
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest(".atlas-search__results a");
    if (link) close();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(highlight);  // each page instant navigation brings in
  } else {
    document.addEventListener("DOMContentLoaded", highlight);
  }

  window.atlasSearch = { search: search, query: query, open: open, close: close, load: load, words: words };
})();

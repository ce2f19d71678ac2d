// How the site's search reads a query: the same algorithm as atlas.query in Python, over the same data
// (src/atlas/query.yaml, written by the build to assets/atlas/query.json): variable parts of a pasted line
// blanked, stop words left out, the on-call thesaurus, intent words, named companies and technologies,
// and the factor a page's score is multiplied by. Tested against Python on one table of queries.
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.atlasQuery = api;
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var TOKEN = /[a-z0-9]+(?:[._'][a-z0-9]+)*/g;

  function compile(data) {
    if (data._compiled) return data._compiled;
    data._compiled = {
      parts: data.variable_parts.map(function (p) { return { name: p.name, re: new RegExp(p.pattern, 'g') }; }),
      keep: new Set(data.keep_numbers),
      stop: new Set(data.stop_words),
    };
    return data._compiled;
  }

  function normalise(data, query) {
    var c = compile(data);
    var text = String(query).toLowerCase();
    c.parts.forEach(function (p) {
      text = text.replace(p.re, function (m) { return p.name === 'number' && c.keep.has(m) ? m : ' '; });
    });
    return text.split(/\s+/).filter(Boolean).join(' ');
  }

  function tokens(text) { return String(text).toLowerCase().match(TOKEN) || []; }

  function words(data, text) {
    var stop = compile(data).stop, seen = [];
    tokens(text).forEach(function (w) {
      if (w.length >= 2 && !stop.has(w) && seen.indexOf(w) === -1) seen.push(w);
    });
    return seen;
  }

  function holds(padded, toks, member) {
    member = member.toLowerCase();
    return member.indexOf(' ') !== -1 ? padded.indexOf(' ' + member + ' ') !== -1 : toks.has(member);
  }

  var MONTHS = {};
  [[], ['january', 'jan'], ['february', 'feb'], ['march', 'mar'], ['april', 'apr'], ['may'], ['june', 'jun'],
   ['july', 'jul'], ['august', 'aug'], ['september', 'sep', 'sept'], ['october', 'oct'], ['november', 'nov'],
   ['december', 'dec']].forEach(function (names, i) {
    names.forEach(function (n) { MONTHS[n] = (i < 10 ? '0' : '') + i; });
  });

  // The years and month names a query says, read before numbers are blanked (as atlas.query._dates).
  function dates(query) {
    var text = String(query).toLowerCase(), years = [], months = [], m;
    var iso = /\b(19[89]\d|20[0-4]\d)-(\d{2})(?:-\d{2})?\b/g;
    while ((m = iso.exec(text))) { years.push(m[1]); months.push(m[2]); }
    (text.replace(/\b\d{4}-\d{2}(?:-\d{2})?\b/g, ' ').match(/\b(19[89]\d|20[0-4]\d)\b/g) || [])
      .forEach(function (y) { years.push(y); });
    (text.match(/[a-z]+/g) || []).forEach(function (w) {
      if (Object.prototype.hasOwnProperty.call(MONTHS, w) && w.length > 3) months.push(MONTHS[w]);
    });
    var uniq = function (xs) { return xs.filter(function (x, i) { return xs.indexOf(x) === i; }).sort(); };
    return [uniq(years), uniq(months)];
  }

  function understand(data, query) {
    var text = normalise(data, query);
    var when = dates(query);
    var all = tokens(text);
    var toks = new Set(all);
    var padded = ' ' + all.join(' ') + ' ';
    var u = { text: text, words: words(data, text), synonyms: [], kinds: [], categories: [], companies: [],
              technologies: [], years: when[0], months: when[1] };
    data.thesaurus.forEach(function (group) {
      var lower = function (m) { return m.toLowerCase(); };
      var members = group.words.map(lower), idioms = group.idioms.map(lower);
      if (!members.concat(idioms).some(function (m) { return holds(padded, toks, m); })) return;
      idioms.forEach(function (m) {
        if (holds(padded, toks, m)) {
          var drop = m.split(' ');
          u.words = u.words.filter(function (w) { return drop.indexOf(w) === -1; });
        }
      });
      members.forEach(function (m) {
        if (m.indexOf(' ') === -1 && u.words.indexOf(m) === -1 && u.synonyms.indexOf(m) === -1 && words(data, m).length) {
          u.synonyms.push(m);
        }
      });
    });
    data.intents.forEach(function (intent) {
      if (!intent.words.some(function (m) { return holds(padded, toks, m); })) return;
      intent.kinds.forEach(function (k) { if (u.kinds.indexOf(k) === -1) u.kinds.push(k); });
      intent.categories.forEach(function (c) { if (u.categories.indexOf(c) === -1) u.categories.push(c); });
    });
    Object.keys(data.companies).forEach(function (slug) {
      if (data.companies[slug].some(function (n) { return holds(padded, toks, n); })) u.companies.push(slug);
    });
    data.technologies.forEach(function (name) {
      var n = name.toLowerCase();
      if (n.length >= 3 && u.technologies.indexOf(n) === -1 && holds(padded, toks, n)) u.technologies.push(n);
    });
    return u;
  }

  // rel: a page's path under docs/ ("systems/spotify/cost-breakdown.md"); technologies: its canonical names.
  function pageBoost(data, u, rel, technologies) {
    var b = data.boost;
    var parts = rel.replace(/\.md$/, '').split('/');
    var category = parts[0];
    var last = parts[parts.length - 1];
    var kind = category === 'systems' && data.system_kinds.indexOf(last) !== -1 ? last : null;
    var factor = 1;
    if ((kind && u.kinds.indexOf(kind) !== -1) || u.categories.indexOf(category) !== -1) factor *= b.intent;
    var company = u.companies.some(function (c) {
      if (category === 'systems' && parts.length > 1 && parts[1] === c) return true;
      return data.companies[c].some(function (n) {
        return n.indexOf(' ') === -1 && (last === n || last.indexOf(n + '-') === 0);
      });
    });
    if (company) factor *= b.company;
    if (u.technologies.length && (technologies || []).some(function (t) { return u.technologies.indexOf(t.toLowerCase()) !== -1; })) {
      factor *= b.technology;
    }
    var dated = category === 'incidents' ? /-(\d{4})-(\d{2})-\d{2}$/.exec(last) : null;
    if (dated && u.years.indexOf(dated[1]) !== -1) {
      factor *= b.year;
      if (u.months.indexOf(dated[2]) !== -1) factor *= b.month;
    }
    return factor;
  }

  // A result URL ("/base/systems/spotify/cost-breakdown/") as the page's path under docs/.
  function relOf(pathname, basePath) {
    var p = decodeURIComponent(pathname);
    if (basePath && p.indexOf(basePath) === 0) p = p.slice(basePath.length);
    p = p.replace(/^\/+/, '').replace(/index\.html$/, '').replace(/\/+$/, '');
    return (p || 'index') + '.md';
  }

  return { normalise: normalise, words: words, understand: understand, pageBoost: pageBoost, relOf: relOf };
}));

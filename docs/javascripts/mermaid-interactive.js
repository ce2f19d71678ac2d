// Renders the atlas's diagrams with the Mermaid the site serves itself (never a CDN).
// Mermaid is loaded only on pages that have diagrams; re-rendered on Material's instant
// navigation and when the colour scheme toggles.
(function () {
  'use strict';
  var here = document.currentScript && document.currentScript.src;
  var MERMAID_URL = new URL('../assets/vendor/mermaid/mermaid.min.js', here || location.href).href;
  var loading = null;
  var counter = 0;

  function loadMermaid() {
    if (window.mermaid) return Promise.resolve(window.mermaid);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = MERMAID_URL;
        s.onload = function () { resolve(window.mermaid); };
        s.onerror = function () { reject(new Error('could not load ' + MERMAID_URL)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function scheme() {
    return document.body.getAttribute('data-md-color-scheme') === 'slate' ? 'dark' : 'default';
  }

  function renderAll() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll('.atlas-diagram'));
    if (!blocks.length) return Promise.resolve();
    return loadMermaid().then(function (mermaid) {
      var theme = scheme();
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: theme,
                           flowchart: { htmlLabels: true, useMaxWidth: true } });
      return blocks.reduce(function (chain, block) {
        return chain.then(function () {
          var pre = block.querySelector('.atlas-diagram__source');
          if (!pre) return;
          if (block.getAttribute('data-theme') === theme && block.querySelector('svg')) return;
          var id = 'atlas-diagram-' + (++counter);
          return mermaid.render(id, pre.textContent).then(function (out) {
            var holder = block.querySelector('.atlas-diagram__svg') || document.createElement('div');
            holder.className = 'atlas-diagram__svg';
            holder.innerHTML = out.svg;
            if (!holder.parentNode) block.appendChild(holder);
            if (out.bindFunctions) out.bindFunctions(holder);
            block.setAttribute('data-theme', theme);
            block.setAttribute('data-rendered', 'true');
          }, function (err) {
            block.setAttribute('data-error', String(err && err.message || err));
          });
        });
      }, Promise.resolve());
    });
  }

  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(function () { renderAll(); });
  } else {
    document.addEventListener('DOMContentLoaded', renderAll);
  }
  new MutationObserver(function () { renderAll(); })
    .observe(document.body, { attributes: true, attributeFilter: ['data-md-color-scheme'] });
})();

/* On a phone Material's drawer opens on the active section; on the home page that is "Home" and its
   few reference folders, so the main sections (Systems, Incidents, Debugging...) were one tap away. On
   the home page the drawer opens on the top level instead. */
(function () {
  "use strict";

  function topLevelOnHome() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* the default */ }
    var home = new URL(base.replace(/\/?$/, "/"), window.location.href).pathname;
    if (window.location.pathname !== home && window.location.pathname !== home + "index.html") return;
    var first = document.querySelector(".md-nav--primary > .md-nav__list > .md-nav__item--active > input.md-nav__toggle");
    if (first) first.checked = false;
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(topLevelOnHome);
  } else {
    document.addEventListener("DOMContentLoaded", topLevelOnHome);
  }
})();

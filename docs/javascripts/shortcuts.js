/* "?" shows every keyboard shortcut the site has, in one list (the search keys of search.js, Material's
   page keys, the diagram viewer's keys of mermaid-interactive.js); Esc or "?" again closes it. */
(function () {
  "use strict";
  if (window.atlasShortcuts) return;

  var SHORTCUTS = [
    ["Anywhere", [
      ["/  s  f", "Search (paste an error line or describe the symptom)"],
      ["Enter", "In search: open the first result"],
      ["Esc", "Close search or this list; leave a fullscreen diagram"],
      ["p  ,", "Previous page"],
      ["n  .", "Next page"],
      ["?", "Show or hide this list"],
    ]],
    ["On a diagram (hovered, or focused with Tab)", [
      ["F", "Fullscreen, and back"],
      ["+  -", "Zoom in, zoom out"],
      ["0", "Back to the default view (fit)"],
      ["← ↑ → ↓", "Pan"],
      ["Ctrl or Cmd + wheel", "Zoom around the pointer"],
    ]],
  ];

  var dialog = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "atlas-shortcuts md-typeset";
    dialog.setAttribute("aria-labelledby", "atlas-shortcuts-title");
    var title = document.createElement("h2");
    title.id = "atlas-shortcuts-title";
    title.textContent = "Keyboard shortcuts";
    dialog.appendChild(title);
    SHORTCUTS.forEach(function (group) {
      var caption = document.createElement("h3");
      caption.textContent = group[0];
      dialog.appendChild(caption);
      var table = document.createElement("table");
      group[1].forEach(function (row) {
        var tr = table.insertRow();
        var keys = tr.insertCell();
        row[0].split("  ").forEach(function (k, i) {
          if (i) keys.appendChild(document.createTextNode(" "));
          var kbd = document.createElement("kbd");
          kbd.textContent = k;
          keys.appendChild(kbd);
        });
        tr.insertCell().textContent = row[1];
      });
      dialog.appendChild(table);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(close);
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close(); });
    document.body.appendChild(dialog);
  }

  function toggle() {
    if (!dialog || !dialog.isConnected) build();
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "?" || ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    ev.preventDefault();
    toggle();
  }, true);

  window.atlasShortcuts = { list: SHORTCUTS, toggle: toggle };
})();

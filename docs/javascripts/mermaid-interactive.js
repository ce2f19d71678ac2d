// The atlas's diagram viewer: renders each diagram with the Mermaid the site serves itself (never
// a CDN) when it comes near the viewport, and makes it zoomable, pannable and fullscreen-able
// (mouse, keyboard, touch), with copy-source and download-SVG buttons. Re-renders once when the
// colour scheme toggles; safe with Material's instant navigation (document$).
//
// Legibility (issue 13): a diagram is drawn to fit its column only if its smallest label stays at
// least LEGIBLE_PX there; otherwise it is drawn with that label at LEGIBLE_PX in a frame that pans,
// with a "Fit" button to see it whole. Zoom runs from the whole diagram (or half the default view)
// up to the smallest label at MAX_LABEL_PX. Fullscreen does the same against the whole screen, and
// where the browser has no element fullscreen (iPhone Safari) a fixed full-viewport overlay stands in.
// Before printing, every diagram not drawn yet is drawn, so paper never shows Mermaid source.
(function () {
  'use strict';
  if (window.atlasViewer) return;  // one viewer per window, however often the script is evaluated

  var here = document.currentScript && document.currentScript.src;
  var MERMAID_URL = new URL('../assets/vendor/mermaid/mermaid.min.js', here || location.href).href;
  var LEGIBLE_PX = 11;      // the smallest label of a default view, in CSS px (issue 13's budget)
  var MAX_LABEL_PX = 44;    // zoom in until the smallest label is 4 × legible (400 % of a legible view)
  var MIN_ZOOM = 0.5;       // zoom out to half the default view, or to the whole diagram if smaller
  var FRAME_VH = 0.8;       // a frame that pans is at most 80 % of the window high...
  var FRAME_MIN_PX = 360;   // ...and at least this (the container's 400 px minus the button row)
  var STEP = 1.25;
  var PAN_STEP = 40;                               // px per arrow key
  var DRAG_THRESHOLD = 4;                          // px before a press becomes a drag (not a click)
  var NEAR = '400px 0px';                          // "near the viewport": render this far ahead
  var MIN_CONTRAST = 4.5;                          // WCAG AA for label text

  var views = new WeakMap();   // .atlas-diagram element -> its view state
  var observed = new Set();    // diagrams the IntersectionObserver watches (pruned on navigation)
  var renderQueue = Promise.resolve();  // Mermaid renders one diagram at a time
  var counter = 0;
  var hovered = null;
  var loading = null;

  // --- Mermaid -----------------------------------------------------------------------------------

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

  // Dark theme: edge labels get a background close to Material's slate page, so their light text
  // keeps its contrast wherever the label sits. Plane fills come from the diagrams' own classDefs
  // and are never touched.
  var DARK_VARIABLES = { edgeLabelBackground: '#1e2129', textColor: '#e2e8f0', lineColor: '#cbd5e1' };

  // Gantt charts are as wide as Mermaid is told (else the window's width, whatever the column) and
  // write their task text at 11 px and their axis at 10 px: drawn at the frame's width (at least
  // GANTT_MIN_PX, so a phone pans rather than squeezes the bars) with 13 px text (CSS: the axis).
  var GANTT_MIN_PX = 600, GANTT_FONT_PX = 13;

  // Mermaid's own font stack with the site's emoji font first: it holds only the plane emoji (🌐 ⚙️ 💾 🎛️),
  // so subgraph titles never show an empty box where a machine has no colour-emoji font.
  var FONT_FAMILY = '"Atlas Emoji", "trebuchet ms", verdana, arial, sans-serif';

  function mermaidConfig(theme, width) {
    var variables = Object.assign({ fontFamily: FONT_FAMILY }, theme === 'dark' ? DARK_VARIABLES : {});
    return { startOnLoad: false, securityLevel: 'strict', theme: theme, fontFamily: FONT_FAMILY,
             themeVariables: variables,
             flowchart: { htmlLabels: true, useMaxWidth: true },
             gantt: { useWidth: Math.max(GANTT_MIN_PX, width || 0), fontSize: GANTT_FONT_PX, sectionFontSize: GANTT_FONT_PX } };
  }

  // Queue a render of `block` in the current scheme unless it is drawn in it or already queued.
  function scheduleRender(block) {
    var view = views.get(block);
    var theme = scheme();
    if (!view || view.theme === theme || view.pending === theme) return;
    view.pending = theme;
    renderQueue = renderQueue.then(function () { return render(block, view); });
  }

  // Draw the view's source with Mermaid in `theme` into its holder, labels made readable on the
  // block's background. The site's build calls it too (prerender below), so a diagram drawn when the
  // site is built is the one a reader's browser would draw.
  function draw(view, theme, id) {
    return loadMermaid().then(function (mermaid) {
      mermaid.initialize(mermaidConfig(theme, frameWidth(view)));
      return mermaid.render(id, view.source);
    }).then(function (out) {
      view.holder.innerHTML = out.svg;
      if (out.bindFunctions) out.bindFunctions(view.holder);
      view.block.setAttribute('data-rendered', 'true');  // shown from here: getBBox needs a laid-out SVG
      readableLabels(view.holder.querySelector('svg'), parseRgb(getComputedStyle(view.block).backgroundColor));
    }, function (err) {
      var leftover = document.getElementById('d' + id);  // Mermaid leaves its error drawing in <body>
      if (leftover) leftover.remove();
      throw err;
    });
  }

  // Show the drawing now in the holder (Mermaid's, or the one the build made) as the default view.
  function shown(view, theme) {
    view.theme = theme;
    view.block.setAttribute('data-theme', theme);
    view.block.setAttribute('data-rendered', 'true');
    view.block.removeAttribute('data-error');
    view.minFont = 0;  // measured again on the new drawing
    layout(view);
    applyTransform(view);
    view.block.setAttribute('data-renders', String(++view.renders));
  }

  function render(block, view) {
    var theme = view.pending;
    view.pending = null;
    if (!block.isConnected || theme !== scheme() || theme === view.theme) return;
    var built = view.prerendered[theme], url = view.drawnUrls[theme];
    if (built) {  // drawn when the site was built: no Mermaid
      view.holder.innerHTML = built;
      shown(view, theme);
      return;
    }
    var drawn = url ? fetchDrawing(view, theme, url) : Promise.reject(null);
    return drawn.catch(function () {  // not built, or its file unreachable (file://): Mermaid draws it
      return draw(view, theme, 'atlas-diagram-' + (++counter)).then(function () { shown(view, theme); });
    }).catch(function (err) {
      block.setAttribute('data-error', String(err && err.message || err));
    });
  }

  // The build's drawing in the other scheme is a file of its own (assets/diagrams/), fetched when needed.
  function fetchDrawing(view, theme, url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ': ' + response.status);
      return response.text();
    }).then(function (svg) {
      view.prerendered[theme] = svg;
      if (theme !== scheme() || !view.block.isConnected) return;  // toggled back meanwhile
      view.holder.innerHTML = svg;
      shown(view, theme);
    });
  }

  // --- Label contrast ----------------------------------------------------------------------------

  function parseRgb(css) {
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css || '');
    if (!m || (m[4] !== undefined && +m[4] < 1)) return null;  // transparent: nothing to compare with
    return [+m[1], +m[2], +m[3]];
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // Text keeps its colour if it reads on what lies under it (≥ 4.5:1), else it becomes black or
  // white, whichever reads better. White on three of the four plane fills is < 4.5:1.
  function ensureReadable(label, background) {
    var prop = label.tagName.toLowerCase() === 'text' ? 'fill' : 'color';
    var colour = parseRgb(getComputedStyle(label)[prop]);
    if (!background || (colour && contrast(colour, background) >= MIN_CONTRAST)) return;
    var black = contrast([0, 0, 0], background) >= contrast([255, 255, 255], background);
    label.style.setProperty(prop, black ? '#000' : '#fff', 'important');
  }

  // Sequence diagrams: a message or box title lies on the plane box under its centre, or on the page.
  function backgroundUnder(text, boxes, page) {
    var b = text.getBBox(), x = b.x + b.width / 2, y = b.y + b.height / 2;
    var box = boxes.filter(function (r) {
      var rb = r.getBBox();
      return x >= rb.x && x <= rb.x + rb.width && y >= rb.y && y <= rb.y + rb.height;
    }).pop();
    return box ? parseRgb(getComputedStyle(box).fill) : page;
  }

  function readableLabels(svg, page) {
    if (!svg) return;
    svg.querySelectorAll('g.node').forEach(function (node) {  // flowchart and state nodes
      var shape = node.querySelector('.label-container') || node.querySelector('rect, polygon, circle, ellipse, path');
      var fill = shape && parseRgb(getComputedStyle(shape).fill);
      node.querySelectorAll('.nodeLabel, text').forEach(function (label) { ensureReadable(label, fill); });
    });
    var boxes = Array.prototype.slice.call(svg.querySelectorAll(':scope > g > rect.rect'));
    if (!boxes.length) return;
    svg.querySelectorAll('text.messageText, :scope > g > rect.rect + text').forEach(function (text) {
      ensureReadable(text, backgroundUnder(text, boxes, page));
    });
  }

  // --- The default view: legible, fitted where that keeps it legible ------------------------------

  function isFull(block) {
    return document.fullscreenElement === block || block.classList.contains('is-overlay');
  }

  // The width the diagram is drawn into: the frame's, or (not shown yet) the container's.
  function frameWidth(view) {
    return view.viewport.clientWidth || view.block.clientWidth;
  }

  // The smallest label of the drawing, in its own (viewBox) units: each text's computed font size
  // times the scale from where it is drawn (the <text>, or an HTML label's <foreignObject>) to the SVG.
  function smallestLabel(svg) {
    var root = svg.getScreenCTM();
    if (!root) return 0;
    var rootScale = Math.sqrt(Math.abs(root.a * root.d - root.b * root.c)) || 1;
    var smallest = Infinity, seen = new Set();
    var walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
    for (var t = walker.nextNode(); t; t = walker.nextNode()) {
      var el = t.parentElement;
      if (!t.nodeValue.trim() || seen.has(el) || el.closest('style, title, desc')) continue;
      seen.add(el);
      var style = getComputedStyle(el), box = el.getBoundingClientRect();
      if (style.visibility !== 'visible' || box.width < 0.5 || box.height < 0.5) continue;
      var drawer = el instanceof SVGGraphicsElement ? el : el.closest('foreignObject');
      var m = drawer && drawer.getScreenCTM();
      if (!m) continue;
      var size = parseFloat(style.fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) / rootScale;
      if (size > 0 && size < smallest) smallest = size;
    }
    return smallest === Infinity ? 0 : smallest;
  }

  // Size the SVG for its default view and set the zoom range. The default scale (drawing units to
  // CSS px) is the fitted one (to the column, never enlarged; in fullscreen to the screen) if the
  // smallest label stays legible there, else the scale that makes it exactly LEGIBLE_PX, in a frame
  // that pans. The viewer's own zoom (view.scale) is relative to this default view.
  function layout(view) {
    var svg = view.holder.querySelector('svg');
    if (!svg) return;
    var block = view.block, viewport = view.viewport, full = isFull(block);
    svg.style.width = '';
    svg.style.height = '';
    viewport.style.height = '';
    var frameW = viewport.clientWidth;
    if (!frameW) return;  // not shown (e.g. in a closed tab): laid out when it is (resizeObserver)
    var vb = svg.viewBox && svg.viewBox.baseVal;
    var w = vb && vb.width ? vb.width : svg.getBBox().width;
    var h = vb && vb.height ? vb.height : svg.getBBox().height;
    if (!w || !h) return;
    if (!view.minFont) view.minFont = smallestLabel(svg);
    var frameH = full ? viewport.clientHeight : Math.max(FRAME_MIN_PX, FRAME_VH * window.innerHeight);
    var fit = full ? Math.min(frameW / w, frameH / h) : Math.min(1, frameW / w);
    var legible = view.minFont ? LEGIBLE_PX / view.minFont : 0;
    var base = Math.max(fit, legible);
    var drawnW = w * base, drawnH = h * base;
    var pannable = drawnW > frameW + 0.5 || (full && drawnH > frameH + 0.5);
    svg.style.maxWidth = 'none';
    svg.style.width = drawnW + 'px';
    svg.style.height = drawnH + 'px';
    svg.style.setProperty('--atlas-natural-width', w + 'px');  // print: never wider than Mermaid drew it
    if (pannable && !full) viewport.style.height = Math.min(drawnH, frameH) + 'px';
    var shownH = full ? frameH : Math.min(drawnH, frameH);
    view.base = base;
    view.pannable = pannable;
    view.fitScale = Math.min(1, frameW / drawnW, shownH / drawnH);  // the whole drawing in the frame
    view.minScale = Math.min(MIN_ZOOM, view.fitScale);
    view.maxScale = view.minFont ? Math.max(1, MAX_LABEL_PX / (view.minFont * base)) : 4;
    view.laidOut = { width: block.clientWidth, height: full ? block.clientHeight : null, full: full };
    block.setAttribute('data-pannable', String(pannable));
    block.setAttribute('data-base-scale', String(Math.round(base * 10000) / 10000));
    block.setAttribute('data-min-scale', String(Math.round(view.minScale * 10000) / 10000));
    block.setAttribute('data-max-scale', String(Math.round(view.maxScale * 10000) / 10000));
  }

  // A container that changed width (a window resize, a phone turned) or, fullscreen, height is
  // laid out again and its view reset; its own height changes (ours) are ignored.
  var resizeObserver = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var view = views.get(entry.target), last = view && view.laidOut;
      if (!view || !view.holder.querySelector('svg')) return;
      var full = isFull(view.block);
      if (last && last.full === full && Math.abs(last.width - view.block.clientWidth) < 1 &&
          (!full || Math.abs(last.height - view.block.clientHeight) < 1)) return;
      layout(view);
      reset(view);
    });
  });

  // --- Zoom and pan ------------------------------------------------------------------------------

  function clampScale(view, s) { return Math.min(view.maxScale || 4, Math.max(view.minScale || MIN_ZOOM, s)); }

  function applyTransform(view) {
    view.holder.style.transform = 'translate(' + view.x + 'px, ' + view.y + 'px) scale(' + view.scale + ')';
    view.block.setAttribute('data-scale', String(Math.round(view.scale * 1000) / 1000));
    var fitted = view.pannable && Math.abs(view.scale - view.fitScale) < 1e-3;
    var fit = view.block.querySelector('[data-action=fit]');
    if (fit) {
      fit.setAttribute('aria-pressed', String(fitted));
      var title = fitted ? 'Back to the legible size (0)' : 'Fit the whole diagram in the frame';
      fit.setAttribute('title', title);
      fit.setAttribute('aria-label', title);
      fit.setAttribute('data-title', title);
    }
  }

  // Scale to `scale` keeping the diagram point under (clientX, clientY) where it is.
  function zoomAt(view, scale, clientX, clientY) {
    var next = clampScale(view, scale);
    var rect = view.holder.getBoundingClientRect();  // transform-origin 0 0: rect.left = origin + x
    var px = clientX - rect.left + view.x, py = clientY - rect.top + view.y;
    var k = next / view.scale;
    view.x = px - k * (px - view.x);
    view.y = py - k * (py - view.y);
    view.scale = next;
    applyTransform(view);
  }

  function zoomBy(view, factor) {
    var r = view.viewport.getBoundingClientRect();
    zoomAt(view, view.scale * factor, r.left + r.width / 2, r.top + r.height / 2);
  }

  function panBy(view, dx, dy) {
    view.x += dx;
    view.y += dy;
    applyTransform(view);
  }

  function reset(view) {
    view.scale = 1;
    view.x = 0;
    view.y = 0;
    applyTransform(view);
  }

  // The whole drawing, centred in the frame; pressed again, back to the default view.
  function fitOrReset(view) {
    if (!view.pannable || Math.abs(view.scale - view.fitScale) < 1e-3) return reset(view);
    var svg = view.holder.querySelector('svg');
    var frame = view.viewport.getBoundingClientRect(), box = svg.getBoundingClientRect();
    var holder = view.holder.getBoundingClientRect();
    // the SVG's place in the untransformed holder, and the holder's in the frame
    var ox = (box.left - holder.left) / view.scale, oy = (box.top - holder.top) / view.scale;
    var hx = holder.left - view.x - frame.left, hy = holder.top - view.y - frame.top;
    var s = view.fitScale, w = box.width / view.scale * s, h = box.height / view.scale * s;
    view.scale = s;
    view.x = (frame.width - w) / 2 - ox * s - hx;
    view.y = (frame.height - h) / 2 - oy * s - hy;
    applyTransform(view);
  }

  // Ctrl/Cmd + wheel zooms (Chrome also sends a trackpad pinch this way); a plain wheel scrolls the
  // page, except a sideways one (trackpad swipe, Shift + wheel) over a frame that pans, which pans it.
  function onWheel(view, e) {
    if (!e.ctrlKey && !e.metaKey) {
      if (view.pannable && Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        panBy(view, -(e.deltaMode === 1 ? e.deltaX * 16 : e.deltaX), 0);
      }
      return;
    }
    e.preventDefault();
    var delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;  // lines -> pixels
    zoomAt(view, view.scale * Math.exp(-delta * 0.002), e.clientX, e.clientY);
  }

  // Mouse and pen drag pan; touch is handled by the touch events below (one finger scrolls the page).
  function onPointerDown(view, e) {
    if (e.button !== 0 || e.pointerType === 'touch') return;
    var startX = e.clientX, startY = e.clientY, originX = view.x, originY = view.y;
    view.dragged = false;
    function move(ev) {
      var dx = ev.clientX - startX, dy = ev.clientY - startY;
      if (!view.dragged && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) return;
      if (!view.dragged) view.viewport.setPointerCapture(ev.pointerId);  // keep the drag outside the window
      view.dragged = true;
      view.block.classList.add('is-dragging');
      view.x = originX + dx;
      view.y = originY + dy;
      applyTransform(view);
    }
    function up() {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      view.block.classList.remove('is-dragging');
      setTimeout(function () { view.dragged = false; }, 0);  // after the click this release may cause
    }
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  }

  // A drag that ends over a node link must not follow the link.
  function onClickCapture(view, e) {
    if (!view.dragged) return;
    view.dragged = false;
    e.preventDefault();
    e.stopPropagation();
  }

  function touchGeometry(touches) {
    var a = touches[0], b = touches[1];
    return { x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2,
             dist: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1 };
  }

  // Two fingers: pinch zooms around their midpoint and moving them pans. One finger is left to
  // the browser (touch-action: pan-x pan-y), so the page scrolls; over a frame that pans, the
  // browser keeps only vertical moves (pan-y) and a sideways swipe pans the diagram.
  function onTouchStart(view, e) {
    if (e.touches.length === 1 && view.pannable) {
      var t = e.touches[0];
      view.swipe = { x: t.clientX, y: t.clientY, originX: view.x, axis: null };
      return;
    }
    view.swipe = null;
    if (e.touches.length !== 2) return;
    e.preventDefault();
    var g = touchGeometry(e.touches);
    var rect = view.holder.getBoundingClientRect();
    view.pinch = { start: g, scale: view.scale, x: view.x, y: view.y,
                   px: g.x - rect.left + view.x, py: g.y - rect.top + view.y };
  }

  function onTouchMove(view, e) {
    var sw = view.swipe;
    if (sw && e.touches.length === 1) {
      var dx = e.touches[0].clientX - sw.x, dy = e.touches[0].clientY - sw.y;
      if (!sw.axis && Math.abs(dx) + Math.abs(dy) >= DRAG_THRESHOLD) sw.axis = Math.abs(dx) > Math.abs(dy) ? 'x' : 'y';
      if (sw.axis === 'x') {
        if (e.cancelable) e.preventDefault();
        view.x = sw.originX + dx;
        applyTransform(view);
      }
      return;
    }
    var p = view.pinch;
    if (!p || e.touches.length !== 2) return;
    e.preventDefault();
    var g = touchGeometry(e.touches);
    var scale = clampScale(view, p.scale * g.dist / p.start.dist);
    var k = scale / p.scale;
    view.scale = scale;
    view.x = p.px - k * (p.px - p.x) + (g.x - p.start.x);
    view.y = p.py - k * (p.py - p.y) + (g.y - p.start.y);
    applyTransform(view);
  }

  function onTouchEnd(view, e) {
    if (e.touches.length < 2) view.pinch = null;
    if (!e.touches.length) view.swipe = null;
  }

  // Keys when the diagram (or one of its buttons) has focus. F and Esc are handled globally.
  function onKeyDown(view, e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;  // Ctrl + '+' stays the browser's zoom
    var actions = {
      '+': function () { zoomBy(view, STEP); }, '=': function () { zoomBy(view, STEP); },
      '-': function () { zoomBy(view, 1 / STEP); }, '_': function () { zoomBy(view, 1 / STEP); },
      '0': function () { reset(view); },
      ArrowLeft: function () { panBy(view, PAN_STEP, 0); }, ArrowRight: function () { panBy(view, -PAN_STEP, 0); },
      ArrowUp: function () { panBy(view, 0, PAN_STEP); }, ArrowDown: function () { panBy(view, 0, -PAN_STEP); },
    };
    var action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  // --- Fullscreen, copy, download ----------------------------------------------------------------

  // Element fullscreen where the browser has it; else (iPhone Safari) the container becomes a
  // fixed overlay over the whole viewport, which the same button, F and Esc close.
  function toggleFullscreen(block) {
    if (document.fullscreenElement === block) return document.exitFullscreen();
    if (block.classList.contains('is-overlay')) return Promise.resolve(setOverlay(block, false));
    if (!block.requestFullscreen || document.fullscreenEnabled === false) return Promise.resolve(setOverlay(block, true));
    return block.requestFullscreen().then(function () { block.focus({ preventScroll: true }); },
                                          function () { setOverlay(block, true); });
  }

  function setOverlay(block, on) {
    block.classList.toggle('is-overlay', on);
    document.documentElement.classList.toggle('atlas-overlay-open', on);  // the page behind stays put
    var view = views.get(block);
    if (view) {
      layout(view);
      reset(view);
    }
    if (on) block.focus({ preventScroll: true });
  }

  // Entering or leaving fullscreen lays the diagram out again for the screen or the column and
  // resets the view. The event is fired at the element that entered or left.
  function onFullscreenChange(e) {
    var view = views.get(e.target);
    if (view) {
      layout(view);
      reset(view);
    }
  }

  function flash(button, label) {
    var title = button.getAttribute('data-title');
    button.setAttribute('title', label);
    button.classList.add('is-done');
    setTimeout(function () {
      button.setAttribute('title', title);
      button.classList.remove('is-done');
    }, 1500);
  }

  function copySource(view, button) {
    var text = view.source;
    var write = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text)
      : Promise.reject(new Error('no async clipboard'));
    return write.catch(function () {  // plain-HTTP hosts have no async clipboard
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand('copy');
      area.remove();
      if (!ok) throw new Error('copy failed');
    }).then(function () { flash(button, 'Copied'); }, function () { flash(button, 'Copy failed'); });
  }

  function fileName(view) {
    var slug = location.pathname.split('/').filter(Boolean).pop() || 'atlas';
    return slug + '-diagram-' + view.index + '.svg';
  }

  function downloadSvg(view) {
    var svg = view.holder.querySelector('svg');
    if (!svg) return;
    var copy = svg.cloneNode(true);  // at Mermaid's own size, not the size this page draws it at
    ['width', 'height', 'max-width', '--atlas-natural-width'].forEach(function (p) { copy.style.removeProperty(p); });
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width) copy.style.maxWidth = vb.width + 'px';
    var xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
    var url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml' }));
    var a = document.createElement('a');
    a.href = url;
    a.download = fileName(view);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // --- Building a viewer around a diagram ----------------------------------------------------------

  var ICONS = {  // 24 x 24 stroke icons
    fit: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5M9 9h6v6H9z',
    'zoom-in': 'M11 5v12M5 11h12M16 16l5 5',
    'zoom-out': 'M5 11h12M16 16l5 5',
    reset: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4',
    fullscreen: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
    copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
    download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  };
  var BUTTONS = [
    ['fit', 'Fit the whole diagram in the frame'],
    ['zoom-in', 'Zoom in (+)'], ['zoom-out', 'Zoom out (-)'], ['reset', 'Reset zoom (0)'],
    ['fullscreen', 'Fullscreen (F)'], ['copy', 'Copy Mermaid source'], ['download', 'Download SVG'],
  ];

  function button(action, title) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'atlas-diagram__button';
    b.setAttribute('data-action', action);
    b.setAttribute('data-title', title);
    b.setAttribute('title', title);
    b.setAttribute('aria-label', title);
    var circle = action.indexOf('zoom') === 0 ? '<circle cx="11" cy="11" r="6"/>' : '';
    b.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true">' + circle + '<path d="' + ICONS[action] + '"/></svg>' +
                  (action === 'fit' ? '<span>Fit</span>' : '');  // the one control with a word: it must be seen
    return b;
  }

  function onButton(view, action, b) {
    var run = {
      fit: function () { fitOrReset(view); },
      'zoom-in': function () { zoomBy(view, STEP); }, 'zoom-out': function () { zoomBy(view, 1 / STEP); },
      reset: function () { reset(view); }, fullscreen: function () { toggleFullscreen(view.block); },
      copy: function () { copySource(view, b); }, download: function () { downloadSvg(view); },
    };
    run[action]();
  }

  // A diagram drawn when the site was built (atlas.site.prerender) comes with the addresses of its
  // drawings (data-drawn-default, data-drawn-dark) and, near the top of its page, with its viewport
  // and the light drawing in it.
  function buildView(block, index) {
    var pre = block.querySelector('.atlas-diagram__source');
    var toolbar = document.createElement('div');
    toolbar.className = 'atlas-diagram__toolbar';
    var hint = document.createElement('span');
    hint.className = 'atlas-diagram__hint';
    hint.textContent = 'Drag or swipe to pan';
    toolbar.appendChild(hint);
    BUTTONS.forEach(function (spec) { toolbar.appendChild(button(spec[0], spec[1])); });
    var prerendered = {}, drawnUrls = {};
    ['default', 'dark'].forEach(function (theme) {
      var url = block.getAttribute('data-drawn-' + theme);
      if (url) drawnUrls[theme] = new URL(url, location.href).href;
    });
    var viewport = block.querySelector(':scope > .atlas-diagram__viewport');
    var holder = viewport && viewport.querySelector(':scope > .atlas-diagram__svg');
    if (holder) {
      prerendered[block.getAttribute('data-theme')] = holder.innerHTML;
      block.insertBefore(toolbar, viewport);
    } else {
      viewport = document.createElement('div');
      viewport.className = 'atlas-diagram__viewport';
      holder = document.createElement('div');
      holder.className = 'atlas-diagram__svg';
      viewport.appendChild(holder);
      block.appendChild(toolbar);
      block.appendChild(viewport);
    }
    block.tabIndex = 0;
    block.setAttribute('role', 'figure');
    block.setAttribute('aria-label', 'Diagram. Ctrl + wheel or + and - zoom, drag or arrow keys pan, F fullscreen.');
    return { block: block, viewport: viewport, holder: holder, source: pre ? pre.textContent : '',
             index: index, scale: 1, x: 0, y: 0, theme: null, pending: null, renders: 0, prerendered: prerendered, drawnUrls: drawnUrls,
             near: false, dragged: false, pinch: null, swipe: null,
             base: 1, minFont: 0, pannable: false, fitScale: 1, minScale: MIN_ZOOM, maxScale: 4, laidOut: null };
  }

  function bind(view) {
    var block = view.block, viewport = view.viewport;
    viewport.addEventListener('wheel', function (e) { onWheel(view, e); }, { passive: false });
    viewport.addEventListener('pointerdown', function (e) { onPointerDown(view, e); });
    viewport.addEventListener('click', function (e) { onClickCapture(view, e); }, true);
    viewport.addEventListener('dragstart', function (e) { e.preventDefault(); });
    viewport.addEventListener('touchstart', function (e) { onTouchStart(view, e); }, { passive: false });
    viewport.addEventListener('touchmove', function (e) { onTouchMove(view, e); }, { passive: false });
    viewport.addEventListener('touchend', function (e) { onTouchEnd(view, e); });
    viewport.addEventListener('touchcancel', function (e) { onTouchEnd(view, e); });
    block.addEventListener('keydown', function (e) { onKeyDown(view, e); });
    block.addEventListener('pointerenter', function () { hovered = block; });
    block.addEventListener('pointerleave', function () { if (hovered === block) hovered = null; });
    block.querySelector('.atlas-diagram__toolbar').addEventListener('click', function (e) {
      var b = e.target.closest('button[data-action]');
      if (b) onButton(view, b.getAttribute('data-action'), b);
    });
  }

  var nearObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var view = views.get(entry.target);
      if (!view) return;
      view.near = entry.isIntersecting;
      if (view.near) scheduleRender(entry.target);
    });
  }, { rootMargin: NEAR });

  // Called on every page Material shows (first load and each instant navigation): diagrams that
  // left the page are forgotten, new ones get a viewer. A diagram is never set up twice.
  function setUpPage() {
    observed.forEach(function (block) {
      if (!block.isConnected) {
        nearObserver.unobserve(block);
        resizeObserver.unobserve(block);
        observed.delete(block);
      }
    });
    if (hovered && !hovered.isConnected) hovered = null;
    if (!document.querySelector('.atlas-diagram.is-overlay')) document.documentElement.classList.remove('atlas-overlay-open');
    document.querySelectorAll('.atlas-diagram').forEach(function (block, i) {
      if (views.has(block)) return;
      var view = buildView(block, i + 1);
      views.set(block, view);
      bind(view);
      observed.add(block);
      nearObserver.observe(block);
      resizeObserver.observe(block);
      // Drawn by the build: the drawing in the HTML is usable at once; one in a file of its own (the
      // other scheme's, or one further down a long page) is fetched when it comes near, or now if it
      // is the other scheme's (so that a dark page prints whole).
      var theme = scheme();
      if (block.getAttribute('data-theme') === theme && view.prerendered[theme]) shown(view, theme);
      else if (view.drawnUrls[theme] && view.holder.firstChild) scheduleRender(block);
    });
    afterLoad(fetchTheRest);
  }

  // Once the page has loaded, the build's drawings not fetched yet are fetched, one after the other:
  // small files, and then the page prints whole and scrolls without waiting.
  function fetchTheRest() {
    observed.forEach(function (block) {
      var view = views.get(block);
      if (view && block.isConnected && view.drawnUrls[scheme()]) scheduleRender(block);
    });
  }

  function afterLoad(fn) {
    if (document.readyState === 'complete') setTimeout(fn, 0);
    else window.addEventListener('load', function () { setTimeout(fn, 0); }, { once: true });
  }

  // --- Page-wide handlers (added once) -----------------------------------------------------------

  function isTextField(el) {
    if (!el) return false;
    var tag = el.tagName;
    return el.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT' ||
           (tag === 'INPUT' && !/^(button|checkbox|radio|submit|reset|range|color|file|image)$/i.test(el.type));
  }

  function targetDiagram() {
    var full = document.fullscreenElement || document.querySelector('.atlas-diagram.is-overlay');
    if (full && views.has(full)) return full;
    var focused = document.activeElement && document.activeElement.closest &&
                  document.activeElement.closest('.atlas-diagram');
    if (focused && views.has(focused)) return focused;
    return hovered && hovered.isConnected ? hovered : null;
  }

  // Capture phase, ahead of Material's own shortcuts (its "f" opens the search).
  function onGlobalKeyDown(e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'p' || e.key === 'P') && !allDrawn()) {
      e.preventDefault();  // Ctrl/Cmd + P: draw every diagram first, then print
      renderAll().then(function () { window.print(); });
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
    if (e.key === 'Escape' && document.fullscreenElement && views.has(document.fullscreenElement)) {
      document.exitFullscreen();
      return;
    }
    var overlay = document.querySelector('.atlas-diagram.is-overlay');
    if (e.key === 'Escape' && overlay) {
      setOverlay(overlay, false);
      return;
    }
    if (e.key !== 'f' && e.key !== 'F') return;
    var block = targetDiagram();
    if (!block) return;
    e.preventDefault();
    e.stopPropagation();
    toggleFullscreen(block);
  }

  function onSchemeChange() {
    observed.forEach(function (block) {
      var view = views.get(block);  // the build's drawings are swapped at once; Mermaid's wait to come near
      if (view && (view.near || view.prerendered[scheme()] || view.drawnUrls[scheme()])) scheduleRender(block);
    });
  }

  // --- Print ---------------------------------------------------------------------------------------

  function allDrawn() {
    var done = true;
    observed.forEach(function (block) {
      var view = views.get(block);
      if (view && block.isConnected && view.theme !== scheme() && !block.hasAttribute('data-error')) done = false;
    });
    return done;
  }

  // Queue a render of every diagram on the page not drawn in the current scheme.
  function renderAll() {
    observed.forEach(function (block) { if (block.isConnected) scheduleRender(block); });
    return renderQueue;
  }

  // The browser lays the page out for print right after the beforeprint listeners (and the
  // microtasks they queue) have run. Mermaid's renders are promises, except that its layout
  // engine (ELK) posts its messages with setTimeout(0); for the length of these renders such a
  // timer runs as a microtask instead, so every diagram is drawn before the page is printed.
  // Mermaid itself must be loaded by then (it is as soon as any diagram came near the viewport).
  function onBeforePrint() {
    if (allDrawn()) return;
    if (!window.mermaid) {  // drawings the build made are put in place at once; Mermaid's cannot be
      renderAll();
      return;
    }
    var setTimeoutBefore = window.setTimeout;
    window.setTimeout = function (fn, delay) {
      if (delay || typeof fn !== 'function') return setTimeoutBefore.apply(window, arguments);
      var args = Array.prototype.slice.call(arguments, 2);
      queueMicrotask(function () { fn.apply(window, args); });
      return 0;
    };
    var restore = function () { window.setTimeout = setTimeoutBefore; };
    renderAll().then(restore, restore);
  }

  document.addEventListener('keydown', onGlobalKeyDown, true);
  document.addEventListener('fullscreenchange', onFullscreenChange);
  window.addEventListener('beforeprint', onBeforePrint);
  new MutationObserver(onSchemeChange)
    .observe(document.body, { attributes: true, attributeFilter: ['data-md-color-scheme'] });
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(setUpPage);
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUpPage);
  } else {
    setUpPage();
  }

  // --- Drawing at build time -----------------------------------------------------------------------

  // What a drawing carries that nothing reads once it is drawn: each edge's points as data (for
  // Mermaid's own animations) and path coordinates to 1/1000000 px (two decimals are 1/100 px).
  function compact(svg) {
    svg.querySelectorAll('[data-points]').forEach(function (el) { el.removeAttribute('data-points'); });
    svg.querySelectorAll('path[d]').forEach(function (el) {
      el.setAttribute('d', el.getAttribute('d').replace(/(\.\d\d)\d+/g, '$1'));
    });
  }

  // The site's build (atlas.site.prerender) opens a page of the built site and asks for its
  // diagrams: each source drawn in `theme` with the given SVG id, in a container like a page's, as
  // SVG markup; null where Mermaid cannot draw it (the reader's browser then tries, and shows why).
  function prerender(sources, ids, theme) {
    document.body.setAttribute('data-md-color-scheme', theme === 'dark' ? 'slate' : 'default');
    var column = document.querySelector('.md-content__inner') || document.body;
    var out = [];
    var chain = Promise.resolve();
    sources.forEach(function (source, i) {
      chain = chain.then(function () {
        var block = document.createElement('div');
        block.className = 'atlas-diagram';
        column.appendChild(block);
        var view = buildView(block, 0);
        view.source = source;
        return draw(view, theme, ids[i]).then(function () {
          compact(view.holder.querySelector('svg'));
          out.push(view.holder.innerHTML);
        }, function () { out.push(null); }).then(function () { block.remove(); });
      });
    });
    return chain.then(function () { return out; });
  }

  // For the tests and the benchmark: a promise that settles when the renders queued so far are
  // done, and one that draws every diagram of the page first. For the build: prerender.
  window.atlasViewer = { idle: function () { return renderQueue; }, renderAll: renderAll, prerender: prerender };
})();

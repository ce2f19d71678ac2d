// The benchmark's baseline: stock `await mermaid.parse(text)` on every diagram, in one Node process,
// the way a user would call it from Node. jsdom provides `window` and `document` (Mermaid's
// DOMPurify needs a window); there is no getConfig memo and no sanitizer shortcut.
//
// usage: node stock-parse.mjs <node_modules> <diagrams.json>
//   diagrams.json: a JSON array of diagram sources.
// Prints one JSON line: {"diagrams", "ok", "failed", "parse_seconds", "startup_seconds", "mermaid",
// "heap_mb"}. `parse_seconds` covers the parse loop only (imports and jsdom set-up are
// `startup_seconds`), so the baseline is the most favourable reading of the stock path.
//
// Run it with a large heap (the runner passes --max-old-space-size): with jsdom, stock parsing
// keeps ~1.8 MB per 6 KB diagram alive (DOMPurify's sanitizing; the lint worker, whose sanitizer
// is the identity, stays flat), and 3,000 diagrams outgrow Node's default heap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [modules, listFile] = process.argv.slice(2);
const started = performance.now();
const fromModules = (p) => pathToFileURL(path.join(modules, p)).href;

const { JSDOM } = await import(fromModules('jsdom/lib/api.js'));
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.Option = dom.window.Option; // the sequence diagram's box colours use `new Option()`

// The package's own entry point ("exports" -> dist/mermaid.core.mjs), as `import mermaid from 'mermaid'`.
const pkg = JSON.parse(await readFile(path.join(modules, 'mermaid/package.json'), 'utf8'));
const entry = (pkg.exports && pkg.exports['.'] && (pkg.exports['.'].import || pkg.exports['.'].default)) || pkg.module || pkg.main;
const { default: mermaid } = await import(fromModules(path.join('mermaid', entry)));
mermaid.initialize({ startOnLoad: false });

const diagrams = JSON.parse(await readFile(listFile, 'utf8'));
const ready = performance.now();
let ok = 0;
let failed = 0;
for (const text of diagrams) {
  try {
    await mermaid.parse(text);
    ok += 1;
  } catch {
    failed += 1;
  }
}
const done = performance.now();
process.stdout.write(JSON.stringify({
  diagrams: diagrams.length, ok, failed, mermaid: pkg.version,
  parse_seconds: (done - ready) / 1000, startup_seconds: (ready - started) / 1000,
  heap_mb: Math.round(process.memoryUsage().heapUsed / 1e6),
}) + '\n');

// Long-lived Mermaid worker for `atlas lint`.
//
// Protocol: one JSON object per line on stdin {"id", "text"}; one JSON object
// per line on stdout {"id", "ok", "type", "error", "structure"}. The parent
// (atlas.mermaid_worker) enforces time-outs and restarts us if we hang or die.
//
// argv[2]: path of the project's node_modules (the pinned mermaid lives there).
// env ATLAS_STOCK=1 disables the getConfig memo (used by the benchmark and
// the equivalence test to compare against stock behaviour).
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import path from 'node:path';

const modules = process.argv[2];
if (process.env.ATLAS_STOCK !== '1') {
  register('./mermaid-hooks.mjs', import.meta.url);
}
const fromModules = (p) => pathToFileURL(path.join(modules, p)).href;

// Mermaid sanitizes labels with DOMPurify, which needs a browser window. The
// linter wants the labels as written (the security rule inspects raw HTML), so
// sanitizing is the identity here; rendering in the browser still sanitizes.
// A few diagram databases touch `window` while parsing (sequence, for one).
const { JSDOM } = await import(fromModules('jsdom/lib/api.js'));
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.Option = dom.window.Option;

const { default: DOMPurify } = await import(fromModules('dompurify/dist/purify.es.mjs'));
DOMPurify.addHook = () => {};
DOMPurify.removeHook = () => {};
DOMPurify.removeAllHooks = () => {};
DOMPurify.sanitize = (text) => String(text);

const { default: mermaid } = await import(fromModules('mermaid/dist/mermaid.core.mjs'));
const pkg = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(modules, 'mermaid/package.json'), 'utf8'));
mermaid.initialize({ startOnLoad: false, securityLevel: 'loose', logLevel: 'fatal' });

const send = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

function errorLine(err) {
  const h = err && err.hash;
  if (h && h.loc && typeof h.loc.first_line === 'number') return h.loc.first_line;
  if (h && typeof h.line === 'number') return h.line + 1;
  const m = /line (\d+)/i.exec(String(err && err.message));
  return m ? Number(m[1]) : null;
}

function flowchartStructure(db) {
  const vertices = [];
  for (const v of db.getVertices().values()) {
    vertices.push({ id: v.id, text: v.text ?? '', classes: v.classes ?? [], styles: v.styles ?? [], link: v.link ?? null, callback: Boolean(v.haveCallback) });
  }
  const classDefs = {};
  for (const [name, c] of db.getClasses()) classDefs[name] = c.styles ?? [];
  const subgraphs = db.getSubGraphs().map((s) => ({ id: s.id, title: s.title ?? '', nodes: s.nodes ?? [], classes: s.classes ?? [] }));
  const edges = db.getEdges().map((e) => ({ start: e.start, end: e.end, type: e.type ?? '', text: e.text ?? '' }));
  const direction = db.getDirection ? (db.getDirection() ?? null) : null;  // TB, LR...: the size rule (DIA002)
  return { kind: 'flowchart', direction, vertices, classDefs, subgraphs, edges };
}

function sequenceStructure(db) {
  const actors = [];
  for (const [id, a] of db.getActors()) actors.push({ id, label: a.description ?? id, box: a.box ? (a.box.name ?? '') : null });
  const boxes = (db.getBoxes ? db.getBoxes() : []).map((b) => ({ name: b.name ?? '', fill: b.fill ?? null, actors: b.actorKeys ?? [] }));
  // Messages and notes between participants (not loop/alt/activation markers): the size rule (DIA002).
  const messages = db.getMessages().filter((m) => m.from && typeof m.message === 'string')
    .map((m) => ({ from: m.from, to: m.to ?? m.from, text: m.message }));
  return { kind: 'sequence', actors, boxes, messages };
}

// Gantt: computing the tasks is the first step of drawing, and fails where drawing would
// (a ':' in a task's text makes the rest of the line its data: "reading 'type'").
function ganttStructure(db) {
  const tasks = db.getTasks().map((t) => ({ text: t.task ?? '', section: t.section ?? '' }));
  return { kind: 'gantt', tasks };
}

function timelineStructure(db) {
  const periods = db.getTasks().map((t) => ({ text: t.task ?? '', section: t.section ?? '', events: t.events ?? [] }));
  return { kind: 'timeline', sections: db.getSections(), periods };
}

async function handle(req) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(req.text);
    let structure = { kind: 'other' };
    if (diagram.type.startsWith('flowchart') || diagram.type === 'graph') structure = flowchartStructure(diagram.db);
    else if (diagram.type === 'sequence') structure = sequenceStructure(diagram.db);
    else if (diagram.type === 'gantt') structure = ganttStructure(diagram.db);
    else if (diagram.type === 'timeline') structure = timelineStructure(diagram.db);
    return { id: req.id, ok: true, type: diagram.type, structure };
  } catch (err) {
    const message = String((err && err.message) || err).trim();
    return { id: req.id, ok: false, error: { message, line: errorLine(err), name: err && err.name } };
  }
}

send({ ready: true, mermaid: pkg.version });
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let req;
  try { req = JSON.parse(line); } catch { send({ id: null, ok: false, error: { message: 'bad request' } }); continue; }
  send(await handle(req));
}

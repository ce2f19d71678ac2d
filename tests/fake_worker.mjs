// A stand-in for src/atlas/js/mermaid-worker.mjs that speaks the same JSON-lines protocol, to test
// the parent's time-out and restart logic (atlas.mermaid_worker) without depending on a diagram
// that happens to make Mermaid slow:
//   a request whose text contains HANG is never answered (the process stays alive);
//   a request whose text contains DIE makes the process exit at once;
//   any other request is answered {"ok": true, "type": "fake", "structure": {"kind": "other"}}.
// env FAKE_WORKER_NO_READY=1: exit before saying ready (a worker that cannot start).
import { createInterface } from 'node:readline';

if (process.env.FAKE_WORKER_NO_READY === '1') process.exit(1);
const send = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
send({ ready: true, mermaid: 'fake' });
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const req = JSON.parse(line);
  if (req.text.includes('DIE')) process.exit(3);
  if (req.text.includes('HANG')) continue;
  send({ id: req.id, ok: true, type: 'fake', structure: { kind: 'other' } });
}

// A stand-in for src/atlas/js/mermaid-worker.mjs that speaks the same JSON-lines protocol, to test
// the parent's time-out and restart logic (atlas.mermaid_worker) without depending on a diagram
// that happens to make Mermaid slow:
//   a request whose text contains HANG is never answered (the process stays alive);
//   a request whose text contains DIE makes the process exit at once;
//   a request whose text contains NOISE gets a line that is not JSON first, the answer 100 ms later;
//   a request whose text contains CHATTY gets a line that is not JSON and the answer in one write;
//   a request whose text contains LATE gets half a line at once and, 1 s later, its end and an
//     answer longer than the parent's 8 KiB read (so part of it is still in the pipe when the line ends);
//   a request whose text contains EOF makes the process close its stdout 200 ms later and stay alive;
//   any other request is answered {"ok": true, "type": "fake", "structure": {"kind": "other"}}.
// env FAKE_WORKER_NO_READY=1: exit before saying ready (a worker that cannot start);
// env FAKE_WORKER_STDERR=text: the same, after writing text to stderr.
import { createInterface } from 'node:readline';
import { closeSync } from 'node:fs';

if (process.env.FAKE_WORKER_STDERR) {
  process.stderr.write(process.env.FAKE_WORKER_STDERR);
  process.exit(1);
}
if (process.env.FAKE_WORKER_NO_READY === '1') process.exit(1);
const send = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
send({ ready: true, mermaid: 'fake' });
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const req = JSON.parse(line);
  if (req.text.includes('DIE')) process.exit(3);
  if (req.text.includes('HANG')) continue;
  const answer = { id: req.id, ok: true, type: 'fake', structure: { kind: 'other' } };
  if (req.text.includes('NOISE')) {
    process.stdout.write('not json: a library talking\n');
    setTimeout(() => send(answer), 100);
    continue;
  }
  if (req.text.includes('CHATTY')) {
    process.stdout.write('not json: a library talking\n' + JSON.stringify(answer) + '\n');
    continue;
  }
  if (req.text.includes('LATE')) {
    process.stdout.write('half a line');
    setTimeout(() => process.stdout.write('\n' + JSON.stringify({ ...answer, pad: 'x'.repeat(20000) }) + '\n'), 1000);
    continue;
  }
  if (req.text.includes('EOF')) {
    setTimeout(() => { closeSync(1); setInterval(() => {}, 1000); }, 200);
    continue;
  }
  send({ id: req.id, ok: true, type: 'fake', structure: { kind: 'other' } });
}

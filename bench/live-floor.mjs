// Same-run CPU baseline for the live pipeline: a bare process that only polls the pty and sends one frame per read.
// It does what no pipeline can avoid at the app's read cadence (timer wakeup, read syscall, one WebSocket message of
// the same size to the same browser) and nothing else: no parsing, no decoding, no app. The app's CPU is reported
// next to it, because on a shared VM a wakeup alone can cost more than the whole pipeline does on bare metal.
// Plain JavaScript on plain Node, like the bundled app it is compared with. Usage: live-floor.mjs <pty> <interval ms>.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const path = process.argv[2];
const intervalMs = Number(process.argv[3]);
const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
let client = null;
wss.on('connection', (ws) => { client = ws; });
wss.on('listening', () => {
  const addr = wss.address();
  process.stdout.write(`ws://127.0.0.1:${addr !== null && typeof addr === 'object' ? addr.port : 0}\n`);
});

const scratch = Buffer.allocUnsafe(16_384);
/** Frames of every size a read can produce (40-byte header + 2 channels × 4 bytes per sample), made once. */
const frames = [];
const frameFor = (samples) => (frames[samples] ??= Buffer.alloc(40 + samples * 8));
setInterval(() => {
  let lines = 0;
  for (;;) {
    let n = 0;
    try { n = readSync(fd, scratch, 0, scratch.length, null); } catch { break; } // EAGAIN: nothing buffered
    for (let i = 0; i < n; i++) if (scratch[i] === 10) lines++;
    if (n < scratch.length) break;
  }
  if (lines > 0 && client) client.send(frameFor(lines), { binary: true });
}, intervalMs);
process.on('SIGTERM', () => { closeSync(fd); process.exit(0); });

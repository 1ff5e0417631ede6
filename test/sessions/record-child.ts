// Child process for the kill -9 test: records synthetic 1 kHz × 2 ch batches in real time until killed.
import { Recorder } from '../../sessions/recorder.ts';
import { EMG2, batch } from './helpers.ts';

const out = process.argv[2];
if (!out) { process.stderr.write('usage: record-child <out.edf>\n'); process.exit(1); }
const rec = new Recorder({ outPath: out, header: EMG2 });
let next = 0;
const t0 = Date.now();
setInterval(() => {
  const due = Math.floor(Date.now() - t0); // 1 sample per ms
  if (due <= next) return;
  rec.onBatch(batch(EMG2, next, due - next));
  next = due;
  process.stdout.write(`sent ${next}\n`);
}, 20);

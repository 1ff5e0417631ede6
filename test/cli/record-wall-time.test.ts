// `loslaten record --seconds` counts wall-clock time from the first sample, not samples received: a lossy LL1 stream
// (30 % of samples never sent) and a stream that stalls both end on time, over a real pty pair (socat + serialport).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHeader, encodeSample, type StreamHeader } from '../../firmware-protocol/codec.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { STOP_GRACE_MS } from '../../cli/record.ts';
import { PtyPair } from '../helpers/pty.ts';

const pairs: PtyPair[] = [];
afterAll(async () => { for (const p of pairs) await p.stop(); });

/**
 * When `loslaten record` stopped, seen from the device: its STOP arrived `stopS` after streaming began. The ending is
 * timed by that, not by the process's exit, which also finishes the file and tears Node down (a busy machine can add
 * most of a second there). Allowed: the time asked for, the grace for samples in flight, and `slackS` for a late timer or
 * a slow pty, below what the old behaviour took. The process must still exit soon after.
 */
function expectEndsOnTime(r: { stopS: number; wallS: number }, seconds: number, slackS: number): void {
  expect(r.stopS).toBeGreaterThan(seconds - 0.1);
  expect(r.stopS).toBeLessThan(seconds + STOP_GRACE_MS / 1000 + slackS);
  expect(r.wallS).toBeLessThan(r.stopS + 5);
}

const H: StreamHeader = { rateHz: 1000, channels: [{ label: 'PF', kind: 'emg', unit: 'uV', scale: 0.1, rawMin: -32768, rawMax: 32767 }] };

/**
 * An LL1 device on `port`: once the host speaks (INFO/START), sends the header and 20 samples every 20 ms, skipping
 * the first 30 of every 100 samples (30 % lost, in bursts as a bad cable loses them), and goes silent after `stallAfterMs` (if given). Resolves the time
 * streaming started; `stopAt` the time the host's STOP arrived.
 */
function lossyDevice(portPath: string, stallAfterMs: number | null): { started: Promise<number>; stopAt: () => number | null; close: () => Promise<void> } {
  const port = new SerialPort({ path: portPath, baudRate: 921600 });
  let timer: NodeJS.Timeout | null = null;
  let seq = 0;
  let t0 = 0;
  // The host's STOP (sent the moment `loslaten record` decides to end, before it finishes the file and exits).
  let heard = '';
  let stopAt: number | null = null;
  port.on('data', (d: Buffer) => { if (stopAt === null && (heard = (heard + d.toString('latin1')).slice(-64)).includes('STOP')) stopAt = Date.now(); });
  const started = new Promise<number>((resolve) => {
    port.once('data', () => {
      t0 = Date.now();
      resolve(t0);
      port.write(encodeHeader(H) + '\n');
      timer = setInterval(() => {
        if (stallAfterMs !== null && Date.now() - t0 > stallAfterMs) return;
        let out = '';
        const due = Math.floor((Date.now() - t0) * (H.rateHz / 1000));
        for (; seq < due; seq++) {
          if (seq % 100 >= 30) out += encodeSample(seq, [((seq * 37) % 2000) - 1000]) + '\n';
          if (seq % 250 === 40) out += 'garbage 12,x\n'; // a line that does not parse: counted, skipped, noted
        }
        if (seq % 1000 < 20) out = encodeHeader(H) + '\n' + out;
        port.write(out);
      }, 20);
    });
  });
  return { started, stopAt: () => stopAt, close: () => new Promise((r) => { if (timer) clearInterval(timer); port.close(() => r()); }) };
}

async function recordFor(seconds: number, stallAfterMs: number | null): Promise<{ code: number | null; stdout: string; stderr: string; wallS: number; stopS: number; out: string }> {
  const pty = await new PtyPair().start();
  pairs.push(pty);
  const dev = lossyDevice(pty.a, stallAfterMs);
  const out = path.join(pty.dir, 'r.edf');
  const rec = spawn('node', ['bin/loslaten.mjs', 'record', '--port', pty.b, '--device', 'll1', '--out', out, '--seconds', String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  rec.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  rec.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const t0 = await dev.started;
  const code = await new Promise<number | null>((r) => rec.on('exit', r));
  const wallS = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 200)); // the STOP written just before the port closed, still in the pty
  const stopAt = dev.stopAt();
  await dev.close();
  return { code, stdout, stderr, wallS, stopS: stopAt === null ? Infinity : (stopAt - t0) / 1000, out };
}

describe('record --seconds is wall time', () => {
  it('a stream losing 30 % of its samples stops after the time asked for, with the losses annotated', async () => {
    const r = await recordFor(3, null);
    expect(r.code, r.stderr).toBe(0);
    // Counting received samples would need 3 / 0.7 = 4.3 s; wall time ends at 3 s (+ 0.3 s for samples in flight).
    expectEndsOnTime(r, 3, 0.9); // below the 4.3 s of counting; the 3 records below prove it too
    const f = openEdf(r.out);
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    expect(f.value.records).toBe(3);
    const ann = f.value.readAnnotations();
    if (!ann.ok) throw new Error(JSON.stringify(ann.error));
    const lost = ann.value.annotations.filter((x) => /^lost \d+ samples$/.test(x.text));
    expect(lost.length).toBeGreaterThanOrEqual(28); // 30 samples lost in every 100
    expect(lost.every((x) => x.text === 'lost 30 samples')).toBe(true);
    // Every kept sample has the value its seq was sent with (the file starts at seq 30, the first one sent).
    const d = f.value.readDigital(0);
    for (let i = 0; i < 2970; i++) { const seq = i + 30; if (seq % 100 >= 30 && d[i] !== ((seq * 37) % 2000) - 1000) throw new Error(`sample ${i}: ${d[i]}`); }
    f.value.close();
    expect(r.stdout).toMatch(/wall time/);
    // Bad lines are noted in the file (at most once a second) and add up to the sidecar's count.
    const notes = ann.value.annotations.filter((x) => /^rejected \d+ lines? \(syntax \d+\)$/.test(x.text));
    expect(notes.length).toBeGreaterThanOrEqual(2);
    const noted = notes.reduce((n, x) => n + Number(/^rejected (\d+)/.exec(x.text)![1]), 0);
    const sc = JSON.parse(fs.readFileSync(fs.readdirSync(path.dirname(r.out)).filter((n) => n.endsWith('.json')).map((n) => path.join(path.dirname(r.out), n))[0]!, 'utf8'));
    expect(noted).toBe(sc.recording.rejected.syntax);
    expect(noted).toBeGreaterThanOrEqual(10); // 4 a second for 3 s
  }, 30_000);

  it('a stream that stalls after 1 s still ends at the time asked for, not 10 s later', async () => {
    const r = await recordFor(3, 1000);
    expect(r.code, r.stderr).toBe(0);
    expectEndsOnTime(r, 3, 1); // the old behaviour went on for 10 s more
    const f = openEdf(r.out);
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    expect(f.value.records).toBeGreaterThanOrEqual(1);
    expect(f.value.records).toBeLessThanOrEqual(2);
    f.value.close();
  }, 30_000);
});

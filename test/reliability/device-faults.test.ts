// Faults on the real stack (socat pty + serialport + DeviceLink + recorder): header change, permission, garbage flood.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkOnlyStatus } from '../../core/device/link.ts';
import { DeviceLink } from '../../core/device/link.ts';
import type { StreamHeader } from '../../firmware-protocol/codec.ts';
import type { SampleBatch } from '../../firmware-protocol/decoder.ts';
import { openEdf } from '../../sessions/edf-reader.ts';
import { Recorder, type RecordingSummary } from '../../sessions/recorder.ts';
import { PtyPair, ROOT, requireTool, waitFor } from '../helpers/pty.ts';
import { GarbageFlood, ScriptedLl1Device, rawOf } from './fake-device.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const emg = (label: string) => ({ label, kind: 'emg' as const, unit: 'uV' as const, scale: 0.1, rawMin: -32768, rawMax: 32767 });
const H_2K: StreamHeader = { rateHz: 2000, channels: [emg('PF'), emg('ABD')] };
const H_1K: StreamHeader = { rateHz: 1000, channels: [emg('PF'), emg('ABD')] }; // rate change
const H_P1: StreamHeader = { rateHz: 100, channels: [{ label: 'P', kind: 'pressure', unit: 'mmHg', scale: 0.01, rawMin: 0, rawMax: 30000 }] }; // channels

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

describe('device faults on a real pty', () => {
  it('a header change mid-stream (rate, then channels) starts a new stream; the recording ends cleanly and stays readable', async () => {
    const pair = await new PtyPair().start();
    cleanup.push(() => pair.stop());
    const dev = await new ScriptedLl1Device(pair.a, H_2K).open();
    cleanup.push(() => dev.close());
    const headers: { h: StreamHeader; changed: boolean; id: number }[] = [];
    const statuses: LinkOnlyStatus[] = [];
    /** Received samples per stream id: [index, raw0, raw1?] flattened. */
    const got = new Map<number, number[]>();
    let rec: Recorder | null = null;
    const link = new DeviceLink({
      onHeader: (h, changed, id) => {
        headers.push({ h, changed, id });
        if (!rec && changed) rec = new Recorder({ outPath: join(mkdtempSync(join(tmpdir(), 'loslaten-rel-')), 'h.edf'), header: h });
      },
      onBatch: (b: SampleBatch) => {
        rec?.onBatch(b);
        const a = got.get(b.streamId) ?? [];
        for (let i = 0; i < b.count; i++) { a.push(b.firstSampleIndex + i); for (const ch of b.channels) a.push(ch[i]!); }
        got.set(b.streamId, a);
      },
      onStatus: (s) => statuses.push(s),
    });
    cleanup.push(() => link.disconnect());
    expect((await link.connect('serial:' + pair.b)).ok).toBe(true);
    const count = (id: number, h: StreamHeader) => (got.get(id)?.length ?? 0) / (1 + h.channels.length);
    await waitFor(() => count(1, H_2K) >= 3000, 8000, '3000 samples of the first stream');
    dev.switchTo(H_1K);
    await waitFor(() => count(2, H_1K) >= 1000, 8000, 'samples of the 1 kHz stream');
    expect(link.status().streamId).toBe(2);
    expect(link.status().header).toEqual(H_1K);
    dev.switchTo(H_P1);
    await waitFor(() => count(3, H_P1) >= 100, 8000, 'samples of the pressure stream');
    const st = link.status();
    expect(st.state).toBe('streaming');
    expect(st.streamId).toBe(3);
    expect(st.header).toEqual(H_P1);
    expect(st.counters.lost).toBe(0);
    expect(Object.values(st.counters.rejected).reduce((a, b) => a + b, 0)).toBe(0);
    // The link announced each new header as a change, and pushed a status showing it.
    expect(headers.filter((x) => x.changed).map((x) => [x.id, x.h.rateHz, x.h.channels.length])).toEqual([[1, 2000, 2], [2, 1000, 2], [3, 100, 1]]);
    expect(statuses.some((s) => s.streamId === 2 && s.header?.rateHz === 1000)).toBe(true);
    expect(statuses.some((s) => s.streamId === 3 && s.header?.channels.length === 1)).toBe(true);
    // Every stream's samples start at index 0 on its own clock and carry exactly the device's values.
    for (const [id, h, s] of [[1, H_2K, 0], [2, H_1K, 1], [3, H_P1, 2]] as const) {
      const a = got.get(id)!;
      const w = 1 + h.channels.length;
      for (let k = 0; k < a.length / w; k++) {
        expect(a[k * w]).toBe(k);
        for (let c = 0; c < h.channels.length; c++) if (a[k * w + 1 + c] !== rawOf(h, s, c, k)) throw new Error(`stream ${id} sample ${k} ch ${c}: ${a[k * w + 1 + c]}`);
      }
    }
    // The recorder stopped at the change with a reason, kept every sample of the first stream, and the file reads back.
    const r = rec as Recorder | null;
    expect(r?.failure?.kind).toBe('stream-changed');
    const sum: RecordingSummary = await r!.close();
    const first = count(1, H_2K);
    expect(sum.samples).toBe(first);
    expect(sum.dropped).toBe(count(2, H_1K) + count(3, H_P1));
    const edf = openEdf(sum.path);
    if (!edf.ok) throw new Error(JSON.stringify(edf.error));
    expect(edf.value.header.records).toBe(Math.ceil(first / 2000));
    const d0 = edf.value.readDigital(0);
    const d1 = edf.value.readDigital(1);
    for (let k = 0; k < first; k++) if (d0[k] !== rawOf(H_2K, 0, 0, k) || d1[k] !== rawOf(H_2K, 0, 1, k)) throw new Error(`file sample ${k}`);
    edf.value.close();
  });

  it('reports permission-denied for a port the user may not open (run as nobody)', async () => {
    requireTool('setpriv', 'util-linux');
    // The child runs as nobody when nobody can read the project; where the checkout is private (a root-only folder)
    // it runs as root without any capability instead (no DAC override), against a port owned by nobody. Either way
    // the kernel refuses the open for lack of permission, as it would for a user outside the dialout group.
    const asNobody = (args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    const nobodyCanRead = asNobody(['test', '-r', join(ROOT, 'core/device/link.ts'), '-a', '-x', join(ROOT, 'node_modules/.bin')]).status === 0;
    const asUnprivileged = nobodyCanRead ? asNobody
      : (args: string[]) => spawnSync('setpriv', ['--inh-caps=-all', '--bounding-set=-all', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    const ownerUid = nobodyCanRead ? 0 : 65534;
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-perm-'));
    chmodSync(dir, 0o755); // the links are reachable; the pty itself is not
    const pair = await new PtyPair(dir).start();
    cleanup.push(() => pair.stop());
    const pts = realpathSync(pair.b);
    chownSync(pts, ownerUid, ownerUid);
    chmodSync(pts, 0o600);
    expect(statSync(pts).mode & 0o777).toBe(0o600);
    const child = asUnprivileged([process.execPath, '--import', 'tsx', join(ROOT, 'test/reliability/connect-child.ts'), pair.b]);
    expect(child.status, child.stderr).toBe(0);
    const out = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { uid: number; result: unknown };
    expect(out.uid).toBe(nobodyCanRead ? 65534 : 0);
    expect(out.result).toEqual({ ok: false, error: { kind: 'permission-denied', path: pair.b } });
    // The same port opened by its owner is fine (the message was about permission, not a broken port).
    const owner = new DeviceLink({}, { handshakeMs: 300 });
    const r = await owner.connect('serial:' + pair.b);
    expect(r.ok ? 'ok' : r.error.kind).toBe('device-silent');
  });

  for (const noNewline of [false, true]) {
    it(`a device flooding ${noNewline ? 'endless binary (no line ends)' : 'random binary'} at full speed is not-ll1, with bounded memory`, async () => {
      const pair = await new PtyPair().start();
      cleanup.push(() => pair.stop());
      gc();
      const heap0 = process.memoryUsage().heapUsed;
      const flood = await new GarbageFlood(pair.a, noNewline).open();
      cleanup.push(() => flood.close());
      const link = new DeviceLink({}, { handshakeMs: 2000 });
      cleanup.push(() => link.disconnect());
      const t0 = Date.now();
      const r = await link.connect('serial:' + pair.b);
      const took = Date.now() - t0;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('not-ll1');
      expect(took).toBeLessThan(3500); // the handshake timer still fires: the flood does not starve the event loop
      const st = link.status();
      expect(st.state).toBe('error');
      expect(st.counters.bytes).toBeGreaterThan(200_000);
      if (!noNewline) expect(st.counters.rejected['too-long']! + st.counters.rejected['syntax']! + st.counters.rejected['checksum']!).toBeGreaterThan(100);
      gc();
      const grownMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
      expect(grownMb).toBeLessThan(16);
      console.log(`garbage flood (noNewline=${noNewline}): ${(st.counters.bytes / 2 ** 20).toFixed(1)} MiB in ${took} ms, error ${r.ok ? '-' : r.error.kind}, heap +${grownMb.toFixed(1)} MB`);
    });
  }
});

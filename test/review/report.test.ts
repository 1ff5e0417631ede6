// Session report: hostile titles/notes are escaped, plots are SVG from the overview, metrics and norms present; CLI report and import.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportInput, channelSvg, edfStartIso, escapeHtml, renderReportHtml } from '../../core/report.ts';
import { listSessions } from '../../sessions/library.ts';
import { newSidecar, sidecarPathFor, withNote, writeSidecar } from '../../sessions/sidecar.ts';
import { tmpDir, writeSyntheticSession } from './synthetic.ts';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['bin/loslaten.mjs', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('session report HTML', () => {
  it('escapes text and attributes', () => {
    expect(escapeHtml(`a<b>&"c"'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#39;');
    expect(edfStartIso('24.11.26', '09.05.01')).toBe('2026-11-24T09:05:01');
  });

  it('draws a channel as an SVG min/max polygon spanning the plot, phases shaded', () => {
    const svg = channelSvg('PF', 'uV', [0, -5, null, 2], [10, 5, null, 8], 40, [{ name: 'rest', startS: 0, endS: 20 }], [], 448, 116);
    expect(svg).toMatch(/^<svg /);
    const pts = /<polygon points="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(pts).toHaveLength(6); // three non-empty columns, upper and lower
    expect(svg).toContain('<title>rest</title>');
    expect(svg).toContain('µV');
  });

  it('a hostile title, note, marker and phase name never become markup', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'recording.edf'), undefined, `marker: ${HOSTILE}`);
    let sc = newSidecar({ id: 's', title: HOSTILE, profile: { id: 'anna', name: HOSTILE }, protocol: { name: 'Glazer <b>' }, recording: { file: 'recording.edf', format: 'EDF', status: 'complete' } });
    sc = withNote(sc, `note ${HOSTILE}\nline 2`);
    const input = await buildReportInput(edf, sc, '9.9.9');
    if (!input.ok) throw new Error(JSON.stringify(input.error));
    const html = renderReportHtml(input.value, 'en');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.match(/<svg /g)).toHaveLength(2); // PF and ABD
    expect(html).toContain('Glazer assessment vs. normative values');
    expect(html).toContain('doi:10.1097/MD.0000000000019060');
    expect(html).toContain('Hold 1');
    expect(html).toMatch(/@media print/);
  });
});

describe('CLI: export --report and import', () => {
  it('writes a report for an EDF file; a truncated file is a data error with one line', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'recording.edf'));
    const out = path.join(dir, 'report.html');
    const r = cli(['export', edf, '--report', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote report to .*Glazer summary/);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('Oleksy');
    expect(html).toContain('<svg');
    expect(cli(['export', edf, '--report', out, '--csv', out + '.csv']).code).toBe(1);
    const bad = path.join(dir, 'truncated.edf');
    fs.writeFileSync(bad, fs.readFileSync(edf).subarray(0, 700));
    const b = cli(['export', bad, '--report', out]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
  }, 90_000);

  it('--lang nl writes the report in Dutch (decimal comma, Dutch date); the default follows LC_ALL/LANG, else English', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'recording.edf'));
    const out = path.join(dir, 'report.html');
    const dutch = (html: string) => {
      expect(html).toContain('<html lang="nl">');
      for (const w of ['Patiënt', 'Meetwaarden (µV RMS)', 'Kerncijfers: rusttonus', 'Glazer-meting naast normwaarden', 'Hele sessie', 'Houden 1', 'Notities']) expect(html).toContain(w);
      expect(html).toMatch(/rusttonus \d+,\d µV/);
      expect(html).not.toMatch(/Key figures|Whole session|Metrics|Notes/);
    };
    const env = { LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };
    const r = cli(['export', edf, '--report', out, '--lang', 'nl'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    dutch(fs.readFileSync(out, 'utf8'));
    expect(cli(['export', edf, '--report', out], env).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/<html lang="en">[\s\S]*Key figures: resting tone \d+\.\d µV/);
    expect(cli(['export', edf, '--report', out], { ...env, LANG: 'nl_NL.UTF-8' }).code).toBe(0);
    dutch(fs.readFileSync(out, 'utf8'));
    expect(cli(['export', edf, '--report', out, '--lang', 'en'], { ...env, LC_ALL: 'nl_BE.UTF-8' }).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<html lang="en">');
    const de = cli(['export', edf, '--report', out, '--lang', 'de']);
    expect(de.code).toBe(1);
    expect(de.stderr).toMatch(/--lang "de": use nl or en/);
    expect(cli(['export', edf, '--csv', path.join(dir, 'x.csv'), '--lang', 'nl']).code).toBe(1);
    const help = cli(['help']);
    expect(help.stdout + help.stderr).toContain('--lang nl|en');
  }, 90_000);

  it('imports into a profile of the library; bad files give clear errors and leave nothing behind', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'home.edf'));
    const data = path.join(dir, 'data');
    const r = cli(['import', edf, '--profile', 'anna', '--data', data, '--title', 'Thuis']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = listSessions(path.join(data, 'sessions'), 'anna').sessions;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: 'Thuis', status: 'imported' });
    expect(Buffer.compare(fs.readFileSync(list[0]!.edfPath), fs.readFileSync(edf))).toBe(0);
    const junk = path.join(dir, 'junk.edf');
    fs.writeFileSync(junk, 'this is not an EDF file at all'.repeat(20));
    const j = cli(['import', junk, '--profile', 'anna', '--data', data]);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/^loslaten: .+/);
    const trunc = path.join(dir, 'trunc.edf');
    fs.writeFileSync(trunc, fs.readFileSync(edf).subarray(0, fs.statSync(edf).size - 1000));
    expect(cli(['import', trunc, '--profile', 'anna', '--data', data]).code).toBe(2);
    expect(listSessions(path.join(data, 'sessions'), 'anna').sessions).toHaveLength(1);
    expect(cli(['import', edf, '--data', data]).code).toBe(1);
    expect(cli(['import', edf, '--profile', '../x', '--data', data]).code).toBe(1);
    expect(sidecarPathFor(list[0]!.edfPath)).toBe(list[0]!.sidecarPath);
  }, 90_000);
});

// The session report speaks Dutch and English: every report text in Dutch differs from its English (names, units and
// citations excepted), the catalogue is part of the app's one message catalogue, and the language follows the setting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../api/contract.ts';
import { languageFromLocale } from '../../api/i18n.ts';
import { phaseLabel, reportEn, reportNl, type ReportKey } from '../../api/report-messages.ts';
import { AppCore } from '../../core/app-core.ts';
import { formatDateTime, formatNumber, renderReportHtml} from '../../core/report.ts';
import { reportLanguageOf, systemReportLanguage } from '../../core/review-commands.ts';
import { catalogues } from '../../renderer/i18n/messages.ts';
import { cliReportLanguage } from '../../cli/commands.ts';
import { glazerAssessmentProtocol } from '../../training/protocols.ts';
import { glazerCase, LONG_NOTE, pressureCase } from './report-sessions.ts';
import { tmpDir, writeSyntheticSession } from './synthetic.ts';

/** Catalogue keys whose Dutch may equal the English (none today: add a key here only for a name or a symbol). */
const SAME_IN_BOTH: readonly ReportKey[] = [];

/** The visible texts of a report: element contents and the aria-label/title attributes, entities decoded, styles dropped. */
function texts(html: string): string[] {
  const body = html.replace(/<style>[\s\S]*?<\/style>/g, '');
  const attrs = [...body.matchAll(/\s(?:aria-label|title)="([^"]*)"/g)].map((m) => m[1]!);
  const content = body.split(/<[^>]*>/);
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...content, ...attrs].map((s) => decode(s).replace(/\s+/g, ' ').trim()).filter((s) => /\p{L}/u.test(s));
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('report texts in Dutch and English', () => {
  it('every Dutch catalogue text differs from its English and keeps the same {placeholders}; the app catalogue holds them', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(reportEn) as ReportKey[]) {
      if (!SAME_IN_BOTH.includes(k)) expect(reportNl[k], k).not.toBe(reportEn[k]);
      expect(placeholders(reportNl[k]), k).toEqual(placeholders(reportEn[k]));
      expect(catalogues.en[k]).toBe(reportEn[k]);
      expect(catalogues.nl[k]).toBe(reportNl[k]);
    }
    expect(Object.keys(reportNl).sort()).toEqual(Object.keys(reportEn).sort());
  });

  it('a rendered Dutch report has no English text left: only names, units, numbers and the citations are the same', async () => {
    // Everything a report can say: markers, Glazer norms, grouped repeats, notes cut, the no-EMG variant.
    const notes = [LONG_NOTE, `Tweede. ${LONG_NOTE}`, `Derde. ${LONG_NOTE}`];
    const [en, nl] = [await glazerCase(notes, 'en'), await glazerCase(notes, 'nl')];
    const [pen, pnl] = [await pressureCase(undefined, 'en'), await pressureCase(undefined, 'nl')];
    const a = en.input.analysis!;
    const many = { ...en.input, analysis: { ...a, phases: [...a.phases, ...Array.from({ length: 30 }, (_, i) => ({ ...a.phases[11]!, name: `hold-${i + 6}` }))] } };
    const pairs: [string, string][] = [[en.html, nl.html], [pen.html, pnl.html], [renderReportHtml(many, 'en'), renderReportHtml(many, 'nl')]];
    expect(pairs[2]![0]).toContain('(n×)');
    expect(en.html).toContain('Notes continue in the app');
    // Data and citations: the same in any language.
    const data = new Set([en.input.title, en.input.patient, en.input.protocol!, pen.input.title, pen.input.protocol!, ...notes, ...pen.notes,
      ...en.input.markers.map((m) => m.text), ...en.input.channels.map((c) => c.label), ...pen.input.channels.map((c) => c.label), 'µV', 'mmHg', 'z'].map((d) => d.replace(/\s+/g, ' ')));
    const allowed = (s: string) => data.has(s) || [...data].some((d) => d.startsWith(s.replace(/ …$/, ''))) // a note cut at a word
      || /^\(?Oleksy Ł, et al\. .*, doi:\S*\)?\.?$/.test(s) // a citation as published
      || !/\p{L}/u.test(s.replace(/(^|[\s(])(s|Hz|µV|mmHg)(?=$|[\s),])/gu, '')) // numbers with unit symbols
      || /^[\d:–,. ]*[\p{L}\d ]*\([µ\p{L}]+, \d+ Hz\)(, .*)?$/u.test(s) && s.split(', ').every((c) => /\(/.test(c) ? data.has(c.split(' (')[0]!) : /Hz\)$/.test(c)) // channel list
      || /^\d+:\d\d (.*)$/.test(s) && data.has(s.replace(/^\d+:\d\d /, '')); // a marker with its time
    for (const [e, n] of pairs) {
      expect(n).toContain('<html lang="nl">');
      const english = new Set(texts(e));
      const same = texts(n).filter((s) => english.has(s) && !allowed(s));
      expect(same, 'Dutch report texts equal to the English').toEqual([]);
      // And no English word of the catalogue's own sentences survives inside a longer Dutch text.
      for (const w of ['Patient', 'Duration', 'Metrics', 'Key figures', 'resting', 'Whole session', 'Phase', 'Mean', 'Peak', 'In target', 'Norms', 'less reliable', 'Notes', 'default target', 'Rest before', 'Hold', 'Flick', 'let go', 'rest)']) {
        expect(texts(n).join(' | '), w).not.toContain(w);
      }
    }
  }, 60_000);

  it('numbers with a decimal comma and dates day first in Dutch; phase names of the built-in protocols translated', () => {
    expect(formatNumber('nl', 1234.56, 1)).toBe('1234,6');
    expect(formatNumber('en', 1234.56, 1)).toBe('1234.6');
    expect(formatNumber('nl', -0.25, 2)).toBe('-0,25');
    expect(formatNumber('nl', null)).toBe('–');
    // Sidecars store UTC; the report shows this computer's local time (here Amsterdam: UTC+1 in November).
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Amsterdam';
    try {
      expect(formatDateTime('nl', '2026-11-24T08:05:01.000Z')).toBe('24-11-2026 09:05:01');
      expect(formatDateTime('en', '2026-11-24T08:05:01.000Z')).toBe('2026-11-24 09:05:01');
      expect(formatDateTime('nl', '2026-11-24T23:20:00Z', false)).toBe('25-11-2026 00:20');
      expect(formatDateTime('nl', '2026-07-01T10:00:00+00:00', false)).toBe('01-07-2026 12:00'); // summer time
      // EDF header times carry no zone: they are local already.
      expect(formatDateTime('nl', '2026-11-24T09:05:01')).toBe('24-11-2026 09:05:01');
    } finally {
      if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz;
    }
    expect(formatDateTime('nl', 'not a date')).toBe('not a date');
    for (const p of glazerAssessmentProtocol().phases) {
      expect(phaseLabel(p.id, 'nl'), p.id).not.toBe(p.id);
      expect(phaseLabel(p.id, 'nl'), p.id).not.toBe(phaseLabel(p.id, 'en'));
    }
    expect(phaseLabel('flick-2-rest', 'nl')).toBe('Snel 2: rust');
    expect(phaseLabel('hold-10', 'en')).toBe('Hold 10');
    expect(phaseLabel('my-own-phase', 'nl')).toBe('my-own-phase');
  });

  it('the language: app setting, else the system locale (LC_ALL, LC_MESSAGES, LANG, then Intl); the CLI flag, else the environment, else English', () => {
    expect(reportLanguageOf('nl', { LANG: 'en_US.UTF-8' })).toBe('nl');
    expect(reportLanguageOf('en', { LANG: 'nl_NL.UTF-8' })).toBe('en');
    expect(reportLanguageOf(null, { LANG: 'nl_NL.UTF-8' })).toBe('nl');
    expect(systemReportLanguage({ LC_ALL: 'nl_BE.UTF-8', LANG: 'en_GB.UTF-8' })).toBe('nl');
    expect(systemReportLanguage({ LC_MESSAGES: 'en_GB.UTF-8', LANG: 'nl_NL.UTF-8' })).toBe('en');
    expect(systemReportLanguage({ LANG: 'C.UTF-8' })).toBe(languageFromLocale(Intl.DateTimeFormat().resolvedOptions().locale));
    expect(cliReportLanguage('nl', { LANG: 'en_US' })).toBe('nl');
    expect(cliReportLanguage('de', {})).toBeNull();
    expect(cliReportLanguage(undefined, { LANG: 'nl_NL.UTF-8' })).toBe('nl');
    expect(cliReportLanguage(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'nl_NL.UTF-8' })).toBe('en');
    expect(cliReportLanguage(undefined, {})).toBe('en');
  });

  it('the core writes the report in the app\'s language setting (the browser host\'s printable page)', async () => {
    const dir = tmpDir();
    const edf = await writeSyntheticSession(path.join(dir, 'home.edf'));
    const c = new AppCore({ dataDir: path.join(dir, 'data'), allowPathImport: true });
    try {
      const imp = ok(await c.handle('importSessionFromPath', { profileId: 'anna', path: edf, title: 'Thuis' })) as { id: string };
      ok(await c.handle('saveSettings', { app: { language: 'nl' } }));
      const nl = ok(await c.handle('exportSessionReport', { profileId: 'anna', sessionId: imp.id })) as { htmlPath: string; html: string };
      expect(nl.html).toContain('<html lang="nl">');
      expect(nl.html).toContain('Kerncijfers: rusttonus');
      expect(fs.readFileSync(nl.htmlPath, 'utf8')).toBe(nl.html);
      ok(await c.handle('saveSettings', { app: { language: 'en' } }));
      const en = ok(await c.handle('exportSessionReport', { profileId: 'anna', sessionId: imp.id })) as { html: string };
      expect(en.html).toContain('<html lang="en">');
      expect(en.html).toContain('Key figures: resting tone');
      // The page asks in the language it shows (the browser's, when no language is set): that wins over the setting.
      const asked = ok(await c.handle('exportSessionReport', { profileId: 'anna', sessionId: imp.id, language: 'nl' })) as { html: string };
      expect(asked.html).toContain('<html lang="nl">');
      const bad = await c.handle('exportSessionReport', { profileId: 'anna', sessionId: imp.id, language: 'de' } as never);
      expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    } finally {
      await c.dispose();
    }
  }, 30_000);
});

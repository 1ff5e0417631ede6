// The two message catalogues hold the same keys (in the same order), every text is filled, and each Dutch text keeps its English {placeholders}.
import { describe, expect, it } from 'vitest';
import { catalogues, en, LANGUAGES, nl } from '../../locales/catalogues.ts';
import { en as rendererEn } from '../../renderer/i18n/messages.ts';
import { reportEn } from '../../api/report-messages.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('locales', () => {
  it('en.ts and nl.ts hold the same keys, in the same order', () => {
    const enKeys = Object.keys(en);
    const nlKeys = Object.keys(nl);
    expect(enKeys.length).toBeGreaterThan(600);
    expect(nlKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in nl))).toEqual([]);
    expect(nlKeys).toEqual(enKeys);
  });

  it('every text is filled, and a Dutch text has the placeholders of its English one', () => {
    const bad: string[] = [];
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      if (typeof nl[k] !== 'string' || nl[k].trim() === '' || en[k].trim() === '') bad.push(`${k}: empty`);
      else if (placeholders(nl[k]).join() !== placeholders(en[k]).join()) bad.push(`${k}: {${placeholders(en[k])}} vs {${placeholders(nl[k])}}`);
    }
    expect(bad).toEqual([]);
  });

  it('the renderer, the shell and the report read these catalogues, not copies', () => {
    expect(LANGUAGES.map((l) => catalogues[l])).toEqual([nl, en]);
    expect(rendererEn).toBe(en);
    expect(Object.keys(reportEn).length).toBeGreaterThan(50);
    for (const [k, v] of Object.entries(reportEn)) expect(en[k as keyof typeof en], k).toBe(v);
  });
});

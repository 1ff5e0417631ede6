// CLI commands of the review side: `export <file.edf> --report <out.html>` and `import <file.edf> --profile <id>`.
import { ID_RULE, isSafeId } from '../api/id-schema.ts';
import * as fs from 'node:fs';
import { APP_VERSION } from '../core/app-core.ts';
import { defaultDataDir, sessionsDir } from '../core/data-dir.ts';
import { buildReportInput, renderReportHtml } from '../core/report.ts';
import { languageFromLocale } from '../api/i18n.ts';
import type { ReportLanguage } from '../api/report-messages.ts';
import { importEdf } from '../sessions/library.ts';
import { describeError } from '../sessions/errors.ts';
import { existingSidecarPath, readSidecar } from '../sessions/sidecar.ts';
import { EXIT, fail, type Exit } from './exit.ts';

/**
 * The report language of `--lang` (`nl` or `en`; null = neither), else from the environment: LC_ALL, LC_MESSAGES, LANG
 * in POSIX order, Dutch for nl*, else English.
 */
export function cliReportLanguage(flag: string | boolean | undefined, env: NodeJS.ProcessEnv): ReportLanguage | null {
  if (flag !== undefined) return flag === 'nl' || flag === 'en' ? flag : null;
  return languageFromLocale([env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v));
}

/** Writes the one-page HTML report of an EDF file in `lang` (its sidecar is used when it sits next to it). */
export async function reportCommand(edfPath: string, outPath: string, lang: ReportLanguage): Promise<Exit> {
  const scPath = existingSidecarPath(edfPath);
  const sc = scPath ? readSidecar(scPath) : null;
  const input = await buildReportInput(edfPath, sc?.ok ? sc.value : null, APP_VERSION);
  if (!input.ok) {
    const e = input.error;
    return fail(EXIT.data, `cannot read ${edfPath}: ${'problem' in e ? `${e.problem}${e.detail ? ` (${e.detail})` : ''}` : e.kind}`);
  }
  try {
    fs.writeFileSync(outPath, renderReportHtml(input.value, lang), { mode: 0o600 });
  } catch (e) {
    return fail(EXIT.data, `cannot write ${outPath}: ${(e as Error).message}`);
  }
  const a = input.value.analysis;
  process.stdout.write(`wrote report to ${outPath} (${input.value.channels.length} channels, ${Math.round(input.value.durationS)} s, ${a ? a.phases.length : 0} metric rows${a?.glazer ? ', Glazer summary' : ''})\n`);
  return { code: EXIT.ok };
}

/** Imports an EDF/BDF file into a profile of the library (`--data <dir>` or $LOSLATEN_DATA_DIR or the usual place). */
export async function importCommand(edfPath: string, profileId: string, dataDir: string | undefined, title: string | undefined): Promise<Exit> {
  if (!isSafeId(profileId)) return fail(EXIT.usage, `--profile ${JSON.stringify(profileId)}: ${ID_RULE}`);
  const dir = sessionsDir(dataDir ?? defaultDataDir());
  const r = await importEdf(dir, profileId, edfPath, title ?? '');
  if (!r.ok) return fail(EXIT.data, describeError(r.error));
  process.stdout.write(`imported ${edfPath} into profile ${profileId} as session ${r.value.id} (${Math.round(r.value.durationS)} s)\n`);
  return { code: EXIT.ok };
}

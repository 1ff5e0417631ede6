// Headless CLI entry (`npm run -s cli -- <command>`, bin `loslaten`): ports, record, inspect, analyze, export, recover.
import { parseArgs } from 'node:util';
import { exportCsv } from '../sessions/csv-export.ts';
import { describeError } from '../sessions/errors.ts';
import { formatInspect, inspectEdf } from '../sessions/inspect.ts';
import { recoverEdf } from '../sessions/recover.ts';
import { EXIT, fail, type Exit } from './exit.ts';
import { formatPorts } from './ports-text.ts';
import { recordCommand } from './record.ts';

export const USAGE = `usage: loslaten <command>
  ports [--json]                                  serial ports with the device each probably is (and the demo sensors)
  record --port <path|demo:emg> [--device ll1|auto|cyton|bitalino|text] --out <file.edf|file.bdf> [--seconds <n>]
         [--rate <Hz>] [--columns <label:kind:unit:scale:offset>[,...]] [--baud <n>] [--protocol <name>]
                                                  record until --seconds of wall time (or Ctrl+C); --device is ll1
                                                  unless given (auto listens, then sends at most one harmless probe
                                                  chosen by the port's USB identity); a Cyton (24-bit)
                                                  needs .bdf; --device text needs --rate and --columns, e.g.
                                                  PF:emg:uV:3.2227:512,P:pressure:mmHg:0.25:100 (kinds emg,
                                                  envelope, pressure; value = (x - offset) x scale)
                                                  --protocol <id>: runs that protocol's clock and writes its phase
                                                  annotations as the app does; the recording ends with it
  inspect <file.edf> [--json]                     header, channels, duration, annotations, metrics
  analyze <file.edf|file.bdf> [--json]            the analysis review and report use: per phase mean, CV, peak,
                                                  time in target, what was left out and why, Glazer figures with
                                                  onset/release latency; --json: unrounded, units in the names,
                                                  with the definition of every figure
  export <file.edf> --csv <out.csv>               samples CSV + <out>.annotations.csv (one row per moment any
                                                  channel has a sample; other-rate channels: empty cells)
  export <file.edf> --report <out.html> [--lang nl|en]   one-page session report (HTML, print to PDF);
                                                  language default from LC_ALL/LC_MESSAGES/LANG (nl* = Dutch), else en
  import <file.edf> --profile <id> [--data <dir>] [--title <text>]   add a recording to the library
  recover <file.edf>                              repair an unfinished recording
exit codes: 0 success, 1 usage error, 2 data or device error`;

type Opts = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function args(argv: string[], options: Opts, positionals: number): { values: Record<string, string | boolean | undefined>; positionals: string[] } | Exit {
  try {
    const r = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals > 0 });
    if (r.positionals.length !== positionals) return fail(EXIT.usage, `expected ${positionals} file argument${positionals === 1 ? '' : 's'}, got ${r.positionals.length}`);
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    return fail(EXIT.usage, (e as Error).message.split('\n')[0]!);
  }
}

async function run(argv: string[]): Promise<Exit> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'ports': {
      const a = args(rest, { json: { type: 'boolean' } }, 0);
      if ('code' in a) return a;
      const { listSerialPorts, demoDevices } = await import('../core/device/ports.ts');
      const ports = [...(await listSerialPorts()), ...demoDevices()];
      if (a.values.json) process.stdout.write(JSON.stringify(ports, null, 2) + '\n');
      else process.stdout.write(formatPorts(ports) + '\n');
      return { code: EXIT.ok };
    }
    case 'record': {
      const a = args(rest, {
        port: { type: 'string' }, device: { type: 'string' }, baud: { type: 'string' }, out: { type: 'string' }, seconds: { type: 'string' },
        rate: { type: 'string' }, columns: { type: 'string' }, protocol: { type: 'string' },
      }, 0);
      if ('code' in a) return a;
      return recordCommand(a.values);
    }
    case 'analyze': {
      const a = args(rest, { json: { type: 'boolean' } }, 1);
      if ('code' in a) return a;
      const { analyzeCommand } = await import('./analyze.ts');
      return analyzeCommand(a.positionals[0]!, a.values.json === true);
    }
    case 'inspect': {
      const a = args(rest, { json: { type: 'boolean' } }, 1);
      if ('code' in a) return a;
      const r = inspectEdf(a.positionals[0]!);
      if (!r.ok) return fail(EXIT.data, describeError(r.error));
      process.stdout.write((a.values.json ? JSON.stringify(r.value, null, 2) : formatInspect(r.value)) + '\n');
      return { code: EXIT.ok };
    }
    case 'export': {
      const a = args(rest, { csv: { type: 'string' }, report: { type: 'string' }, lang: { type: 'string' } }, 1);
      if ('code' in a) return a;
      if (a.values.report !== undefined && a.values.csv !== undefined) return fail(EXIT.usage, 'export takes one of --csv <out.csv> or --report <out.html>');
      if (typeof a.values.report === 'string') {
        const { reportCommand, cliReportLanguage } = await import('./commands.ts');
        const lang = cliReportLanguage(a.values.lang, process.env);
        if (lang === null) return fail(EXIT.usage, `--lang ${JSON.stringify(a.values.lang)}: use nl or en`);
        return reportCommand(a.positionals[0]!, a.values.report, lang);
      }
      if (typeof a.values.csv !== 'string') return fail(EXIT.usage, 'export needs --csv <out.csv> or --report <out.html>');
      if (a.values.lang !== undefined) return fail(EXIT.usage, '--lang goes with --report (the CSV has no words to translate)');
      const r = exportCsv(a.positionals[0]!, a.values.csv);
      if (!r.ok) return fail(EXIT.data, describeError(r.error));
      process.stdout.write(`wrote ${r.value.rows} rows to ${r.value.csvPath} and ${r.value.annotations} annotations to ${r.value.annotationsPath}\n`);
      return { code: EXIT.ok };
    }
    case 'import': {
      const a = args(rest, { profile: { type: 'string' }, data: { type: 'string' }, title: { type: 'string' } }, 1);
      if ('code' in a) return a;
      if (typeof a.values.profile !== 'string') return fail(EXIT.usage, 'import needs --profile <id>');
      const { importCommand } = await import('./commands.ts');
      return importCommand(a.positionals[0]!, a.values.profile, a.values.data as string | undefined, a.values.title as string | undefined);
    }
    case 'recover': {
      const a = args(rest, {}, 1);
      if ('code' in a) return a;
      const r = await recoverEdf(a.positionals[0]!);
      if (!r.ok) return fail(EXIT.data, describeError(r.error));
      const v = r.value;
      process.stdout.write(v.status === 'complete'
        ? `${v.path}: already complete (${v.records} records, ${v.durationS} s)\n`
        : `${v.path}: repaired, kept ${v.records} records (${v.durationS} s), dropped ${v.droppedBytes} bytes${v.sidecarUpdated ? ', sidecar updated' : ''}\n`);
      return { code: EXIT.ok };
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return { code: cmd === undefined ? EXIT.usage : EXIT.ok };
    default:
      return fail(EXIT.usage, `unknown command ${JSON.stringify(cmd)} (try: loslaten help)`);
  }
}

const result = await run(process.argv.slice(2));
if (result.message) process.stderr.write(`loslaten: ${result.message}\n`);
process.exitCode = result.code;
// Device handles (serial ports, timers) are closed by the commands; exit promptly even if a library lingers.
setTimeout(() => process.exit(result.code), 200).unref();

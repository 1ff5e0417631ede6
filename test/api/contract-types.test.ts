// The contract is typed both ways: a handler's result type comes from CommandResults, checked by tsc (npm test runs it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandHandler, CommandResults, Result } from '../../api/contract.ts';
import { AppCore } from '../../core/app-core.ts';

// Compile-time checks: each @ts-expect-error line must be an error, or `tsc --noEmit` (the first step of npm test) fails.
// @ts-expect-error listProfiles returns profile ids (strings), not numbers
export const wrongListProfiles: CommandHandler<'listProfiles'> = async () => ({ ok: true, value: [1, 2] });
// @ts-expect-error connect answers with the device id it connected
export const wrongConnect: CommandHandler<'connect'> = async () => ({ ok: true, value: null });
// @ts-expect-error a request field that the command's schema does not have
export const wrongRequest: CommandHandler<'connect'> = async (req) => ({ ok: true, value: { deviceId: req.port } });
export const rightConnect: CommandHandler<'connect'> = async (req) => ({ ok: true, value: { deviceId: req.deviceId } });

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('AppCore.call: results typed from the contract', () => {
  it('returns the contract shape of the command it ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loslaten-contract-'));
    dirs.push(dir);
    const core = new AppCore({ dataDir: dir });
    const created = await core.call('createPatient', { id: 'anna-de-vries', name: 'Anna de Vries' });
    expect(created.ok).toBe(true);
    const list: Result<CommandResults['listPatients']> = await core.call('listPatients', {});
    if (!list.ok) throw new Error(list.error.kind);
    expect(list.value.map((p) => p.name)).toContain('Anna de Vries');
    const bad = await core.call('connect', { deviceId: 'not-a-device' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.kind).toBe('invalid-request');
    await core.dispose();
  });
});

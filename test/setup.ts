// Runs in every test file: folders made by the test helpers are removed once the file's own hooks are done.
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/pty.ts';

afterAll(() => removeTempDirs());

// Imported first by the renderer entry: zod must not probe for eval (the CSP forbids it) before any schema exists.
import { z } from 'zod';

z.config({ jitless: true });

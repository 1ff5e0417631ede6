// Messages of the WebSocket transport: JSON text for commands and status, binary frames for sample batches.
import { z } from 'zod';
import type { LinkStatus, Result } from './contract.ts';

/** Largest text message the host accepts, bytes. Commands are tiny; anything bigger is hostile or broken. */
export const MAX_WS_TEXT_BYTES = 16 * 1024;

/** Client → host: one command call. `id` pairs the reply. */
export const wsRequestSchema = z.object({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  cmd: z.string().min(1).max(64),
  req: z.unknown(),
}).strict();
export type WsRequest = z.infer<typeof wsRequestSchema>;

/** Host → client text messages. */
export type WsServerMessage =
  | { readonly type: 'reply'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'status'; readonly status: LinkStatus }
  | { readonly type: 'error'; readonly message: string };

/** Path of the WebSocket endpoint; the per-run token goes in the `token` query parameter. */
export const WS_PATH = '/ws';

/** What a socket carries: `all` (default), `control` (commands + status, no frames) or `frames` (frames + status). */
export const WS_LANES = ['all', 'control', 'frames'] as const;
export type WsLane = (typeof WS_LANES)[number];

// The browser host's recording upload (`POST /import`): a browser cannot name a file path, so the file's bytes come in
// the request body; they are written to a private temporary file and imported with the very checks and messages of
// the desktop's import. Same guards as the WebSocket: Host, Origin and the per-run token.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { MAX_UPLOAD_BYTES, SESSION_FILE_EXTENSIONS, type AppError, type ImportedFile } from '../api/contract.ts';
import { isSafeId } from '../api/id-schema.ts';
import { importRecordingFile } from './review-commands.ts';

export interface UploadContext {
  readonly sessionsDir: string;
  readonly hostAllowed: (host: string) => boolean;
  readonly originAllowed: (origin: string) => boolean;
  readonly tokenOk: (token: string | null) => boolean;
  readonly headers: Record<string, string>;
}

function reply(res: ServerResponse, status: number, headers: Record<string, string>, body: ImportedFile | { error: AppError }): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Handles one upload request (the URL's path is the upload path). Never throws. */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, c: UploadContext): Promise<void> {
  const h = c.headers;
  if (!c.hostAllowed(req.headers.host ?? '')) { res.writeHead(421, h).end('Misdirected request'); return; }
  if (req.method !== 'POST') { res.writeHead(405, h).end('Method not allowed'); return; }
  if (!c.originAllowed(req.headers.origin ?? '') || !c.tokenOk(url.searchParams.get('token'))) {
    reply(res, 403, h, { error: { kind: 'forbidden', reason: 'untrusted-sender' } });
    req.resume();
    return;
  }
  const profileId = url.searchParams.get('profileId') ?? '';
  const file = basename(url.searchParams.get('name') ?? '').slice(0, 255);
  if (!isSafeId(profileId)) { reply(res, 400, h, { file, ok: false, error: { kind: 'bad-id', id: profileId.slice(0, 64) } }); req.resume(); return; }
  const ext = SESSION_FILE_EXTENSIONS.find((e) => file.toLowerCase().endsWith(e));
  if (!ext) { reply(res, 400, h, { file, ok: false, error: { kind: 'file-error', problem: 'not-recording', path: file, detail: '' } }); req.resume(); return; }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (!Number.isFinite(declared) || declared > MAX_UPLOAD_BYTES) {
    reply(res, 413, h, { file, ok: false, error: { kind: 'file-error', problem: 'too-large', path: file, detail: String(MAX_UPLOAD_BYTES) } });
    req.resume();
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'loslaten-upload-'));
  try {
    const tmp = join(dir, `upload${ext}`);
    let seen = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, cb) { seen += chunk.length; cb(seen > MAX_UPLOAD_BYTES ? new Error('too large') : null, chunk); },
    });
    await pipeline(req, limit, createWriteStream(tmp, { mode: 0o600 }));
    const r = await importRecordingFile(c.sessionsDir, profileId, tmp, '');
    reply(res, 200, h, r.ok ? { file, ok: true, profileId, sessionId: r.value.id } : { file, ok: false, error: r.error });
  } catch {
    if (!res.headersSent) reply(res, 400, h, { file, ok: false, error: { kind: 'file-error', problem: 'upload', path: file, detail: '' } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

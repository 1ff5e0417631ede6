// The app core: one dispatcher behind the renderer API, shared by Electron main, the web host and tests.
import { validateRequest, type CommandName, type CommandRequest, type LinkStatus, type Result } from '../api/contract.ts';
import { encodeBatchFrame } from '../api/batch-frame.ts';
import { DeviceLink, type LinkOptions } from './device/link.ts';
import { demoDevices, listSerialPorts } from './device/ports.ts';

/** What a transport plugs in to receive the push lanes. */
export interface CoreListener {
  /** One binary frame (batch-frame.ts). Shared by all listeners: never transfer or detach it. */
  onBatch(frame: ArrayBuffer): void;
  onStatus(status: LinkStatus): void;
}

export interface AppCoreOptions {
  readonly link?: LinkOptions;
}

type Handler<K extends CommandName> = (req: CommandRequest<K>) => Promise<Result<unknown>>;

export class AppCore {
  readonly link: DeviceLink;
  private readonly listeners = new Set<CoreListener>();
  private readonly handlers: { [K in CommandName]: Handler<K> };

  constructor(opts: AppCoreOptions = {}) {
    this.link = new DeviceLink({
      onBatch: (b) => {
        if (this.listeners.size === 0) return;
        const frame = encodeBatchFrame(b, Date.now());
        for (const l of this.listeners) l.onBatch(frame);
      },
      onStatus: (s) => { for (const l of this.listeners) l.onStatus(s); },
    }, opts.link);
    this.handlers = {
      listDevices: async () => ({ ok: true, value: [...demoDevices(), ...(await listSerialPorts())] }),
      connect: (req) => this.link.connect(req.deviceId, req.baudRate),
      disconnect: async () => { await this.link.disconnect(); return { ok: true, value: null }; },
      zero: async () => this.link.send('ZERO'),
    };
  }

  /** Validates and runs one command. Never throws: every failure is an error value. */
  async handle(command: string, req: unknown): Promise<Result<unknown>> {
    const v = validateRequest(command, req);
    if (!v.ok) return v;
    const handler = this.handlers[v.value.command] as Handler<CommandName>;
    try {
      return await handler(v.value.req as CommandRequest<CommandName>);
    } catch (e) {
      return { ok: false, error: { kind: 'internal', detail: e instanceof Error ? e.message.slice(0, 200) : 'unknown' } };
    }
  }

  /** Adds a listener; it receives the current status at once. Returns the unsubscribe function. */
  subscribe(l: CoreListener): () => void {
    this.listeners.add(l);
    l.onStatus(this.link.status());
    return () => { this.listeners.delete(l); };
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    await this.link.disconnect();
  }
}

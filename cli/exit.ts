// CLI exit codes and the one-line error result every command returns.

/** 0 success, 1 usage error, 2 data error (bad or unreadable file, device problem). */
export const EXIT = { ok: 0, usage: 1, data: 2 } as const;

export interface Exit {
  readonly code: number;
  /** One line for stderr, or undefined on success. */
  readonly message?: string;
}

export function fail(code: number, message: string): Exit {
  return { code, message: message.replace(/\s*\n\s*/g, ' ') };
}

// Types for node-tools.mjs (plain JS so scripts can import it without a build).

/** A command line: the executable and its arguments (never a shell string). */
export interface ToolCommand { readonly command: string; readonly args: string[] }

/** The JavaScript file a package's bin points at. */
export function toolEntry(root: string, pkg: string, bin?: string): string;
/** `{ command: execPath, args: [entry, ...args] }` for a package's tool. */
export function toolCommand(root: string, pkg: string, args: readonly string[], opts?: { bin?: string; execPath?: string }): ToolCommand;
/** The vite builds of the UI, the browser host and the Electron shell, as Node command lines. */
export function buildCommands(root: string, execPath?: string): {
  readonly renderer: ToolCommand; readonly host: ToolCommand; readonly hostFileWorker: ToolCommand; readonly electronMain: ToolCommand; readonly electronPreload: ToolCommand; readonly electronFileWorker: ToolCommand;
};
/** True when the module at `moduleUrl` (its import.meta.url) is the script Node was started with. */
export function isEntryScript(moduleUrl: string): boolean;

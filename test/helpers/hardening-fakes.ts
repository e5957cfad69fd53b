// Stand-ins for Electron's WebContents and Session that record the handlers the hardening code
// registers, so tests can invoke the real handlers under plain Node. Electron's own type file is
// the source of the permission names, so a new permission in an Electron upgrade is tested too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';

type Listener = (...args: unknown[]) => void;
type WindowOpenHandler = (details: { url: string }) => { action: string };

export interface RecordingContents {
  readonly contents: WebContents;
  /** Event names that got a listener. */
  events(): string[];
  /** Fires an event the way Electron does; true when a listener called preventDefault(). */
  emit(event: string, ...args: unknown[]): boolean;
  /** Calls the registered window-open handler (throws when none was registered). */
  windowOpen(url: string): { action: string };
}

export function recordingContents(): RecordingContents {
  const listeners = new Map<string, Listener[]>();
  let openHandler: WindowOpenHandler | null = null;
  const fake = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return fake;
    },
    setWindowOpenHandler(handler: WindowOpenHandler) {
      openHandler = handler;
    },
  };
  return {
    contents: fake as unknown as WebContents,
    events: () => [...listeners.keys()],
    emit(event, ...args) {
      let prevented = false;
      const e = { preventDefault: () => (prevented = true), defaultPrevented: false };
      for (const l of listeners.get(event) ?? []) l(e, ...args);
      return prevented;
    },
    windowOpen(url) {
      if (!openHandler) throw new Error('no window-open handler was registered');
      return openHandler({ url });
    },
  };
}

type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type CheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type DeviceHandler = (details: unknown) => boolean;

export interface RecordingSession {
  readonly session: Session;
  readonly request: RequestHandler | null;
  readonly check: CheckHandler | null;
  readonly device: DeviceHandler | null;
}

export function recordingSession(): RecordingSession {
  const state: { request: RequestHandler | null; check: CheckHandler | null; device: DeviceHandler | null } = { request: null, check: null, device: null };
  const fake = {
    setPermissionRequestHandler: (h: RequestHandler) => (state.request = h),
    setPermissionCheckHandler: (h: CheckHandler) => (state.check = h),
    setDevicePermissionHandler: (h: DeviceHandler) => (state.device = h),
  };
  return {
    session: fake as unknown as Session,
    get request() {
      return state.request;
    },
    get check() {
      return state.check;
    },
    get device() {
      return state.device;
    },
  };
}

/** Every permission name Electron's installed type definitions list for setPermissionRequestHandler. */
export function electronPermissionNames(root: string): string[] {
  const dts = readFileSync(join(root, 'node_modules', 'electron', 'electron.d.ts'), 'utf8');
  const signature = /setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+),/.exec(dts)?.[1];
  if (!signature) throw new Error('could not find setPermissionRequestHandler in electron.d.ts: update this helper');
  return [...signature.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

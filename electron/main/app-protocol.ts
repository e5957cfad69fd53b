// Serves the built renderer on app://control-room instead of file://, so the page has a real
// origin, a CSP header, and no access to the rest of the disk. The answers themselves come from
// app-protocol-handler.ts (tested under plain Node).
import { protocol } from 'electron';
import { appProtocolResponse, appSchemePrivileges } from './app-protocol-handler';
import { appScheme } from './security';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { ...appSchemePrivileges } }]);
}

export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(appScheme, (request) => appProtocolResponse(rendererDir, request));
}

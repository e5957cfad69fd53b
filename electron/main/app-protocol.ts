// Serves the built renderer on app://control-room instead of file://, so the page has a real
// origin, a CSP header, and no access to the rest of the disk.
import { protocol } from 'electron';
import { contentSecurityPolicy, securityHeaders } from '../host/csp';
import { readStaticFile } from '../host/static-files';
import { appHost, appScheme } from './security';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveAppProtocol(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return new Response('Not found', { status: 404 });
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers: securityHeaders(csp) });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { 'content-type': file.contentType, ...securityHeaders(csp) },
    });
  });
}

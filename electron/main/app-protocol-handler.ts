// The app:// protocol's answer to one request, as a plain function with no Electron import, so the
// hardening tests read back the exact response (status, CSP and other headers) the app serves.
import { contentSecurityPolicy, securityHeaders } from '../host/csp';
import { readStaticFile } from '../host/static-files';
import { appHost } from './security-urls';

/** Privileges of the app scheme, each explicit: only what a normal https origin gets. */
export const appSchemePrivileges = {
  // A real origin (relative URLs, localStorage, same-origin checks) and a secure context.
  standard: true,
  secure: true,
  // fetch() of the app's own files; nothing else is served.
  supportFetchAPI: true,
  // The CSP applies to app:// pages like to any other.
  bypassCSP: false,
  // No cross-origin reads of app:// from other schemes.
  corsEnabled: false,
  // A service worker could outlive a fix and serve stale or injected code.
  allowServiceWorkers: false,
  // Electron's defaults, stated so a change is a visible, reviewed diff.
  stream: false,
  codeCache: false,
  allowExtensions: false,
} as const;

export async function appProtocolResponse(rendererDir: string, request: Request): Promise<Response> {
  const headers = securityHeaders(contentSecurityPolicy());
  const url = new URL(request.url);
  if (url.host !== appHost) return new Response('Not found', { status: 404, headers });
  const file = await readStaticFile(rendererDir, url.pathname);
  if (!file) return new Response('Not found', { status: 404, headers });
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: { 'content-type': file.contentType, ...headers },
  });
}

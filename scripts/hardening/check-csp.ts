// The rules the app's Content-Security-Policy must meet, as a pure function: the gate applies it to
// the policy actually served (app:// handler, browser-mode host, the meta tag in index.html) and the
// mutation tests to loosened copies. No inline script, no eval, nothing remote.

export type CspSource = 'header' | 'meta';

const keywordWhy: Readonly<Record<string, string>> = {
  "'unsafe-inline'": 'injected markup could run script or style',
  "'unsafe-eval'": 'attacker text could become code through eval()',
  "'unsafe-hashes'": 'inline event handlers could run',
  "'wasm-unsafe-eval'": 'WebAssembly compilation is not needed and widens what injected code can do',
  "'strict-dynamic'": 'trusted script could load further script from anywhere',
  '*': 'any host could serve content or receive data',
  'http:': 'any http host could serve content or receive data',
  'https:': 'any https host could serve content or receive data',
  'blob:': 'script-built blobs could be loaded as code',
  'filesystem:': 'filesystem URLs could be loaded as code',
  'data:': 'data: URLs could carry code',
};

/** What each directive may contain. A directive not listed may only say 'none' or 'self'. */
function allowedSources(directive: string, source: CspSource): readonly string[] | ((value: string) => boolean) {
  switch (directive) {
    case 'default-src':
    case 'object-src':
    case 'base-uri':
    case 'form-action':
    case 'frame-ancestors':
      return ["'none'"];
    case 'script-src':
    case 'style-src':
    case 'font-src':
    case 'media-src':
    case 'frame-src':
      return ["'self'", "'none'"];
    case 'img-src':
      // data: images only: remote images are tracking pixels.
      return ["'self'", "'none'", 'data:'];
    case 'connect-src':
      // The browser-mode WebSocket on loopback; the meta tag cannot know the port.
      return (value) =>
        value === "'self'" ||
        value === "'none'" ||
        /^ws:\/\/127\.0\.0\.1:\d{1,5}$/.test(value) ||
        (source === 'meta' && value === 'ws://127.0.0.1:*');
    default:
      return ["'self'", "'none'"];
  }
}

/** Directives that must be present with exactly 'none' (frame-ancestors only where a header carries it). */
function requiredNone(source: CspSource): readonly string[] {
  const always = ['default-src', 'object-src', 'base-uri', 'form-action'];
  // Browsers ignore frame-ancestors in a meta tag, so only the header can (and must) carry it.
  return source === 'header' ? [...always, 'frame-ancestors'] : always;
}

/** Every problem with this policy, each naming the directive and the source at fault; [] when sound. */
export function checkCsp(policy: string, source: CspSource): string[] {
  const problems: string[] = [];
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    const key = name.toLowerCase();
    // Browsers obey the first occurrence only; a second one hides what is really enforced.
    if (directives.has(key)) problems.push(`${key} appears twice: browsers ignore the second, so the policy does not say what it seems to`);
    else directives.set(key, values);
  }
  for (const name of requiredNone(source)) {
    const values = directives.get(name);
    if (!values || values.length !== 1 || values[0] !== "'none'") {
      problems.push(`${name} must be 'none' (got ${values ? values.join(' ') || 'nothing' : 'missing'})`);
    }
  }
  const script = directives.get('script-src');
  if (!script || script.join(' ') !== "'self'") {
    problems.push(`script-src must be exactly 'self' (got ${script ? script.join(' ') : 'missing'}): only the app's own bundled script may run`);
  }
  for (const [name, values] of directives) {
    const allowed = allowedSources(name, source);
    for (const value of values) {
      const ok = typeof allowed === 'function' ? allowed(value) : allowed.includes(value);
      if (ok) continue;
      const why = keywordWhy[value.toLowerCase()] ?? 'only the app itself (and the loopback WebSocket) may be a source';
      problems.push(`${name} allows ${value}: ${why}`);
    }
  }
  return problems;
}

/** The policy in an HTML file's <meta http-equiv="Content-Security-Policy">, or null. */
export function metaCsp(html: string): string | null {
  const tag = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  if (!tag) return null;
  return /content=(["'])(.*?)\1/i.exec(tag)?.[2] ?? null;
}

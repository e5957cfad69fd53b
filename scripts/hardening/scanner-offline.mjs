// Loaded with `node --import` into the Electronegativity process: its only network use is
// fetching translations and Electron's release list (an HTTP client with retries, ~3 s per call
// offline). The gate must be fast and the same on every machine, so that client answers
// "offline" at once; Electron's own advisories are covered by the dependency audit instead.
import { registerHooks } from 'node:module';

const stubUrl = 'control-room:scanner-offline-http';
const stubSource = `
const offline = () => Promise.reject(Object.assign(new Error('offline: the hardening gate scans without network'), { code: 'ENOTFOUND' }));
offline.get = offline;
offline.head = offline;
module.exports = offline;
module.exports.default = offline;
`;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    // got is the scanner's only HTTP client; nothing else in that process uses it.
    if (/\/node_modules\/got\/dist\/source\/index\.js$/.test(resolved.url)) return { url: stubUrl, format: 'commonjs', shortCircuit: true };
    return resolved;
  },
  load(url, context, nextLoad) {
    if (url === stubUrl) return { format: 'commonjs', source: stubSource, shortCircuit: true };
    return nextLoad(url, context);
  },
});

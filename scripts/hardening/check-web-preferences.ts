// The rules a BrowserWindow's webPreferences must meet, as a pure function: the gate applies it to
// the real options (window-options.ts) and the mutation tests to altered copies of them. Every
// rule names what breaks when it is loosened; an option nobody has reviewed fails too.

/** Options that must be present with exactly this value: stated, never left to Electron's defaults. */
const required: Readonly<Record<string, { readonly value: unknown; readonly why: string }>> = {
  contextIsolation: { value: true, why: 'the page and the preload must live in separate JavaScript worlds' },
  sandbox: { value: true, why: 'the renderer must be an OS-sandboxed process with no Node.js' },
  nodeIntegration: { value: false, why: 'feeds carry attacker content; require() in the page would hand it the machine' },
  nodeIntegrationInWorker: { value: false, why: 'a web worker must not get Node.js either' },
  nodeIntegrationInSubFrames: { value: false, why: 'sub-frames show web posts and email bodies; they must not get Node.js' },
  webSecurity: { value: true, why: 'the same-origin policy must stay on' },
  allowRunningInsecureContent: { value: false, why: 'http content inside the app could be swapped by anyone on the network' },
  webviewTag: { value: false, why: '<webview> would be a second, weaker browser inside the app' },
  experimentalFeatures: { value: false, why: 'experimental Blink features widen the attack surface' },
  enableBlinkFeatures: { value: '', why: 'no extra Blink features are enabled' },
  plugins: { value: false, why: 'no plugins run in the app' },
  enableWebSQL: { value: false, why: 'WebSQL is unused attack surface' },
  navigateOnDragDrop: { value: false, why: 'dropping a file or link must not navigate the app away' },
  spellcheck: { value: false, why: 'typed statements must not go to a spell-check service' },
  safeDialogs: { value: true, why: 'a page looping alert() must be stoppable' },
};

/** Options that must never be set here. */
const forbidden: Readonly<Record<string, string>> = {
  partition: 'a separate partition would escape the permission handlers set on the default session',
  session: 'a separate session would escape the permission handlers set on the default session',
  additionalArguments: 'extra renderer arguments are a side channel into the sandboxed process',
  offscreen: 'offscreen rendering is not used and changes the process model',
};

/** Reviewed options whose value is checked below rather than in `required`. */
const reviewedOthers = new Set(['preload', 'disableBlinkFeatures', 'devTools']);

export interface WebPreferencesExpectation {
  /** Installed builds: DevTools must be off. */
  readonly packaged: boolean;
}

function show(value: unknown): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}

/** Every problem with these preferences, each naming the option and why it matters; [] when sound. */
export function checkWebPreferences(webPreferences: object, expect: WebPreferencesExpectation): string[] {
  const prefs = webPreferences as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  for (const [key, rule] of Object.entries(required)) {
    if (!Object.hasOwn(prefs, key)) {
      problems.push(`webPreferences.${key} is not set explicitly (must be ${show(rule.value)}): ${rule.why}`);
    } else if (prefs[key] !== rule.value) {
      problems.push(`webPreferences.${key} must be ${show(rule.value)} (got ${show(prefs[key])}): ${rule.why}`);
    }
  }
  for (const [key, why] of Object.entries(forbidden)) {
    if (Object.hasOwn(prefs, key)) problems.push(`webPreferences.${key} must not be set (got ${show(prefs[key])}): ${why}`);
  }
  const preload = prefs['preload'];
  if (typeof preload !== 'string' || !preload.endsWith('.cjs')) {
    problems.push(`webPreferences.preload must be the bundled contract bridge (a .cjs file), got ${show(preload)}`);
  }
  const disabled = prefs['disableBlinkFeatures'];
  if (typeof disabled !== 'string' || !disabled.split(',').map((f) => f.trim()).includes('Auxclick')) {
    problems.push(`webPreferences.disableBlinkFeatures must include Auxclick (got ${show(disabled)}): middle-click must not try to open windows`);
  }
  const devTools = prefs['devTools'];
  if (typeof devTools !== 'boolean') {
    problems.push(`webPreferences.devTools is not set explicitly (got ${show(devTools)})`);
  } else if (expect.packaged && devTools) {
    problems.push('webPreferences.devTools must be false in an installed build: a stolen laptop must not get a console into the page');
  }
  for (const key of Object.keys(prefs)) {
    if (!Object.hasOwn(required, key) && !Object.hasOwn(forbidden, key) && !reviewedOthers.has(key)) {
      problems.push(`webPreferences.${key} is not reviewed by the hardening gate: add a rule for it in scripts/hardening/check-web-preferences.ts`);
    }
  }
  return problems;
}

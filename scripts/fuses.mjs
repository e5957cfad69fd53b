// electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary, after packing
// and before signing (so the signature covers them), then reads them back. Fuses are build-time
// switches in the Electron binary itself; no command-line flag or environment variable at run
// time can turn them back. Strict: a fuse the installed @electron/fuses knows and this file has not
// decided on fails the build, and so does a binary with more fuses than @electron/fuses knows.
import { join } from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/** Every fuse, decided for release builds and for the separately named test build, with why. */
export const fuseDecisions = {
  RunAsNode: {
    release: false,
    test: false,
    why: 'ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.js interpreter any local process can drive',
  },
  EnableCookieEncryption: {
    release: true,
    test: true,
    why: 'cookies on disk are encrypted with a key kept in the OS keychain',
  },
  EnableNodeOptionsEnvironmentVariable: {
    release: false,
    test: false,
    why: 'NODE_OPTIONS could --require attacker code into the main process',
  },
  EnableNodeCliInspectArguments: {
    release: false,
    test: true,
    why: '--inspect would let any local process attach a debugger to main; only the test build (Playwright) keeps it',
  },
  EnableEmbeddedAsarIntegrityValidation: {
    release: true,
    test: true,
    why: 'app.asar is checked against the hash embedded at build time, so swapping app code on disk stops the app',
  },
  OnlyLoadAppFromAsar: {
    release: true,
    test: true,
    why: 'app code loads only from the (integrity-checked) app.asar, never from a loose folder beside it',
  },
  LoadBrowserProcessSpecificV8Snapshot: {
    release: false,
    test: false,
    why: 'no custom V8 snapshot ships, so there is nothing to load',
  },
  GrantFileProtocolExtraPrivileges: {
    release: false,
    test: false,
    why: 'the app is served from app://; file:// pages get no extra privileges',
  },
  WasmTrapHandlers: {
    release: true,
    test: true,
    why: "Electron's default: V8 guards WebAssembly memory with trap handlers instead of slower explicit checks",
  },
};

/** The test build (Playwright drives it over --inspect): CONTROL_ROOM_TEST_BUILD=1. */
export function isTestBuild(env = process.env) {
  return env.CONTROL_ROOM_TEST_BUILD === '1';
}

/** Names of the fuses an @electron/fuses options enum defines (numeric enums map both ways). */
export function fuseNames(options) {
  return Object.keys(options).filter((key) => Number.isNaN(Number(key)));
}

/** The strict fuse configuration for one build; throws when a fuse has no decision. */
export function fuseConfigFor(options, decisions, { testBuild, platform }) {
  const known = fuseNames(options);
  const undecided = known.filter((name) => !Object.hasOwn(decisions, name));
  if (undecided.length > 0) {
    throw new Error(`@electron/fuses knows fuses this project has not decided on: ${undecided.join(', ')}. Add each to fuseDecisions in scripts/fuses.mjs with its reason.`);
  }
  const unknown = Object.keys(decisions).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`scripts/fuses.mjs decides on fuses @electron/fuses does not know: ${unknown.join(', ')}. Update @electron/fuses or remove them.`);
  }
  const config = {
    version: FuseVersion.V1,
    // A fuse added in a newer Electron, unknown here, fails the build instead of keeping its default.
    strictlyRequireAllFuses: true,
    // Flipping fuses invalidates the ad-hoc signature arm64 macOS needs to launch unsigned builds.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
  };
  for (const name of known) config[options[name]] = testBuild ? decisions[name].test : decisions[name].release;
  return config;
}

/** The strict fuse configuration from the installed @electron/fuses. */
export function fuseConfig(build) {
  return fuseConfigFor(FuseV1Options, fuseDecisions, build);
}

/** The Electron binary (or .app bundle) electron-builder just packed. */
export function packagedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

/** Reads the fuses back from the binary: what ships must be what was decided. */
export async function verifyFuses(executable, config) {
  const wire = await getCurrentFuseWire(executable);
  const wrong = fuseNames(FuseV1Options).filter((name) => {
    const expected = config[FuseV1Options[name]] ? FuseState.ENABLE : FuseState.DISABLE;
    return wire[FuseV1Options[name]] !== expected;
  });
  if (wrong.length > 0) throw new Error(`fuses not as decided after flipping: ${wrong.join(', ')}`);
}

export async function afterPack(context) {
  const testBuild = isTestBuild();
  const executable = packagedExecutable(context);
  const config = fuseConfig({ testBuild, platform: context.electronPlatformName });
  console.log(`  • fuses: ${testBuild ? 'TEST build (CONTROL_ROOM_TEST_BUILD=1): --inspect stays on for Playwright' : 'release build'} → ${executable}`);
  await flipFuses(executable, config);
  await verifyFuses(executable, config);
}

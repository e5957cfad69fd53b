// Hardening gate, packaging: electron-builder.yml as electron-builder itself loads and validates
// it (targets, asar, no file associations or URL schemes, the fuse hook), the fuse decisions of
// scripts/fuses.mjs for release and test builds (strict against the installed @electron/fuses,
// flipped and read back on a stand-in binary), the signing plan of `npm run dist` and its one-line
// stop where Electron cannot be fetched, and the icons rendered from assets/icon.svg.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderArgs, signingPlan } from '../../scripts/dist.mjs';
import { afterPack, fuseConfig, fuseConfigFor, fuseDecisions, fuseNames, isTestBuild, packagedExecutable } from '../../scripts/fuses.mjs';
import { decodePng, icnsTypes, icoSizes, linuxSizes, parseIconSvg, render, type Raster } from '../../scripts/make-icons';
import { loadBuilderConfig, resolveBuilderHook, validateBuilderConfig, type BuilderConfig } from '../helpers/hardening-builder';
import { readRepoJson, readRepoText, repoRoot } from '../helpers/hardening-repo';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

type Section = Record<string, unknown>;
const section = (config: BuilderConfig, key: string): Section => (config[key] ?? {}) as Section;

describe('electron-builder.yml, as electron-builder loads it', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    config = await loadBuilderConfig();
  });

  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  it('and that validation refuses a misspelt option (so passing means something)', async () => {
    await expect(validateBuilderConfig({ ...config, mac: { ...section(config, 'mac'), notarise: true } })).rejects.toThrow(/configuration\.mac should be/);
  });

  it('names the app and builds AppImage, deb, NSIS and a universal dmg', () => {
    const pkg = readRepoJson<{ productName: string }>('package.json');
    expect(config['appId']).toBe('org.controlroom.desktop');
    expect(config['productName']).toBe(pkg.productName);
    expect(section(config, 'linux')['target']).toEqual(['AppImage', 'deb']);
    expect(section(config, 'win')['target']).toEqual(['nsis']);
    expect(section(config, 'mac')['target']).toEqual([{ target: 'dmg', arch: ['universal'] }]);
  });

  it('packs the app into asar and registers no file types or URL schemes, on any platform', () => {
    expect(config['asar']).toBe(true);
    for (const scope of [config, section(config, 'linux'), section(config, 'win'), section(config, 'mac')]) {
      expect((scope['fileAssociations'] as unknown[] | undefined) ?? []).toEqual([]);
      expect((scope['protocols'] as unknown[] | undefined) ?? []).toEqual([]);
      expect(scope['asar'] ?? true).toBe(true);
    }
  });

  it('flips fuses through scripts/fuses.mjs, which electron-builder resolves to its afterPack', async () => {
    expect(config['afterPack']).toBe('./scripts/fuses.mjs');
    // electron-builder loads its own instance of the module: our afterPack, by name and body.
    const hook = await resolveBuilderHook(config, 'afterPack');
    expect(typeof hook).toBe('function');
    expect((hook as (c: unknown) => Promise<void>).name).toBe(afterPack.name);
    expect(String(hook)).toContain('await flipFuses(executable, config);');
    expect(String(hook)).toContain('await verifyFuses(executable, config);');
    // One mechanism only: electron-builder's own electronFuses would flip them a second time.
    expect(config['electronFuses']).toBeUndefined();
  });

  it('uses the icons made from assets/icon.svg', () => {
    expect(section(config, 'mac')['icon']).toBe('assets/icon.icns');
    expect(section(config, 'win')['icon']).toBe('assets/icon.ico');
    expect(section(config, 'linux')['icon']).toBe('assets/icons');
  });

  it('runs hardened on macOS with only the JIT entitlement, and never elevated on Windows', () => {
    const mac = section(config, 'mac');
    expect(mac['hardenedRuntime']).toBe(true);
    const plist = readRepoText(String(mac['entitlements']));
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
    expect(mac['entitlementsInherit']).toBe(mac['entitlements']);
    expect(section(config, 'win')['requestedExecutionLevel']).toBe('asInvoker');
    expect(section(config, 'nsis')).toMatchObject({ perMachine: false, allowElevation: false, deleteAppDataOnUninstall: false });
  });
});

describe('fuses (scripts/fuses.mjs)', () => {
  const fuse = (config: Record<string | number, unknown>, name: keyof typeof FuseV1Options): unknown => config[FuseV1Options[name]];

  it('release build: no Node mode, no NODE_OPTIONS, no --inspect, encrypted cookies, asar only and integrity-checked', () => {
    const release = fuseConfig({ testBuild: false, platform: 'linux' }) as Record<string | number, unknown>;
    expect(release['strictlyRequireAllFuses']).toBe(true);
    expect(fuse(release, 'RunAsNode')).toBe(false);
    expect(fuse(release, 'EnableNodeOptionsEnvironmentVariable')).toBe(false);
    expect(fuse(release, 'EnableNodeCliInspectArguments')).toBe(false);
    expect(fuse(release, 'EnableCookieEncryption')).toBe(true);
    expect(fuse(release, 'EnableEmbeddedAsarIntegrityValidation')).toBe(true);
    expect(fuse(release, 'OnlyLoadAppFromAsar')).toBe(true);
    expect(fuse(release, 'GrantFileProtocolExtraPrivileges')).toBe(false);
  });

  it('test build differs in one fuse only: --inspect stays for Playwright', () => {
    const release = fuseConfig({ testBuild: false, platform: 'linux' }) as Record<string, unknown>;
    const test = fuseConfig({ testBuild: true, platform: 'linux' }) as Record<string, unknown>;
    const differing = Object.keys(release).filter((k) => release[k] !== test[k]);
    expect(differing).toEqual([String(FuseV1Options.EnableNodeCliInspectArguments)]);
    expect(isTestBuild({ CONTROL_ROOM_TEST_BUILD: '1' })).toBe(true);
    expect(isTestBuild({})).toBe(false);
    expect(isTestBuild({ CONTROL_ROOM_TEST_BUILD: 'true' })).toBe(false);
  });

  it('decides every fuse the installed @electron/fuses knows, each with a reason', () => {
    const names = fuseNames(FuseV1Options);
    expect(Object.keys(fuseDecisions).sort()).toEqual([...names].sort());
    for (const name of names) expect(fuseDecisions[name]?.why.length, name).toBeGreaterThan(20);
    // Every fuse gets an explicit value: nothing is left to Electron's defaults.
    const release = fuseConfig({ testBuild: false, platform: 'linux' }) as Record<string, unknown>;
    for (const name of names) expect(typeof release[String(FuseV1Options[name as keyof typeof FuseV1Options])], name).toBe('boolean');
  });

  it('fails the build on a fuse it has not decided on (a newer @electron/fuses)', () => {
    const newer = { ...FuseV1Options, BrandNewFuse: 9, 9: 'BrandNewFuse' };
    expect(() => fuseConfigFor(newer, fuseDecisions, { testBuild: false, platform: 'linux' })).toThrow(/BrandNewFuse/);
  });

  it('resets the ad-hoc signature on macOS only', () => {
    expect(fuseConfig({ testBuild: false, platform: 'darwin' }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig({ testBuild: false, platform: 'win32' }).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the packed binary the way electron-builder lays it out', () => {
    const packager = { executableName: 'control-room', appInfo: { productFilename: 'Control Room' } };
    expect(packagedExecutable({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(join('/o', 'control-room'));
    expect(packagedExecutable({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(join('/o', 'Control Room.exe'));
    expect(packagedExecutable({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(join('/o', 'Control Room.app'));
  });

  describe('on a stand-in Electron binary (the real one cannot be downloaded here)', () => {
    let dir: TempDir;
    const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
    // Electron's shipped defaults: RunAsNode, NODE_OPTIONS, --inspect, file:// privileges and Wasm traps on.
    const electronDefaults = '101100011';
    const fakeBinary = (wire: string): Buffer => Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(sentinel), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.alloc(4096, 9)]);
    const context = (name: string) => ({ appOutDir: dir.path, electronPlatformName: 'linux', packager: { executableName: name, appInfo: { productFilename: 'Control Room' } } });

    beforeAll(() => {
      dir = makeTempDir('fuses');
    });
    afterAll(() => dir.remove());

    it.each([
      ['release', undefined, FuseState.DISABLE],
      ['test', '1', FuseState.ENABLE],
    ])('afterPack flips a %s build as decided and reads it back', async (_kind, flag, inspect) => {
      const name = `control-room-${flag ?? 'release'}`;
      writeFileSync(join(dir.path, name), fakeBinary(electronDefaults));
      const saved = process.env['CONTROL_ROOM_TEST_BUILD'];
      if (flag) process.env['CONTROL_ROOM_TEST_BUILD'] = flag;
      else delete process.env['CONTROL_ROOM_TEST_BUILD'];
      try {
        await afterPack(context(name));
      } finally {
        if (saved === undefined) delete process.env['CONTROL_ROOM_TEST_BUILD'];
        else process.env['CONTROL_ROOM_TEST_BUILD'] = saved;
      }
      const wire = (await getCurrentFuseWire(join(dir.path, name))) as unknown as Record<number, number>;
      expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
      expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(inspect);
      expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
      expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    });

    it('afterPack fails on a binary with a fuse nobody knows yet (a newer Electron)', async () => {
      writeFileSync(join(dir.path, 'control-room-newer'), fakeBinary(`${electronDefaults}1`));
      await expect(afterPack(context('control-room-newer'))).rejects.toThrow(/strictlyRequireAllFuses/);
    });
  });
});

describe('npm run dist (scripts/dist.mjs)', () => {
  it('stops with one clear line where the Electron runtime is not available', () => {
    const empty = makeTempDir('no-electron');
    try {
      const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'dist.mjs')], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty.path },
        timeout: 30_000,
      });
      const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim());
      expect(r.status).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot build installers: the Electron runtime is not available here/);
    } finally {
      empty.remove();
    }
  });

  it('skips macOS signing and notarisation, saying so, when their variables are absent', () => {
    const plan = signingPlan('darwin', {});
    expect(plan.lines.join('\n')).toMatch(/macOS code signing: SKIPPED \(set CSC_LINK and CSC_KEY_PASSWORD/);
    expect(plan.lines.join('\n')).toMatch(/macOS notarisation: SKIPPED/);
    expect(plan.config).toContain('-c.mac.notarize=false');
    expect(plan.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
  });

  it('signs and notarises on macOS when the certificate and Apple credentials are set', () => {
    const plan = signingPlan('darwin', { CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' });
    expect(plan.lines).toEqual(['macOS code signing: on (Developer ID certificate from CSC_LINK)', 'macOS notarisation: on (APPLE_ID)']);
    expect(plan.config).toEqual([]);
    expect(plan.env).toEqual({});
  });

  it('signs on Windows only with WIN_CSC_LINK (or CSC_LINK) and its password', () => {
    expect(signingPlan('win32', {}).lines[0]).toMatch(/Windows code signing: SKIPPED \(set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD/);
    expect(signingPlan('win32', { WIN_CSC_LINK: 'c.pfx', WIN_CSC_KEY_PASSWORD: 'x' }).lines[0]).toMatch(/Windows code signing: on/);
  });

  it('builds the current OS’s targets and publishes nothing', () => {
    expect(builderArgs('linux', signingPlan('linux', {}))).toEqual(['--config', 'electron-builder.yml', '--linux', '--publish', 'never']);
    expect(builderArgs('darwin', signingPlan('darwin', {}))).toEqual(['--config', 'electron-builder.yml', '--mac', '--publish', 'never', '-c.mac.notarize=false']);
  });
});

describe('icons (assets/, made from assets/icon.svg by npm run icons)', () => {
  const source = parseIconSvg(readRepoText('assets/icon.svg'));
  const rendered = new Map<number, Raster>();
  const expected = (size: number): Raster => {
    if (!rendered.has(size)) rendered.set(size, render(source, size));
    return rendered.get(size) as Raster;
  };
  const samePixels = (a: Raster, b: Raster): boolean => a.size === b.size && Buffer.from(a.pixels).equals(Buffer.from(b.pixels));

  it.each([...linuxSizes])('assets/icons/%ipx is the SVG as rendered now', (size) => {
    expect(samePixels(decodePng(readFileSync(join(repoRoot, 'assets', 'icons', `${size}x${size}.png`))), expected(size))).toBe(true);
  });

  it('assets/icon.png is the 1024 px rendering', () => {
    expect(samePixels(decodePng(readFileSync(join(repoRoot, 'assets', 'icon.png'))), expected(1024))).toBe(true);
  });

  it('assets/icon.ico holds every Windows size, 256 px as PNG', () => {
    const ico = readFileSync(join(repoRoot, 'assets', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual([...icoSizes]);
    const last = 6 + 16 * (count - 1);
    const png = ico.subarray(ico.readUInt32LE(last + 12), ico.readUInt32LE(last + 12) + ico.readUInt32LE(last + 8));
    expect(samePixels(decodePng(png), expected(256))).toBe(true);
  });

  it('assets/icon.icns holds a PNG of the right size for every entry', () => {
    const icns = readFileSync(join(repoRoot, 'assets', 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries = new Map<string, Buffer>();
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      entries.set(icns.toString('latin1', offset, offset + 4), icns.subarray(offset + 8, offset + icns.readUInt32BE(offset + 4)));
    }
    for (const [type, size] of icnsTypes) expect(decodePng(entries.get(type) as Buffer).size, type).toBe(size);
  });

  it('refuses an SVG it cannot draw faithfully', () => {
    expect(() => parseIconSvg('<svg viewBox="0 0 8 8"><circle r="4"/></svg>')).toThrow(/<rect> only/);
  });
});

import { describe, expect, it } from 'vitest';
import { checkDisplayName, checkUsername } from '../core/accounts/account-rules';
import { passphraseProblems } from '../core/accounts/passphrase-strength';
import { defaultChannelLimits } from '../core/statements/limits';
import { checkPlaceholderValue } from '../core/statements/template-fill';
import { allChannels } from './all-channels';
import { calls } from './contract';
import {
  abusiveWordLength,
  baselineProblem,
  checkAbusiveWord,
  checkDomain,
  checkTimeZone,
  maxDisplayNameLength,
  maxFreezeReasonLength,
  maxItemsPerColumn,
  maxPassphraseLength,
  maxPlaceholderInputLength,
  maxPlaceholderValueLength,
  minPassphraseLength,
  officeHoursProblems,
  xWeightedLimit,
} from './rules';

// The contract and the core draw each shared limit at exactly the same place (the screen's side is
// in renderer/lib/credential-rules.test.ts): a literal typed again anywhere makes one of these fail.
const text = (length: number): string => 'x'.repeat(length);
const accepts = <N extends keyof typeof calls>(name: N, input: unknown): boolean => calls[name].input.safeParse(input).success;

describe('shared rules: contract and core agree at the boundary', () => {
  it('display names: the contract and the core take exactly the maximum, not one more', () => {
    const create = (displayName: string) => ({ username: 'j.smith', displayName, role: 'operator', passphrase: 'several unrelated words' });
    const firstAdmin = (displayName: string) => ({ username: 'j.smith', displayName, passphrase: 'several unrelated words' });
    expect(accepts('accounts.create', create(text(maxDisplayNameLength)))).toBe(true);
    expect(accepts('accounts.create', create(text(maxDisplayNameLength + 1)))).toBe(false);
    expect(accepts('accounts.createFirstAdmin', firstAdmin(text(maxDisplayNameLength)))).toBe(true);
    expect(accepts('accounts.createFirstAdmin', firstAdmin(text(maxDisplayNameLength + 1)))).toBe(false);
    expect(checkDisplayName(` ${text(maxDisplayNameLength)} `)).toBe(text(maxDisplayNameLength));
    expect(() => checkDisplayName(text(maxDisplayNameLength + 1))).toThrow(`1 to ${maxDisplayNameLength} characters`);
  });

  it('passphrases: the core wants the minimum, and the contract and the core stop at the same maximum', () => {
    const words = (length: number) => 'plum tree river stone '.repeat(60).slice(0, length);
    expect(passphraseProblems(words(minPassphraseLength), 'j.smith')).toEqual([]);
    expect(passphraseProblems(words(minPassphraseLength - 1), 'j.smith').join(' ')).toContain(`at least ${minPassphraseLength}`);
    expect(passphraseProblems(words(maxPassphraseLength), 'j.smith')).toEqual([]);
    expect(passphraseProblems(words(maxPassphraseLength + 1), 'j.smith').join(' ')).toContain(`at most ${maxPassphraseLength}`);
    expect(accepts('accounts.signIn', { username: 'j.smith', passphrase: words(maxPassphraseLength) })).toBe(true);
    expect(accepts('accounts.signIn', { username: 'j.smith', passphrase: words(maxPassphraseLength + 1) })).toBe(false);
  });

  it('usernames: 3 to 32 characters', () => {
    expect(checkUsername(' J.Smith ')).toBe('j.smith');
    expect(checkUsername(text(32))).toBe(text(32));
    expect(() => checkUsername(text(33))).toThrow(/3 to 32/);
    expect(() => checkUsername('js')).toThrow(/3 to 32/);
  });

  it('freeze reasons and column sizes: the contract takes exactly the shared maximum', () => {
    expect(accepts('control.freeze', { scope: allChannels, reason: text(maxFreezeReasonLength) })).toBe(true);
    expect(accepts('control.freeze', { scope: allChannels, reason: text(maxFreezeReasonLength + 1) })).toBe(false);
    expect(accepts('feed.list', { channelId: 'demo-x', limit: maxItemsPerColumn })).toBe(true);
    expect(accepts('feed.list', { channelId: 'demo-x', limit: maxItemsPerColumn + 1 })).toBe(false);
  });

  it('placeholder values: the contract takes what the field on screen takes; the core keeps its shorter rule', () => {
    expect(maxPlaceholderValueLength).toBeLessThan(maxPlaceholderInputLength);
    expect(accepts('templates.fill', { id: 'tpl', values: { time: text(maxPlaceholderInputLength) } })).toBe(true);
    expect(accepts('templates.fill', { id: 'tpl', values: { time: text(maxPlaceholderInputLength + 1) } })).toBe(false);
    expect(checkPlaceholderValue('time', text(maxPlaceholderValueLength))).toBe(text(maxPlaceholderValueLength));
    expect(() => checkPlaceholderValue('time', text(maxPlaceholderValueLength + 1))).toThrow(`under ${maxPlaceholderValueLength} characters`);
  });

  it("X's limit: the composer's count is the core's", () => {
    expect(defaultChannelLimits.xWeighted).toBe(xWeightedLimit);
  });
});

describe('anomaly settings rules (the contract and the screen check with these)', () => {
  it('time zones: IANA names, canonicalised; unknown names and offsets refused with what to type', () => {
    expect(checkTimeZone(' europe/london ')).toEqual({ ok: true, value: 'Europe/London' });
    expect(checkTimeZone('UTC')).toEqual({ ok: true, value: 'UTC' });
    expect(checkTimeZone('Europe/Londn')).toEqual({ ok: false, problem: expect.stringContaining('use an IANA name such as Europe/London') });
    expect(checkTimeZone('+01:00')).toEqual({ ok: false, problem: expect.stringContaining('does not follow summer time') });
    expect(checkTimeZone('')).toMatchObject({ ok: false });
  });
  it('domains: lower-case, punycode, no www, no scheme or path, no IP address', () => {
    expect(checkDomain('WWW.Met.Police.UK')).toEqual({ ok: true, value: 'met.police.uk' });
    expect(checkDomain('bücher.example')).toEqual({ ok: true, value: 'xn--bcher-kva.example' });
    expect(checkDomain('https://met.police.uk/news')).toMatchObject({ ok: false, problem: expect.stringContaining('without https://') });
    expect(checkDomain('localhost')).toMatchObject({ ok: false, problem: expect.stringContaining('needs a dot') });
    expect(checkDomain('10.0.0.1')).toMatchObject({ ok: false, problem: expect.stringContaining('IP address') });
    expect(checkDomain('-bad.example')).toMatchObject({ ok: false, problem: expect.stringContaining('not starting or ending with a dash') });
    expect(checkDomain('under_score.example')).toMatchObject({ ok: false });
  });
  it('abusive words: unmasked, lower-case, within the length', () => {
    expect(checkAbusiveWord('  Piss   OFF ')).toEqual({ ok: true, value: 'piss off' });
    expect(checkAbusiveWord('f*ck')).toMatchObject({ ok: false, problem: expect.stringContaining('unmasked') });
    expect(checkAbusiveWord('x')).toMatchObject({ ok: false, problem: expect.stringContaining(`${abusiveWordLength.min} to ${abusiveWordLength.max}`) });
    expect(checkAbusiveWord('<script>')).toMatchObject({ ok: false });
  });
  it('office hours and baseline', () => {
    expect(officeHoursProblems(7, 22)).toEqual({});
    expect(officeHoursProblems(22, 7)).toEqual({});
    expect(officeHoursProblems(0, 24)).toEqual({});
    expect(officeHoursProblems(9, 9).end).toMatch(/same hour/);
    expect(officeHoursProblems(24, 5).start).toMatch(/0 to 23/);
    expect(baselineProblem(-1)).toMatch(/from 0 to/);
    expect(baselineProblem(0.5)).toBeNull();
  });
});

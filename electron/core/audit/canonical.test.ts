import { describe, expect, it } from 'vitest';
import { canonicalJson, checkpointMessage, entryHashInput } from './canonical';
import { isSecretLikeKey } from './secret-guard';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'é\n' }, u: undefined })).toBe(
      '{"a":{"c":"é\\n","d":[3,{"y":true,"z":null}]},"b":1}',
    );
    // UTF-16 code unit order, as RFC 8785: uppercase before lowercase, "é" after "z".
    expect(canonicalJson({ z: 1, é: 2, Z: 3, a10: 4, a9: 5 })).toBe('{"Z":3,"a10":4,"a9":5,"z":1,"é":2}');
    expect(canonicalJson({ n: -0, f: 1e21, g: 0.1 })).toBe('{"f":1e+21,"g":0.1,"n":0}');
  });

  it('gives the same text for the same value whatever order it was built in', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('refuses what JSON cannot say exactly', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [{ n: Infinity }, { n: Number.NaN }, { b: 10n }, { f: () => 1 }, { d: new Date(0) }, { m: new Map() }, { a: [undefined] }, cyclic]) {
      expect(() => canonicalJson(bad)).toThrowError();
    }
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(() => canonicalJson(deep)).toThrowError(/deeper than 16/);
  });
});

describe('hash and signature inputs', () => {
  it('embeds details as a JSON string, so its text cannot spill into the next field', () => {
    const input = entryHashInput({
      seq: 3,
      at: 't',
      actor: 'a',
      role: 'operator',
      action: 'freeze',
      target: null,
      reason: 'r',
      details: '{"k":"v"}',
      prevHash: 'p',
    });
    expect(input).toBe('[3,"t","a","operator","freeze",null,"r","{\\"k\\":\\"v\\"}","p"]');
    expect(checkpointMessage(100, 'ab')).toBe('control-room-audit-checkpoint:v1:100:ab');
  });

  it('recognises secret-looking keys whatever their case and separators', () => {
    for (const key of ['password', 'PASSWD', 'passphrase', 'api_key', 'x-api-key', 'refreshToken', 'clientSecret', 'private_key']) {
      expect(isSecretLikeKey(key)).toBe(true);
    }
    for (const key of ['channel', 'keychainRef', 'itemId', 'author', 'count']) expect(isSecretLikeKey(key)).toBe(false);
  });
});

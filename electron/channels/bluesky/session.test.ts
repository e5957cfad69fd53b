import { describe, expect, it } from 'vitest';
import { accessScope } from './session';

const jwt = (claims: unknown): string => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('the access token scope', () => {
  it('tells an app password session from a main-password one', () => {
    expect(accessScope(jwt({ scope: 'com.atproto.appPass', sub: 'did:plc:x' }))).toBe('com.atproto.appPass');
    expect(accessScope(jwt({ scope: 'com.atproto.access' }))).toBe('com.atproto.access');
    expect(accessScope('not-a-jwt')).toBeNull();
    expect(accessScope(jwt({ sub: 'no scope' }))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { connectChannelSchema } from './contract-channels';

const server = { host: '127.0.0.1', port: 2525, security: 'none', user: 'bureau', password: 'pw' } as const;
const email = { kind: 'email', name: 'Bulletin', smtp: server, canary: server, from: 'press@newsroom.example', to: ['a@example.org', 'b@example.org'] } as const;

function issues(input: Record<string, unknown>): { path: string; message: string }[] {
  const parsed = connectChannelSchema.safeParse({ ...email, ...input });
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('email channel list settings in the contract', () => {
  it('accepts the defaults and a one-click https address with {recipient}', () => {
    expect(issues({})).toEqual([]);
    expect(issues({ listAddress: 'bulletin@newsroom.example', unsubscribeMailto: 'unsubscribe@newsroom.example', unsubscribeUrl: 'https://newsroom.example/u?e={recipient}' })).toEqual([]);
  });

  it('puts each problem on the field it is about', () => {
    expect(issues({ listAddress: 'B@example.org' })).toEqual([{ path: 'listAddress', message: expect.stringContaining('is one of the subscribers') }]);
    // No list address given: the From address stands in To:, so it must not be a subscriber either.
    expect(issues({ from: 'a@example.org' })).toEqual([{ path: 'from', message: expect.stringContaining('is one of the subscribers') }]);
    expect(issues({ unsubscribeUrl: 'https://newsroom.example/unsubscribe' })).toEqual([{ path: 'unsubscribeUrl', message: expect.stringContaining('must contain {recipient}') }]);
    expect(issues({ unsubscribeUrl: 'mailto:x@newsroom.example?e={recipient}' })).toEqual([{ path: 'unsubscribeUrl', message: expect.stringContaining('must start with https://') }]);
    expect(issues({ unsubscribeUrl: 'https://user:pw@newsroom.example/u?e={recipient}' })).toEqual([{ path: 'unsubscribeUrl', message: expect.stringContaining('user name or password') }]);
    expect(issues({ listAddress: 'not-an-address' }).map((i) => i.path)).toContain('listAddress');
  });
});

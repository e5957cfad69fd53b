import { describe, expect, it } from 'vitest';
import { connectChannelSchema } from './contract-channels';

describe('connecting a Bluesky account', () => {
  const input = (over: Record<string, unknown>) => ({ kind: 'bluesky', name: 'Bluesky', handle: 'press.example.org', appPassword: 'abcd-efgh-ijkl-mnop', ...over });

  it('takes a handle with or without the @, or a DID, and an optional https PDS', () => {
    expect(connectChannelSchema.parse(input({ handle: ' @press.example.org ' }))).toMatchObject({ handle: 'press.example.org' });
    expect(connectChannelSchema.parse(input({ handle: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' }))).toMatchObject({ handle: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' });
    expect(connectChannelSchema.parse(input({ pdsUrl: 'https://pds.example.org' }))).toMatchObject({ pdsUrl: 'https://pds.example.org' });
  });

  it('refuses what cannot be a handle, an empty app password and a PDS over plain http elsewhere', () => {
    const issues = (over: Record<string, unknown>) => connectChannelSchema.safeParse(input(over)).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ handle: 'press office' })).toEqual(['handle: must be a handle like press.example.org (no spaces)']);
    expect(issues({ appPassword: ' ' })).toEqual(['appPassword: must not be empty']);
    expect(issues({ pdsUrl: 'http://pds.example.org' })[0]).toMatch(/^pdsUrl: must use https/);
  });
});

import { describe, expect, it } from 'vitest';
import { CallError } from '../../../lib/call';
import { formProblems } from './field-errors';

const bad = (message: string) => new CallError('BAD_INPUT', message);

describe('formProblems', () => {
  it('puts each of the core’s messages on its field', () => {
    const m = 'Invalid input for channels.test: channel.siteUrl: must use https (http is only accepted for this computer, 127.0.0.1); channel.applicationPassword: must not be empty.';
    expect(formProblems(bad(m), m)).toEqual({
      fields: { siteUrl: 'must use https (http is only accepted for this computer, 127.0.0.1)', applicationPassword: 'must not be empty' },
      form: null,
    });
  });

  it('names nested fields and drops list positions', () => {
    const m = 'Invalid input for channels.connect: channel.smtp.host: must be a host name like mail.example.org; channel.to.0: Invalid email address.';
    expect(formProblems(bad(m), m).fields).toEqual({ 'smtp.host': 'must be a host name like mail.example.org', to: 'Invalid email address' });
  });

  it('reads calls without a wrapper (channels.authorizeX)', () => {
    const m = 'Invalid input for channels.authorizeX: clientId: must not be empty.';
    expect(formProblems(bad(m), m, null).fields).toEqual({ clientId: 'must not be empty' });
  });

  it('keeps other refusals for the whole form', () => {
    const m = 'Not connected: the site refused the application password.';
    expect(formProblems(bad(m), m)).toEqual({ fields: {}, form: m });
    expect(formProblems(new CallError('UNAVAILABLE', 'keychain locked'), 'keychain locked').form).toBe('keychain locked');
  });
});

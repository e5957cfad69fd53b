import { describe, expect, it } from 'vitest';
import { CallError } from '../../../lib/call';
import type { InputIssue } from '../../../../electron/shared/result';
import { formProblems } from './field-errors';

// The message is deliberately not the core's "Invalid input for …" wording: only the issues count.
const bad = (issues: InputIssue[], message = 'Check the highlighted fields.') => new CallError('BAD_INPUT', message, issues);

describe('formProblems', () => {
  it('puts each of the core’s issues on its field, whatever the message says', () => {
    const err = bad([
      { path: 'channel.siteUrl', message: 'must use https (http is only accepted for this computer, 127.0.0.1)' },
      { path: 'channel.applicationPassword', message: 'must not be empty' },
    ]);
    expect(formProblems(err, err.message)).toEqual({
      fields: { siteUrl: 'must use https (http is only accepted for this computer, 127.0.0.1)', applicationPassword: 'must not be empty' },
      form: null,
    });
  });

  it('names nested fields, drops list positions and keeps the first message per field', () => {
    const err = bad([
      { path: 'channel.smtp.host', message: 'must be a host name like mail.example.org' },
      { path: 'channel.to.0', message: 'Invalid email address' },
      { path: 'channel.to.3', message: 'Invalid email address (the fourth)' },
    ]);
    expect(formProblems(err, err.message).fields).toEqual({ 'smtp.host': 'must be a host name like mail.example.org', to: 'Invalid email address' });
  });

  it('reads calls without a wrapper (channels.authorizeX)', () => {
    const err = bad([{ path: 'clientId', message: 'must not be empty' }]);
    expect(formProblems(err, err.message, null).fields).toEqual({ clientId: 'must not be empty' });
  });

  it('keeps issues about the whole input, and refusals without issues, for the whole form', () => {
    const whole = bad([{ path: '', message: 'Unrecognized key: "extra"' }, { path: 'channel', message: 'Invalid input' }]);
    expect(formProblems(whole, whole.message)).toEqual({ fields: {}, form: 'Unrecognized key: "extra"; Invalid input' });
    // Worded exactly like a field problem, but carrying no issues: it stays on the form.
    const m = 'Invalid input for channels.test: channel.siteUrl: must use https.';
    expect(formProblems(new CallError('BAD_INPUT', m), m)).toEqual({ fields: {}, form: m });
    expect(formProblems(new CallError('UNAVAILABLE', 'keychain locked'), 'keychain locked').form).toBe('keychain locked');
  });
});

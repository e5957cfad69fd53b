// Connecting a real channel (admins). "Test connection" reads the channel with what was typed and
// saves nothing; "Connect" tests again, stores the secrets in the OS keychain and starts reading.
// X and Mastodon can also be connected through their consent pages (OAuth 2.0 + PKCE): the core
// waits up to five minutes, and the page's address arrives as the channels.authorize event. Every
// refusal puts the core's words next to the field concerned and keeps everything typed. In team mode
// a channel another desk connected can be connected on this desk too, with the same account: this
// desk then keeps its own credential (a new WordPress application password, its own authorisation).
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { useChannels } from '../../../lib/api/channels';
import { useTransport } from '../../../lib/transport-context';
import { openConsentPage, useChannelAdmin } from '../api/channel-admin';
import type { CallOutput } from '../../../../electron/shared/contract';
import { authorizeInputOf, authorizeMastodonInputOf, channelInputOf, isConsentKind, emailDefaults, kindLabels, localProblems, type ConnectKind, type FormValues } from '../lib/channel-form';
import { formProblems, noProblems, type FormProblems } from '../lib/field-errors';
import { ChannelField, fieldsOf } from './channel-fields';

/** What connecting answered: the channel and what became of this desk's earlier credentials. */
type ConnectedChannelSummary = CallOutput<'channels.connect'>;

const kinds = Object.keys(kindLabels) as ConnectKind[];

/** While this window waits for a consent page, it opens the consent page the core announces (and only this window). */
function useConsentPage(waiting: boolean): string | null {
  const transport = useTransport();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!waiting) return;
    setUrl(null);
    return transport.on('channels.authorize', (p) => {
      setUrl(p.url);
      // The desktop app has already opened it in the system browser.
      if (!p.opened) void openConsentPage(transport, p.url);
    });
  }, [waiting, transport]);
  return url;
}

export function ConnectChannelForm() {
  const transport = useTransport();
  const { test, connect, authorizeX, authorizeMastodon } = useChannelAdmin();
  const [kind, setKind] = useState<ConnectKind>('wordpress');
  const [values, setValues] = useState<FormValues>(emailDefaults);
  const [problems, setProblems] = useState<FormProblems>(noProblems);
  const [done, setDone] = useState<string | null>(null);
  const [joining, setJoining] = useState('');
  // Channels of this kind already shared in the database (the demo newsroom's are not per desk).
  const shared = (useChannels().data ?? []).filter((c) => !c.demo && c.kind === kind.split('-')[0]);
  const channelId = shared.some((c) => c.id === joining) ? { channelId: joining } : {};
  const authorizing = authorizeX.isPending || authorizeMastodon.isPending;
  const consentUrl = useConsentPage(authorizing);
  const busy = test.isPending || connect.isPending || authorizing;

  const edit = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const refused = (wrapper: string | null) => (err: unknown) => setProblems(formProblems(err, errorMessage(err), wrapper));
  const connected = (c: ConnectedChannelSummary) => {
    // Only a success clears the form: the secrets leave the screen with it.
    setValues(emailDefaults);
    setProblems(noProblems);
    // Team mode: what became of this desk's earlier credential (revoked, or still live and listed by Lock).
    const earlier = c.earlierCredentials.map((e) => ` ${e.detail}`).join('');
    setDone(`Connected ${c.name}: its column appears with the others.${earlier}`);
  };

  const run = (action: 'test' | 'connect') => (e?: FormEvent) => {
    e?.preventDefault();
    setDone(null);
    test.reset();
    const local = localProblems(kind, values);
    if (Object.keys(local).length > 0) return setProblems({ fields: local, form: null });
    setProblems(noProblems);
    if (kind === 'x-oauth2') {
      authorizeX.mutate({ ...authorizeInputOf(values), ...channelId }, { onSuccess: connected, onError: refused(null) });
      return;
    }
    if (kind === 'mastodon-oauth') {
      authorizeMastodon.mutate({ ...authorizeMastodonInputOf(values), ...channelId }, { onSuccess: connected, onError: refused(null) });
      return;
    }
    const input = channelInputOf(kind, values);
    if (action === 'test') test.mutate(input, { onError: refused('channel') });
    else connect.mutate({ channel: input, ...channelId }, { onSuccess: connected, onError: refused('channel') });
  };

  const result = test.data;
  return (
    <form className="form" onSubmit={run('connect')} noValidate aria-labelledby="connect-channel-title" data-testid="connect-channel">
      <h3 id="connect-channel-title" className="panel__subtitle">
        Connect a channel
      </h3>
      <fieldset className="fieldset">
        <legend>Kind</legend>
        {kinds.map((k) => (
          <label key={k} className="checkbox">
            <input
              type="radio"
              name="channel-kind"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setProblems(noProblems);
                test.reset();
              }}
              data-testid={`channel-kind-${k}`}
            />
            {kindLabels[k]}
          </label>
        ))}
      </fieldset>
      {shared.length > 0 ? (
        <div className="field">
          <label htmlFor="channel-join" className="field__label">
            Channel
          </label>
          <select id="channel-join" className="field__input" value={joining} onChange={(e) => setJoining(e.target.value)} data-testid="channel-join">
            <option value="">A new channel</option>
            {shared.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}: connect on this desk too (same account)
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="form--grid">
        {fieldsOf[kind].map((spec) => (
          <ChannelField key={spec.key} spec={spec} values={values} error={problems.fields[spec.key] ?? null} onChange={edit} />
        ))}
      </div>
      <ErrorNotice testId="channel-form-error">{problems.form}</ErrorNotice>
      {result ? (
        result.ok ? (
          <StatusNotice testId="channel-test-result">Connection works: {result.message} Nothing was saved.</StatusNotice>
        ) : (
          <ErrorNotice testId="channel-test-result">
            The test failed ({result.outcome}): {result.message} Nothing was saved.
          </ErrorNotice>
        )
      ) : null}
      {authorizing ? (
        <StatusNotice testId={authorizeX.isPending ? 'x-authorize-waiting' : 'mastodon-authorize-waiting'}>
          Waiting for you to allow Control Room on {authorizeX.isPending ? 'X’s consent page' : 'the Mastodon instance’s consent page'} (up to 5 minutes).
          {consentUrl ? (
            <>
              {' '}
              No page opened?{' '}
              <button type="button" className="button button--small" onClick={() => void openConsentPage(transport, consentUrl)}>
                Open the consent page again
              </button>
            </>
          ) : null}
        </StatusNotice>
      ) : null}
      {done ? <StatusNotice testId="channel-connected">{done}</StatusNotice> : null}
      <div className="form__actions">
        {!isConsentKind(kind) ? (
          <button type="button" className="button" onClick={() => run('test')()} disabled={busy} data-testid="channel-test">
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="channel-connect">
          {connect.isPending ? 'Connecting…' : kind === 'x-oauth2' ? 'Sign in with X and connect' : kind === 'mastodon-oauth' ? 'Sign in on Mastodon and connect' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

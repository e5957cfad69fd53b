// The fields each kind of channel needs, and one field drawn with its label, hint and the core's
// message about it. Secrets are password fields: never shown, never filled in by the browser from
// a saved login, and kept only in the form's own state until connected.
import { useId } from 'react';
import type { ConnectKind, FormValues } from '../lib/channel-form';

export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly type?: 'text' | 'password' | 'select' | 'textarea' | 'number';
  readonly hint?: string;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
}

const security = [
  { value: 'tls', label: 'TLS (implicit, e.g. port 465 / 993)' },
  { value: 'starttls', label: 'STARTTLS (e.g. port 587 / 143)' },
  { value: 'none', label: 'None (this computer only)' },
];

const name: FieldSpec = { key: 'name', label: 'Name shown on the column', hint: 'For example “X @metpoliceuk” or “Website news”.' };
const apiBase: FieldSpec = { key: 'apiBaseUrl', label: 'API address (optional)', hint: 'Leave empty for https://api.x.com.' };

function server(prefix: 'smtp' | 'canary', what: string): FieldSpec[] {
  return [
    { key: `${prefix}.host`, label: `${what} host` },
    { key: `${prefix}.port`, label: `${what} port`, type: 'number' },
    { key: `${prefix}.security`, label: `${what} security`, type: 'select', options: security },
    { key: `${prefix}.user`, label: `${what} user` },
    { key: `${prefix}.password`, label: `${what} password`, type: 'password' },
  ];
}

export const fieldsOf: Record<ConnectKind, readonly FieldSpec[]> = {
  'x-oauth2': [
    name,
    { key: 'clientId', label: 'OAuth 2.0 client id', hint: 'From the X developer portal (User authentication settings).' },
    { key: 'clientSecret', label: 'Client secret (confidential apps only)', type: 'password' },
    apiBase,
    { key: 'authorizeBaseUrl', label: 'Consent page address (optional)', hint: 'Leave empty for https://x.com.' },
  ],
  'x-oauth1': [
    name,
    { key: 'auth.appKey', label: 'API key (consumer key)', type: 'password' },
    { key: 'auth.appSecret', label: 'API key secret', type: 'password' },
    { key: 'auth.accessToken', label: 'Access token', type: 'password' },
    { key: 'auth.accessSecret', label: 'Access token secret', type: 'password' },
    apiBase,
  ],
  wordpress: [
    name,
    { key: 'siteUrl', label: 'Site address', hint: 'https://news.example.org (http only for this computer).' },
    { key: 'username', label: 'WordPress user' },
    { key: 'applicationPassword', label: 'Application password', type: 'password', hint: 'Users → Profile → Application passwords in WordPress.' },
    { key: 'integrationUserIds', label: 'User ids of tools that post here (optional)', hint: 'The Lock runbook revokes their application passwords, e.g. 3, 7.' },
  ],
  email: [
    name,
    ...server('smtp', 'Sending (SMTP)'),
    ...server('canary', 'Canary mailbox (IMAP)'),
    { key: 'canary.address', label: 'Canary mailbox address (optional)', hint: 'Leave empty when the canary user above is its address.' },
    { key: 'from', label: 'From address' },
    {
      key: 'to',
      label: 'Subscribers (separated by commas or new lines)',
      type: 'textarea',
      hint: 'Each gets a copy; no subscriber ever sees another. Include the canary mailbox’s address.',
    },
    { key: 'listAddress', label: 'List address shown in To: (optional)', hint: 'Leave empty to use the From address. Never a subscriber’s own address.' },
    { key: 'unsubscribeMailto', label: 'Unsubscribe requests go to (optional)', hint: 'Leave empty to use the list address: someone there removes the subscriber.' },
    {
      key: 'unsubscribeUrl',
      label: 'One-click unsubscribe address (optional)',
      hint: 'https, with {recipient} where the subscriber’s address goes, e.g. https://newsroom.example/unsubscribe?email={recipient}. Gmail and Yahoo expect it from large senders; each subscriber then gets a copy of their own.',
    },
  ],
  rss: [name, { key: 'url', label: 'Feed address', hint: 'https://news.example.org/feed' }],
  'mastodon-oauth': [
    name,
    {
      key: 'instanceUrl',
      label: 'Instance address',
      hint: 'https://mastodon.social, or your organisation’s own. Control Room registers itself there and asks for “read” and “write” only; you approve it on the instance’s page.',
    },
  ],
  mastodon: [
    name,
    { key: 'instanceUrl', label: 'Instance address', hint: 'https://mastodon.social, or your organisation’s own instance.' },
    {
      key: 'accessToken',
      label: 'Access token',
      type: 'password',
      hint: 'Preferences → Development → New application with the scopes “read” and “write” only (nothing else), then copy “Your access token”.',
    },
    { key: 'clientId', label: 'Client key (optional)', hint: 'From the same application page. With the client secret, Lock can revoke the token itself.' },
    { key: 'clientSecret', label: 'Client secret (optional)', type: 'password' },
  ],
  bluesky: [
    name,
    { key: 'handle', label: 'Handle', hint: 'For example press.example.org or @press.bsky.social.' },
    { key: 'appPassword', label: 'App password', type: 'password', hint: 'bsky.app → Settings → Privacy and security → App passwords. Never the account password: Control Room refuses it.' },
    { key: 'pdsUrl', label: 'PDS address (optional)', hint: 'Leave empty for https://bsky.social.' },
  ],
};

const capitalised = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

export function ChannelField({ spec, values, error, onChange }: { readonly spec: FieldSpec; readonly values: FormValues; readonly error: string | null; readonly onChange: (key: string, value: string) => void }) {
  const id = useId();
  const value = values[spec.key] ?? '';
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [spec.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    className: 'field__input',
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': `channel-field-${spec.key}`,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {spec.label}
      </label>
      {spec.type === 'select' ? (
        <select {...common} onChange={(e) => onChange(spec.key, e.target.value)}>
          {spec.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : spec.type === 'textarea' ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(spec.key, e.target.value)} />
      ) : (
        <input
          {...common}
          type={spec.type === 'password' ? 'password' : spec.type === 'number' ? 'number' : 'text'}
          inputMode={spec.type === 'number' ? 'numeric' : undefined}
          // new-password: the browser must not offer a saved login for a channel secret.
          autoComplete={spec.type === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
          onChange={(e) => onChange(spec.key, e.target.value)}
        />
      )}
      {spec.hint ? (
        <p id={hintId} className="field__hint">
          {spec.hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error" data-testid={`channel-error-${spec.key}`}>
          {capitalised(error)}
        </p>
      ) : null}
    </div>
  );
}

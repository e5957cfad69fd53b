// Previews of the statement on each channel, as that channel will show it: X and Mastodon with
// their shortened links, Bluesky as plain text, each with the part past the limit marked (never
// cut: the channel refuses a post that is too long); the website's title and sanitised body in the
// sandboxed frame; the email bulletin with its subject and the From and To every copy carries.
import type { ReactNode } from 'react';
import { HtmlFrame, useHtmlPreview } from '../../../components/html-frame';
import { useChannels } from '../../../lib/api/channels';
import type { PreviewPart } from '../lib/channel-preview';
import { escapeHtml } from '../state/composer-store';

function Preview({ label, testId, children }: { readonly label: string; readonly testId: string; readonly children: ReactNode }) {
  return (
    <figure className="post-preview" data-testid={testId}>
      <figcaption className="post-preview__caption">{label}</figcaption>
      {children}
    </figure>
  );
}

export function PostPreview({ channel, parts, note }: { readonly channel: string; readonly parts: readonly PreviewPart[]; readonly note: string }) {
  const firstOver = parts.findIndex((p) => p.over);
  return (
    <Preview label={`How it looks on ${channel} · ${note}`} testId={`preview-${channel.toLowerCase()}`}>
      <p className="post-preview__text">
        {parts.map((p, i) => {
          const shown = p.link ? <span className="post-preview__link">{p.text}</span> : p.text;
          if (!p.over) return <span key={i}>{shown}</span>;
          return (
            <mark key={i} className="post-preview__over">
              {i === firstOver ? <span className="visually-hidden">Past the limit, {channel} refuses this part: </span> : null}
              {shown}
            </mark>
          );
        })}
      </p>
    </Preview>
  );
}

export function WebsitePreview({ title, html }: { readonly title: string; readonly html: string }) {
  const preview = useHtmlPreview(`<h1>${escapeHtml(title)}</h1>\n${html}`);
  if (!preview) return null;
  return <HtmlFrame preview={preview} title="Preview of the website post, sandboxed" />;
}

export function EmailPreview({ subject, text }: { readonly subject: string; readonly text: string }) {
  const channels = useChannels();
  const senders = (channels.data ?? []).flatMap((c) => (c.kind === 'email' && c.addressing ? [{ name: c.name, ...c.addressing }] : []));
  return (
    <Preview label="How the bulletin arrives (each subscriber gets a copy; no subscriber is named in it)" testId="preview-email">
      <dl className="post-preview__headers">
        {senders.length === 0 ? (
          <div>
            <dt>From, To</dt>
            <dd>the email channel’s sender and its list address (no email channel is connected)</dd>
          </div>
        ) : (
          senders.flatMap((s) => [
            <div key={`${s.name}-from`}>
              <dt>From</dt>
              <dd data-testid="preview-email-from">{s.from}</dd>
            </div>,
            <div key={`${s.name}-to`}>
              <dt>To</dt>
              <dd data-testid="preview-email-to">{s.to}</dd>
            </div>,
          ])
        )}
        <div>
          <dt>Subject</dt>
          <dd data-testid="preview-email-subject">{subject}</dd>
        </div>
      </dl>
      <p className="post-preview__text">{text}</p>
    </Preview>
  );
}

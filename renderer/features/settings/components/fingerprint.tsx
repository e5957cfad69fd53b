// A key fingerprint, monospace and shortened in the middle on screen ("ed25519:1a2b3c4d…9f8e7d6c")
// while the text itself stays whole: the head is cut by CSS and the ellipsis is generated content, so
// selecting and copying it, or a screen reader, gets all 64 hex digits. Copy copies the whole too.
import { useState } from 'react';
import type { DeskKeyView } from '../lib/desk-key';

export function Fingerprint({ view, owner, testId }: { readonly view: DeskKeyView; readonly owner: string; readonly testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const full = view.fingerprint ?? '';
  const copy = () => {
    // The clipboard is there in Electron and on http://127.0.0.1 (a secure context); elsewhere the text stays selectable.
    navigator.clipboard.writeText(full).then(() => setCopied('yes'), () => setCopied('no'));
  };
  return (
    <span className="fingerprint">
      <code className="fingerprint__text" title={full} data-testid={testId} data-fingerprint={full}>
        <span className="fingerprint__head">{view.head}</span>
        <span className="fingerprint__tail">{view.tail}</span>
      </code>
      <button type="button" className="button button--small fingerprint__copy" onClick={copy}>
        {copied === 'yes' ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> the full fingerprint of {owner}</span>
      </button>
      {copied === 'no' ? <span className="detail__muted"> (select the fingerprint and copy it)</span> : null}
    </span>
  );
}

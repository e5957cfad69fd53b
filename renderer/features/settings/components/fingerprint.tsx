// A key fingerprint, monospace and shortened in the middle on screen ("ed25519:1a2b3c4d…9f8e7d6c")
// while the text itself stays whole: the head is cut by CSS and the ellipsis is generated content, so
// selecting and copying it, or a screen reader, gets all 64 hex digits. Copy copies the whole too.
import { useRef, useState } from 'react';
import type { DeskKeyView } from '../lib/desk-key';

export function Fingerprint({ view, owner, testId }: { readonly view: DeskKeyView; readonly owner: string; readonly testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const text = useRef<HTMLElement>(null);
  const full = view.fingerprint ?? '';
  // Where the clipboard is refused (the desktop shell denies every permission; a page not served from
  // 127.0.0.1), the whole fingerprint is selected instead, for Ctrl+C.
  const selectInstead = () => {
    if (text.current) window.getSelection()?.selectAllChildren(text.current);
    setCopied('no');
  };
  const copy = () => {
    if (!navigator.clipboard) return selectInstead();
    navigator.clipboard.writeText(full).then(() => setCopied('yes'), selectInstead);
  };
  return (
    <span className="fingerprint">
      <code ref={text} className="fingerprint__text" title={full} data-testid={testId} data-fingerprint={full}>
        <span className="fingerprint__head">{view.head}</span>
        <span className="fingerprint__tail">{view.tail}</span>
      </code>
      <button type="button" className="button button--small fingerprint__copy" onClick={copy}>
        {copied === 'yes' ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> the full fingerprint of {owner}</span>
      </button>
      {copied === 'no' ? (
        <span className="detail__muted" role="status">
          Selected: press Ctrl+C (⌘C on a Mac) to copy
        </span>
      ) : null}
    </span>
  );
}

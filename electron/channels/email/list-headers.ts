// What makes a bulletin a list message rather than a letter: the bureau's own list address in
// To: (subscribers are envelope recipients only, never in a header), List-Id (RFC 2919),
// List-Unsubscribe (RFC 2369) with one-click (RFC 8058) when an https target is configured,
// the headers that keep auto-responders quiet, and a Message-ID that a retry repeats.
import { createHash } from 'node:crypto';
import { bareAddress, listAddressProblem, recipientPlaceholder, unsubscribeUrlProblem } from '../../shared/email-list';
import { ChannelError, type Variant } from '../types';

export interface ListOptions {
  /** The bulletin's From (a bare address or "Name <address>"). */
  readonly from: string;
  /** The address shown in To:. Default: the From address. */
  readonly listAddress?: string;
  /** Where unsubscribe requests are mailed. Default: the list address (a person there removes the subscriber). */
  readonly unsubscribeMailto?: string;
  /** One-click unsubscribe (RFC 8058): https, with {recipient} where each subscriber's address goes. */
  readonly unsubscribeUrl?: string;
}

export interface ListSettings {
  readonly from: string;
  /** Bare From address: the envelope sender and the Message-ID's domain. */
  readonly fromAddress: string;
  readonly listAddress: string;
  /** RFC 2919 list-id, without angle brackets. */
  readonly listId: string;
  readonly unsubscribeMailto: string;
  readonly unsubscribeUrl: string | null;
}

const refuse = (message: string): never => {
  throw new ChannelError({ kind: 'REJECTED', message });
};

/** Validates and fills in the defaults; the error names the setting and says what to do. */
export function resolveListSettings(options: ListOptions, subscribers: readonly string[]): ListSettings {
  const fromAddress = bareAddress(options.from);
  if (!/^[^\s@]+@[^\s@]+$/.test(fromAddress)) refuse(`The email channel's From address "${options.from}" is not an email address.`);
  const listAddress = bareAddress(options.listAddress ?? fromAddress);
  const listProblem = listAddressProblem(listAddress, subscribers);
  if (listProblem) refuse(`The email channel's list address "${listAddress}" ${listProblem}.`);
  const mailto = bareAddress(options.unsubscribeMailto ?? listAddress);
  if (!/^[^\s@?&]+@[^\s@?&]+$/.test(mailto)) refuse(`The email channel's unsubscribe address "${mailto}" is not an email address.`);
  const url = options.unsubscribeUrl?.trim() || null;
  const urlProblem = url === null ? null : unsubscribeUrlProblem(url);
  if (urlProblem) refuse(`The email channel's one-click unsubscribe address ${urlProblem}.`);
  const [local = '', domain = ''] = splitAddress(listAddress);
  // The label is one atom (dots too become "-"), so the list-id reads "label.domain" unambiguously.
  const label = local.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/g, '-') || 'bulletin';
  return { from: options.from, fromAddress, listAddress, listId: `${label}.${domain}`.toLowerCase(), unsubscribeMailto: mailto, unsubscribeUrl: url };
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}

/**
 * The list headers of one copy. With a one-click address, `recipient` is the one subscriber this
 * copy goes to (it names nobody else); without one, every copy is the same and `recipient` is null.
 */
export function listHeaders(settings: ListSettings, recipient: string | null): Record<string, string> {
  const oneClick = settings.unsubscribeUrl !== null && recipient !== null ? settings.unsubscribeUrl.split(recipientPlaceholder).join(encodeURIComponent(recipient)) : null;
  const targets = [...(oneClick ? [oneClick] : []), `mailto:${settings.unsubscribeMailto}?subject=unsubscribe`];
  return {
    'List-Id': `<${settings.listId}>`,
    'List-Unsubscribe': targets.map((t) => `<${t}>`).join(', '),
    // RFC 8058: only valid beside an https List-Unsubscribe target, which then must name the recipient.
    ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    // A bulletin is sent by the fan-out, not typed to each reader: vacation and out-of-office
    // replies (RFC 3834, and Exchange's own header, which still lets bounces through) must not answer it.
    'Auto-Submitted': 'auto-generated',
    Precedence: 'bulk',
    'X-Auto-Response-Suppress': 'OOF, AutoReply',
  };
}

/** True when each subscriber needs a copy of their own (a one-click address names its recipient). */
export const onePerRecipient = (settings: ListSettings): boolean => settings.unsubscribeUrl !== null;

/**
 * The same hint and content always give the same Message-ID, so a retry after an unknown outcome
 * repeats it (receivers drop the duplicate) and the canary's copy can be matched to the outbox row.
 * The content is in the hash so two different bulletins never share one id.
 */
export function stableMessageId(idempotencyHint: string, variant: Variant, fromAddress: string): string {
  const digest = createHash('sha256').update(JSON.stringify([idempotencyHint, variant.title, variant.text, variant.html])).digest('hex').slice(0, 24);
  // id-left is a dot-atom: no leading, trailing or doubled dots.
  const slug = idempotencyHint.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 80).replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '') || 'bulletin';
  const [, domain = 'control-room.invalid'] = splitAddress(fromAddress);
  return `<${slug}.${digest}@${domain}>`;
}

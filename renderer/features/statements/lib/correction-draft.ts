// The first words of a correction bulletin for an email that cannot be recalled: an email-only
// statement to the same list, saying which message was not ours. It is only a draft: it goes
// through the normal two-person approval like any statement. The original subject is quoted
// (shortened) so readers can find the message; the person edits everything before submitting.
import type { FeedItem } from '../../../../electron/shared/contract';

export interface CorrectionDraft {
  readonly title: string;
  readonly canonicalText: string;
  readonly emailSubject: string;
  readonly emailText: string;
}

const quoteMax = 80;
const when = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', day: 'numeric', month: 'long' });

export function correctionDraftFor(item: FeedItem): CorrectionDraft {
  // The observed text of an email is its subject, then its body.
  const subject = (item.text.split('\n')[0] ?? '').trim();
  const quoted = subject.length > quoteMax ? `${subject.slice(0, quoteMax - 1)}…` : subject;
  const sentAt = when.format(new Date(item.publishedAt ?? item.firstSeenAt));
  const text =
    `The email sent to this list on ${sentAt}${quoted ? ` with the subject “${quoted}”` : ''} did not come from us.\n\n` +
    'Please delete it. Do not click its links or reply to it.\n\n' +
    'We apologise for any offence or alarm it caused.';
  return {
    title: `Correction: email of ${sentAt}`,
    canonicalText: text,
    emailSubject: `Correction: the email sent on ${sentAt} did not come from us`,
    emailText: text,
  };
}

// The rules for an email channel's list settings (the address in To:, the unsubscribe targets),
// in one place: the contract applies them to what an admin types, so each message lands on its
// field, and the email adapter applies them again as the last word for every other caller.
// Pure TypeScript: the contract side imports zod only.

/** Where each subscriber's own address goes in a one-click unsubscribe address. */
export const recipientPlaceholder = '{recipient}';

/** "Press Office <press@example.org>" -> "press@example.org"; a bare address is returned trimmed. */
export function bareAddress(mailbox: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(mailbox);
  return (angled ? angled[1]! : mailbox).trim();
}

/** Addresses compare without case: mail systems treat them so, and a header must never slip through on case. */
export const sameAddress = (a: string, b: string): boolean => bareAddress(a).toLowerCase() === bareAddress(b).toLowerCase();

/** Null when `listAddress` may stand in To:, else why not. */
export function listAddressProblem(listAddress: string, subscribers: readonly string[]): string | null {
  if (!/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(bareAddress(listAddress))) {
    return 'must be an email address like bulletin@newsroom.example';
  }
  // Every subscriber sees the To: header: a subscriber's own address there is the leak this prevents.
  if (subscribers.some((s) => sameAddress(s, listAddress))) {
    return 'is one of the subscribers: every subscriber sees the list address in To:, so use the bureau’s own address (the From address by default)';
  }
  return null;
}

/** Null when `url` can be a one-click unsubscribe address (RFC 8058), else why not. */
export function unsubscribeUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.split(recipientPlaceholder).join('x'));
  } catch {
    return 'is not a valid address: write it like https://newsroom.example/unsubscribe?email={recipient}';
  }
  // RFC 8058: one-click unsubscribe is only defined for https, and a mail provider posts to it unattended.
  if (parsed.protocol !== 'https:') return 'must start with https:// (one-click unsubscribe works over https only)';
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  const at = url.indexOf(recipientPlaceholder);
  // RFC 8058 3.1: the address itself must say who unsubscribes; the provider posts nothing else.
  if (at < 0) return `must contain ${recipientPlaceholder} where each subscriber’s address goes, so a one-click unsubscribe knows whom to remove`;
  const authority = url.indexOf('//') + 2;
  const pathStart = url.slice(authority).search(/[/?#]/);
  if (pathStart < 0 || at < authority + pathStart) return `must have ${recipientPlaceholder} in its path or query, not in the host name`;
  return null;
}

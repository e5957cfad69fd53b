// Which IPC senders may reach the core: our own window's top frame, showing our own app:// page.
// Type-only Electron imports, so the rule is tested under plain Node.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppUrl } from '../security-urls';

export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export function isTrustedSender(event: SenderEvent, trusted: () => WebContents | null): boolean {
  const contents = trusted();
  if (!contents || event.sender !== contents) return false;
  const frame = event.senderFrame;
  // Only the top frame: sandboxed iframes showing web posts must never reach the core.
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

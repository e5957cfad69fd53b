// OS notifications in the desktop app: an unverified item alerts even when the window is hidden.
import { Notification } from 'electron';
import type { Core } from '../core/app';
import type { FeedItem } from '../shared/contract';
import { alertNotification } from './alert-text';

export function notifyOnAlerts(core: Core, focusWindow: () => void): () => void {
  if (!Notification.isSupported()) return () => undefined;
  return core.events.subscribe((name, payload) => {
    if (name !== 'feed.items') return;
    const { channelId, items } = payload as { channelId: string; items: FeedItem[] };
    const channel = core.channels.list().find((c) => c.id === channelId);
    const text = alertNotification(channel?.name ?? channelId, items);
    if (!text) return;
    const n = new Notification({ title: text.title, body: text.body, urgency: 'critical', silent: false });
    n.on('click', focusWindow);
    n.show();
  });
}

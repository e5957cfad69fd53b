// Contract handlers for settings: one key at a time, every change pushed to every screen.
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function settingsHandlers({ settings, events, clock }: Pick<HandlerDeps, 'settings' | 'events' | 'clock'>): NamespaceHandlers<'settings'> {
  return {
    'settings.get': ({ key }) => ({ key, value: settings.get(key) }),
    'settings.set': ({ key, value }) => {
      settings.set(key, value, clock.now());
      events.emit('settings.changed', { key, value });
      return { key, value };
    },
  };
}

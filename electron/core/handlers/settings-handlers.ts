// Contract handlers for settings: one key at a time, and the anomaly settings (checked by the
// contract's shared rules), every change pushed to every screen.
import type { AnomalySettings } from '../../shared/contract';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function settingsHandlers({ settings, anomaly, events, clock }: Pick<HandlerDeps, 'settings' | 'anomaly' | 'events' | 'clock'>): NamespaceHandlers<'settings'> {
  const changed = (view: AnomalySettings): AnomalySettings => {
    events.emit('settings.anomalyChanged', view);
    return view;
  };
  return {
    'settings.get': async ({ key }) => ({ key, value: await settings.get(key) }),
    'settings.set': async ({ key, value }) => {
      await settings.set(key, value, clock.now());
      events.emit('settings.changed', { key, value });
      return { key, value };
    },
    'settings.anomaly': () => anomaly.view(),
    'settings.setAnomaly': async (patch) => changed(await anomaly.update(patch)),
    'settings.addAbusiveWord': async ({ word }) => changed(await anomaly.addAbusiveWord(word)),
    'settings.removeAbusiveWord': async ({ word }) => changed(await anomaly.removeAbusiveWord(word)),
  };
}

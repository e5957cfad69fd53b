// Contract handler for the desks namespace: the registry of running cores on this database.
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function desksHandlers({ desks, channels }: Pick<HandlerDeps, 'desks' | 'channels'>): NamespaceHandlers<'desks'> {
  return {
    'desks.list': () => desks.list(),
    'desks.readers': () => desks.readers(channels.list().map((c) => c.id)),
  };
}

// Contract handler for the desks namespace: the registry of running cores on this database.
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function desksHandlers({ desks }: Pick<HandlerDeps, 'desks'>): NamespaceHandlers<'desks'> {
  return {
    'desks.list': () => desks.list(),
  };
}

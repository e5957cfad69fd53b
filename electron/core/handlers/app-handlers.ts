// Contract handler for the app namespace: what the running core is (version, mode, schema).
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function appHandlers({ status }: Pick<HandlerDeps, 'status'>): NamespaceHandlers<'app'> {
  return {
    'app.status': () => status(),
  };
}

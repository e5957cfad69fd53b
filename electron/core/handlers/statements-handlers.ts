// Contract handlers for drafting, two-person approval and pre-approved templates. The acting
// person always comes from the session, never from the input.
import { AppError } from '../../shared/result';
import type { EventBus } from '../event-bus';
import type { CallContext, Handlers } from '../dispatch';
import type { StatementsService } from '../statements/statements-service';
import type { TemplatesService } from '../statements/templates-service';

type StatementHandlers = Pick<
  Handlers,
  'statements.list' | 'statements.get' | 'statements.save' | 'statements.submit' | 'statements.approve' | 'statements.reject' | 'templates.list' | 'templates.fill' | 'templates.propose' | 'templates.approve'
>;

/**
 * zod types optional keys as `key?: T | undefined`; the services use exact optional properties.
 * Parsed input never carries an explicit undefined, so this only narrows the type.
 */
type Exact<T> = T extends object ? { [K in keyof T as undefined extends T[K] ? never : K]: Exact<T[K]> } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exact<Exclude<T[K], undefined>> } : T;
const exact = <T>(value: T): Exact<T> => value as Exact<T>;

export function actorOf(ctx: CallContext): string {
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return ctx.principal.id;
}

export function statementHandlers(statements: StatementsService, templates: TemplatesService, events: EventBus): StatementHandlers {
  const changed = <T extends { id: string }>(view: T): T => {
    events.emit('statements.changed', { id: view.id });
    return view;
  };
  const templateChanged = <T extends { id: string }>(view: T): T => {
    events.emit('templates.changed', { id: view.id });
    return view;
  };
  return {
    'statements.list': ({ status }) => statements.list(status ? { status } : {}),
    'statements.get': ({ id }) => ({ statement: statements.get(id), versions: statements.listVersions(id) }),
    'statements.save': (input, ctx) => {
      const result = statements.saveDraft(exact(input), actorOf(ctx));
      if (result.saved) changed(result.statement);
      return result;
    },
    'statements.submit': ({ id }, ctx) => changed(statements.submit(id, actorOf(ctx))),
    'statements.approve': ({ id, contentHash }, ctx) => changed(statements.approve(id, actorOf(ctx), contentHash)),
    'statements.reject': ({ id, comment }, ctx) => changed(statements.reject(id, actorOf(ctx), comment)),
    'templates.list': () => templates.listTemplates(),
    'templates.fill': ({ id, values }) => templates.fillTemplate(id, values),
    'templates.propose': (input, ctx) => templateChanged(templates.proposeTemplate(exact(input), actorOf(ctx))),
    'templates.approve': ({ id, contentHash }, ctx) => templateChanged(templates.approveTemplate(id, actorOf(ctx), contentHash)),
  };
}

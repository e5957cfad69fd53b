// Every contract call's handler, one file per namespace (`control.freeze` is in
// control-handlers.ts). The type makes a missing or misplaced handler a compile error.
import type { Handlers } from '../dispatch';
import { accountsHandlers } from './accounts-handlers';
import { appHandlers } from './app-handlers';
import { auditHandlers } from './audit-handlers';
import { channelsHandlers } from './channels-handlers';
import { controlHandlers } from './control-handlers';
import { demoHandlers } from './demo-handlers';
import { desksHandlers } from './desks-handlers';
import { evidenceHandlers } from './evidence-handlers';
import { feedHandlers } from './feed-handlers';
import type { HandlerDeps } from './handler-kit';
import { incidentHandlers } from './incident-handlers';
import { linksHandlers } from './links-handlers';
import { mediaHandlers } from './media-handlers';
import { settingsHandlers } from './settings-handlers';
import { statementsHandlers } from './statements-handlers';
import { templatesHandlers } from './templates-handlers';

export type { HandlerDeps } from './handler-kit';

export function contractHandlers(d: HandlerDeps): Handlers {
  return {
    ...accountsHandlers(d),
    ...appHandlers(d),
    ...desksHandlers(d),
    ...settingsHandlers(d),
    ...linksHandlers(d),
    ...auditHandlers(d),
    ...channelsHandlers(d),
    ...feedHandlers(d),
    ...statementsHandlers(d),
    ...templatesHandlers(d),
    ...controlHandlers(d),
    ...evidenceHandlers(d),
    ...incidentHandlers(d),
    ...demoHandlers(d),
    ...mediaHandlers(d),
  };
}

// The only code that touches ipcMain. Every call goes through the contract's dispatch; the sender
// is checked first (our own window, showing our own app:// page), so an injected frame or a
// navigated-away page cannot reach the core.
import { ipcMain, type WebContents } from 'electron';
import type { Core } from '../../core/app';
import type { Caller } from '../../core/dispatch';
import { deliverInOrder } from '../../core/event-access';
import { callNames, ipcChannel, ipcEventChannel } from '../../shared/contract';
import { fail } from '../../shared/result';
import { isTrustedSender } from './trusted-sender';

export function registerIpc(core: Core, trusted: () => WebContents | null, caller: () => Caller): () => void {
  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event, trusted)) {
        core.logger.warn(`refused IPC call ${name} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
        return fail('FORBIDDEN', 'This window may not talk to Control Room.');
      }
      return core.dispatch(name, input, caller());
    });
  }
  const unsubscribe = core.events.subscribe(
    deliverInOrder(
      (name) => core.mayReceive(caller().session, name),
      (name, payload) => {
        const contents = trusted();
        if (contents && !contents.isDestroyed()) contents.send(ipcEventChannel, { event: name, payload });
      },
      (err) => core.logger.error('could not deliver an event to the window', err),
    ),
  );
  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(ipcChannel(name));
  };
}

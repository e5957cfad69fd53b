// Contract handlers for the demo namespace: whether a composed-in plug-in runs its channels, and
// its scripted replay. With no plug-in composed, the status says so and a replay is refused.
import type { DemoStatus } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

const noReplay: DemoStatus['replay'] = { running: false, posted: 0, total: 0, speed: 0 };

export function demoHandlers({ channels, events, logger, replay }: Pick<HandlerDeps, 'channels' | 'events' | 'logger' | 'replay'>): NamespaceHandlers<'demo'> {
  const status = async (): Promise<DemoStatus> => ({ enabled: await channels.sourceEnabled(), running: channels.sourceRunning(), replay: replay?.state() ?? noReplay });
  return {
    'demo.status': () => status(),
    'demo.replay': async ({ speed }) => {
      if (!replay) throw new AppError('UNAVAILABLE', 'This Control Room was started without the demo newsroom: there is nothing to replay.');
      const state = await replay.start(speed, {
        progress: () => {
          status().then(
            (s) => events.emit('demo.status', s),
            (err: unknown) => logger.warn(`replay status could not be read: ${err instanceof Error ? err.message : String(err)}`),
          );
        },
        stepFailed: (step, err) => logger.warn(`replay step ${step} failed: ${err.message}`),
      });
      return { ...(await status()), replay: state };
    },
  };
}

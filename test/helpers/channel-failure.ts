// The typed failure a channel call ended with; a test fails loudly if it succeeded or threw anything else.
import { ChannelError } from '../../electron/channels/types';

export async function failureOf(p: Promise<unknown>): Promise<ChannelError['failure']> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ChannelError) return err.failure;
    throw err;
  }
  throw new Error('expected a ChannelError');
}

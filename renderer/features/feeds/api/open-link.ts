// Opening a link from attacker content happens only when a person asks, and only through the
// core's https allow-list (links.open). In browser mode the core cannot open windows: it answers
// opened=false with the checked URL, which the page opens without a referrer or an opener.
import { useMutation } from '@tanstack/react-query';
import { callOrThrow } from '../../../lib/call';
import { useTransport } from '../../../lib/transport-context';

export function useOpenLink() {
  const transport = useTransport();
  return useMutation({
    mutationFn: async (url: string) => {
      const result = await callOrThrow(transport, 'links.open', { url });
      if (!result.opened) window.open(result.url, '_blank', 'noopener,noreferrer');
      return result;
    },
  });
}

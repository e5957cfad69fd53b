// Says when the browser-mode connection to the core dropped. Sessions belong to a connection, so
// when it comes back every query is read again and the screen asks for sign-in if needed.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTransport } from '../lib/transport-context';

export function ConnectionBanner() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const [lost, setLost] = useState(false);
  useEffect(
    () =>
      transport.onConnection((state) => {
        setLost(state === 'closed');
        if (state === 'open') void queryClient.invalidateQueries();
      }),
    [transport, queryClient],
  );
  if (!lost) return null;
  return (
    <p className="connection-banner" role="alert" data-testid="connection-lost">
      Lost the connection to the Control Room core. Reconnecting… (you will need to sign in again)
    </p>
  );
}

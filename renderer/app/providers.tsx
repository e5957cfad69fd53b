// The providers every screen needs: the transport and the react-query client. A failed call that
// says the session is gone (or locked) makes the session be read again, so the gate can show the
// sign-in or lock screen wherever the failure happened.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { recheckSessionOn } from '../features/session/api/session-errors';
import { CallError } from '../lib/call';
import type { Transport } from '../lib/transport';
import { TransportProvider } from '../lib/transport-context';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (err) => recheckSessionOn(client, err) }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => {
        // A wrong passphrase on a sign-in form is about the form, not the session.
        if (!mutation.meta?.['authForm']) recheckSessionOn(client, err);
      },
    }),
    defaultOptions: {
      // Pushed events keep data fresh; do not refetch on every focus during an incident.
      // Only a lost connection is worth one retry; the core's other answers will not change.
      queries: { refetchOnWindowFocus: false, retry: (failures, err) => failures < 1 && (!(err instanceof CallError) || err.code === 'UNAVAILABLE') },
    },
  });
  return client;
}

export function Providers({ transport, queryClient, children }: { transport: Transport; queryClient: QueryClient; children: ReactNode }) {
  return (
    <TransportProvider transport={transport}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </TransportProvider>
  );
}

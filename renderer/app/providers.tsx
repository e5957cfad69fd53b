import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Transport } from '../lib/transport';
import { TransportProvider } from './transport-context';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Pushed events keep data fresh; do not refetch on every focus during an incident.
      queries: { refetchOnWindowFocus: false, retry: 1 },
    },
  });
}

export function Providers({ transport, queryClient, children }: { transport: Transport; queryClient: QueryClient; children: ReactNode }) {
  return (
    <TransportProvider transport={transport}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </TransportProvider>
  );
}

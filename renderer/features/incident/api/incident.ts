// The incident record through the contract: the timeline (latest incident unless one is named),
// the audit log newest first in pages (supervisors and admins), the audit chain's verification,
// and the evidence bundle export (a fresh passphrase). Control events refresh the timeline while
// it is on screen; an inactive query is only marked stale.
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallOutput } from '../../../../electron/shared/contract';
import { callOrThrow, CallError } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export type Timeline = CallOutput<'incident.timeline'>;
export type AuditEntry = CallOutput<'audit.list'>[number];
export type AuditVerification = CallOutput<'audit.verify'>;
export type EvidenceBundle = CallOutput<'evidence.export'>;

export const incidentKeys = {
  all: ['incident'] as const,
  timeline: () => [...incidentKeys.all, 'timeline'] as const,
  audit: () => [...incidentKeys.all, 'audit'] as const,
  verify: () => [...incidentKeys.all, 'verify'] as const,
};

/** How many audit entries one page shows. */
export const auditPageSize = 50;

/** The core answers CONFLICT when there is no incident yet (one starts with the first freeze). */
export function isNoIncidentYet(err: unknown): boolean {
  return err instanceof CallError && err.code === 'CONFLICT';
}

export const timelineQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: incidentKeys.timeline(),
    queryFn: () => callOrThrow(transport, 'incident.timeline', {}),
    staleTime: Infinity,
  });

export function useTimeline() {
  return useQuery(timelineQueryOptions(useTransport()));
}

export const auditQueryOptions = (transport: Transport) =>
  infiniteQueryOptions({
    queryKey: incidentKeys.audit(),
    queryFn: ({ pageParam }) => callOrThrow(transport, 'audit.list', { limit: auditPageSize, ...(pageParam ? { beforeSeq: pageParam } : {}) }),
    initialPageParam: 0,
    // The oldest entry of a full page is where the next (older) page starts.
    getNextPageParam: (last) => (last.length < auditPageSize ? undefined : last[last.length - 1]!.seq),
    staleTime: Infinity,
  });

/** Supervisors and admins only (the core refuses others): mount it only for them. */
export function useAuditLog() {
  return useInfiniteQuery(auditQueryOptions(useTransport()));
}

export function useAuditVerification() {
  const transport = useTransport();
  return useQuery({ queryKey: incidentKeys.verify(), queryFn: () => callOrThrow(transport, 'audit.verify', {}), staleTime: Infinity });
}

// A retraction burst sends an event per item: one read after the burst settles is enough.
const coalesceMs = 400;
let pendingRefresh: ReturnType<typeof setTimeout> | null = null;

/** Something the incident record shows happened: read it again where it is on screen. */
export function applyIncidentChanged(client: QueryClient): void {
  if (pendingRefresh !== null) return;
  pendingRefresh = setTimeout(() => {
    pendingRefresh = null;
    // The whole incident key: the timeline, the entries and the verification of the longer chain.
    void client.invalidateQueries({ queryKey: incidentKeys.all });
  }, coalesceMs);
}

export function useEvidenceExport() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  return useMutation({
    mutationFn: () => fresh(() => callOrThrow(transport, 'evidence.export', {})),
    // The export itself is an audited action.
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.audit() }),
  });
}

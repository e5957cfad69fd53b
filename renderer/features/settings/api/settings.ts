// Settings, one key at a time, kept current by settings.changed (another admin may change them).
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EventPayload, SettingKey } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export const settingKeys = {
  all: ['settings'] as const,
  one: (key: SettingKey) => [...settingKeys.all, key] as const,
};

export const settingQueryOptions = (transport: Transport, key: SettingKey) =>
  queryOptions({
    queryKey: settingKeys.one(key),
    queryFn: async () => (await callOrThrow(transport, 'settings.get', { key })).value,
    staleTime: Infinity,
  });

export function useSetting(key: SettingKey) {
  return useQuery(settingQueryOptions(useTransport(), key));
}

export function useSetSetting() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: SettingKey; value: string }) => callOrThrow(transport, 'settings.set', input),
    onSuccess: ({ key, value }) => queryClient.setQueryData(settingKeys.one(key), value),
  });
}

export function applySettingChanged(client: QueryClient, { key, value }: EventPayload<'settings.changed'>): void {
  client.setQueryData(settingKeys.one(key), value);
}

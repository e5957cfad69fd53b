// Pictures of stored images, as data: URLs the core re-encoded (the page loads nothing remote):
// read by the composer (a statement's images) and by the columns (images read back that passed
// inspection). Content-addressed by SHA-256, so a picture never goes stale.
import { useQuery } from '@tanstack/react-query';
import { callOrThrow } from '../call';
import { useTransport } from '../transport-context';

export const mediaKeys = {
  image: (sha256: string, size: 'thumb' | 'full') => ['media-image', sha256, size] as const,
};

export function useImageDataUrl(sha256: string | null, size: 'thumb' | 'full' = 'thumb') {
  const transport = useTransport();
  return useQuery({
    queryKey: mediaKeys.image(sha256 ?? '', size),
    queryFn: async () => (await callOrThrow(transport, 'media.image', { sha256: sha256 ?? '', size })).dataUrl,
    enabled: sha256 !== null,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });
}

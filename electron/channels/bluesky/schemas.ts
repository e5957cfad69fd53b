// AT Protocol answers the Bluesky adapter relies on, parsed with zod before anything reaches the
// core. Only the fields Control Room uses are required; the rest of a record is kept as evidence.
import { z } from 'zod';

/** An app.bsky.feed.post record as stored in the repo (the lexicon's required fields). */
export const postRecordSchema = z.looseObject({
  $type: z.literal('app.bsky.feed.post').optional(),
  text: z.string(),
  createdAt: z.string(),
});

export const listedRecordSchema = z.object({
  uri: z.string().startsWith('at://'),
  cid: z.string(),
  value: postRecordSchema,
});

/** com.atproto.repo.listRecords output. */
export const listRecordsSchema = z.object({
  cursor: z.string().optional(),
  records: z.array(listedRecordSchema),
});

/** com.atproto.repo.createRecord output. */
export const createdRecordSchema = z.object({ uri: z.string().startsWith('at://'), cid: z.string() });

/** The claims of a legacy (createSession) access JWT that matter here. */
export const accessClaimsSchema = z.object({ scope: z.string(), sub: z.string().optional(), exp: z.number().optional() });

/** com.atproto.identity.resolveHandle output. */
export const resolvedHandleSchema = z.object({ did: z.string().startsWith('did:') });

/** An XRPC error body. */
export const xrpcProblemSchema = z.object({ error: z.string().optional(), message: z.string().optional() });

/** The rkey of an at:// URI (at://did/collection/rkey). */
export function rkeyOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

// A desk's own WordPress application password: made from the one an administrator typed (POST
// /wp/v2/users/me/application-passwords, named after the desk), so each desk holds a credential
// of its own that Lock can revoke by its uuid (DELETE .../application-passwords/<uuid>) without
// cutting the other desks off. WordPress returns the new password once, in the create answer.
import { z } from 'zod';
import type { Clock } from '../../lib/clock';
import { failureForStatus, httpRequest, parseJson, type HttpAction } from '../http';
import { ChannelError } from '../types';
import { wpErrorSchema } from './schemas';

const service = 'WordPress';

export interface WordPressLogin {
  readonly siteUrl: string;
  readonly username: string;
  readonly applicationPassword: string;
}

/** What POST .../application-passwords answers (201): the listing fields plus the password, shown this once. */
const createdSchema = z.object({ uuid: z.string().min(1), name: z.string(), password: z.string().min(1) });
const deletedSchema = z.object({ deleted: z.literal(true), previous: z.object({ uuid: z.string(), name: z.string() }).loose() });

/** The name a desk's application password carries in WordPress (Users -> Profile -> Application Passwords). */
export function deskApplicationPasswordName(deskName: string, deskId: string): string {
  // WordPress refuses a second password of the same name for a user (409): two desks on machines
  // with the same host name stay apart by the start of their desk id.
  return `Control Room – ${deskName} (${deskId.slice(0, 8)})`;
}

const authorization = (login: WordPressLogin): string =>
  `Basic ${Buffer.from(`${login.username}:${login.applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;

async function passwordsCall(login: WordPressLogin, path: string, method: string, action: HttpAction, clock: Clock, body?: unknown): Promise<unknown> {
  const site = login.siteUrl.replace(/\/+$/, '');
  const answer = await httpRequest(service, `${site}/wp-json/wp/v2/users/me/application-passwords${path}`, {
    method,
    headers: { authorization: authorization(login), accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    timeoutMs: 15_000,
    action,
  });
  if (answer.status >= 200 && answer.status < 300) return parseJson(service, answer);
  let detail = `HTTP ${answer.status}`;
  try {
    const err = wpErrorSchema.safeParse(JSON.parse(answer.text));
    if (err.success) detail = `${err.data.code}: ${err.data.message}`;
  } catch {
    // Not JSON: the status says enough.
  }
  throw new ChannelError(failureForStatus(service, answer, action, detail, clock.now()));
}

/** Whether WordPress still has the password (GET by uuid). 401: the login itself no longer works, so it was the one deleted. */
async function stillThere(login: WordPressLogin, uuid: string, clock: Clock): Promise<boolean> {
  try {
    await passwordsCall(login, `/${uuid}`, 'GET', 'revoke', clock);
    return true;
  } catch (err) {
    if (err instanceof ChannelError && (err.failure.kind === 'NOT_FOUND' || err.failure.kind === 'AUTH_REVOKED')) return false;
    throw err;
  }
}

/*
 * WordPress keeps all of a user's application passwords in one user-meta list that a request rewrites
 * whole (a password's first use of the day records its last use that way), with no locking: a request
 * of another desk running at the same moment can write a deleted password back, or drop a new one
 * (seen on the real WordPress with two desks at once). So a create or delete is checked once requests
 * in flight have had `settleMs` to finish, and repeated if undone.
 */
const settleMs = 300;
const writeAttempts = 3;

async function createOnce(login: WordPressLogin, name: string, clock: Clock): Promise<{ readonly uuid: string; readonly name: string; readonly password: string }> {
  const r = createdSchema.safeParse(await passwordsCall(login, '', 'POST', 'connect', clock, { name }));
  if (!r.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: `${service} answered the new application password in an unexpected shape; nothing was kept.` });
  return r.data;
}

/** Creates a new application password for the signed-in user; returns it with its uuid. Checked with the new password itself (see settleMs). */
export async function createApplicationPassword(login: WordPressLogin, name: string, clock: Clock): Promise<{ readonly uuid: string; readonly name: string; readonly password: string }> {
  for (let attempt = 1; attempt <= writeAttempts; attempt += 1) {
    const created = await createOnce(login, name, clock);
    await new Promise((r) => setTimeout(r, settleMs));
    if (await stillThere({ ...login, applicationPassword: created.password }, created.uuid, clock)) return created;
  }
  throw new ChannelError({
    kind: 'REJECTED',
    message: `${service} lost the new application password "${name}" ${writeAttempts} times: other requests of the same WordPress user kept writing the list back. Nothing was kept; try again.`,
  });
}

async function deleteOnce(login: WordPressLogin, uuid: string, clock: Clock): Promise<string> {
  const r = deletedSchema.safeParse(await passwordsCall(login, `/${uuid}`, 'DELETE', 'revoke', clock));
  if (!r.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: `${service} answered the revocation in an unexpected shape.` });
  return r.data.previous.name;
}

/** Revokes one application password of the signed-in user by its uuid (any of the user's, this one included), checked to stay gone (see settleMs). */
export async function revokeApplicationPassword(login: WordPressLogin, uuid: string, clock: Clock): Promise<{ readonly name: string }> {
  if (!/^[\w-]{1,64}$/.test(uuid)) throw new ChannelError({ kind: 'REJECTED', message: `Not an application password uuid: ${uuid.slice(0, 64)}.` });
  let name = uuid;
  for (let attempt = 1; attempt <= writeAttempts; attempt += 1) {
    try {
      name = await deleteOnce(login, uuid, clock);
    } catch (err) {
      // A repeat that finds it gone: the last deletion stood after all.
      const goneNow = attempt > 1 && err instanceof ChannelError && err.failure.kind === 'NOT_FOUND';
      if (!goneNow) throw err;
    }
    await new Promise((r) => setTimeout(r, settleMs));
    if (!(await stillThere(login, uuid, clock))) return { name };
  }
  throw new ChannelError({
    kind: 'REJECTED',
    message: `${service} still has the application password "${name}" after ${writeAttempts} deletions: other requests of the same WordPress user kept writing it back. Run the step again, or delete it in WordPress (Users -> Profile -> Application Passwords).`,
  });
}

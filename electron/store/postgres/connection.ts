// Checks a database URL before anything connects, and opens the pool every PostgreSQL store and
// migration runs on. A desk's traffic carries statements, approvals and the audit chain: to any
// host that is not this machine it must go over TLS with the server's name verified.
import pg from 'pg';
import { StoreError } from '../database';

const loopbackHosts = new Set(['localhost', '::1', '[::1]']);

function isLoopback(host: string): boolean {
  // A unix socket folder (host=/run/postgresql) never leaves the machine either.
  return host === '' || host.startsWith('/') || loopbackHosts.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Where the URL points, for messages: never the password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'the database URL';
  }
}

/** Refuses a URL that is not postgres://, or that reaches another host without sslmode=verify-full. */
export function checkDatabaseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreError('UNREADABLE', 'The database URL is not a URL. Give it as postgres://USER@HOST:5432/DATABASE?sslmode=verify-full (the password comes from the keychain).');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new StoreError('UNREADABLE', `The database URL must start with postgres:// (it starts with ${u.protocol}//). Give it as postgres://USER@HOST:5432/DATABASE?sslmode=verify-full.`);
  }
  const hosts = [u.hostname, ...u.searchParams.getAll('host')];
  const remote = hosts.filter((h) => !isLoopback(h));
  const sslmode = u.searchParams.get('sslmode');
  if (remote.length > 0 && sslmode !== 'verify-full') {
    throw new StoreError(
      'UNREADABLE',
      `Refusing to connect to ${remote.join(', ')} without TLS: a database on another machine needs sslmode=verify-full ` +
        `(found ${sslmode === null ? 'no sslmode' : `sslmode=${sslmode}`}). Add ?sslmode=verify-full to the URL ` +
        "(and sslrootcert=/path/to/ca.pem if the server's certificate is from your own CA), or use a database on 127.0.0.1.",
    );
  }
  return u;
}

/**
 * Refuses a server older than PostgreSQL 15: before 15 every role may create tables in the public
 * schema, so the app's role would not be the DML-only role team mode promises.
 */
export function checkServerVersion(serverVersionNum: number, url: string): void {
  if (serverVersionNum >= 150_000) return;
  const major = Math.floor(serverVersionNum / 10_000);
  throw new StoreError(
    'UNREADABLE',
    `The database at ${describeDatabaseUrl(url)} runs PostgreSQL ${major}; team mode needs PostgreSQL 15 or newer. Upgrade the server, or connect to one that is 15+.`,
  );
}

export interface PoolOptions {
  /** Most connections this process opens (default 10). */
  readonly max?: number;
  /** Application name shown in pg_stat_activity (a desk's name). */
  readonly applicationName?: string;
}

/** A pool whose sessions default to SERIALIZABLE (see transaction.ts); errors on idle clients are reported, not fatal. */
export function openPool(url: string, options: PoolOptions = {}, onIdleError: (err: Error) => void = () => undefined): pg.Pool {
  checkDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'control-room',
    options: '-c default_transaction_isolation=serializable',
    connectionTimeoutMillis: 10_000,
  });
  // A connection that dies while idle (the server restarted) would otherwise crash the process.
  pool.on('error', onIdleError);
  return pool;
}

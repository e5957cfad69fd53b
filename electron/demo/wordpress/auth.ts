// The demo site's users and their application passwords, and Basic authentication against them,
// following wp_authenticate_application_password(): unknown user -> invalid_username (or
// invalid_email), wrong or revoked password -> incorrect_password. Whether such a failure is an
// error or the request simply runs as anonymous is the server's choice (see InvalidCredentialsMode).
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { WpError } from './errors';
import type { StoredApplicationPassword, StoredUser, WpRole } from './types';

export interface DemoApplicationPasswordConfig {
  readonly name?: string;
  /** 24 letters and digits, spaces anywhere (WordPress shows it in groups of four). Random if absent. */
  readonly password?: string;
  readonly uuid?: string;
  readonly appId?: string;
}

export interface DemoUserConfig {
  readonly username?: string;
  readonly displayName?: string;
  readonly email?: string;
  readonly role?: WpRole;
  /** At least one is always created. */
  readonly applicationPasswords?: readonly DemoApplicationPasswordConfig[];
}

export type DemoUserKey = 'admin' | 'bureau' | 'compromised';

export type DemoUsersConfig = Readonly<Partial<Record<DemoUserKey, DemoUserConfig>>>;

/** One application password as the caller may use it (the server itself keeps only a hash). */
export interface DemoWordPressCredential {
  readonly userId: number;
  readonly username: string;
  /** In WordPress's display format: six groups of four separated by spaces. */
  readonly applicationPassword: string;
  readonly uuid: string;
  readonly name: string;
}

/** A user's first application password, plus all of them (as created at start). */
export interface DemoWordPressUserCredentials extends DemoWordPressCredential {
  readonly role: WpRole;
  readonly applicationPasswords: readonly DemoWordPressCredential[];
}

const defaultUsers: Record<DemoUserKey, Required<Omit<DemoUserConfig, 'applicationPasswords'>> & { appName: string }> = {
  // The site owner; the Lock runbook can use it to revoke another user's passwords.
  admin: { username: 'site-admin', displayName: 'Site Admin', email: 'admin@demo.invalid', role: 'administrator', appName: 'Site administration' },
  bureau: { username: 'press-office', displayName: 'Press Office', email: 'press-office@demo.invalid', role: 'editor', appName: 'Control Room' },
  // The MyNewsdesk-like distribution tool whose credentials the attacker holds.
  compromised: { username: 'newsdesk-integration', displayName: 'Newsdesk Integration', email: 'integration@demo.invalid', role: 'editor', appName: 'Newsdesk' },
};

const passwordAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** wp_generate_password(24, false) then chunk_password(): "abcd efgh ijkl mnop qrst uvwx". */
export function generateApplicationPassword(): string {
  let raw = '';
  for (let i = 0; i < 24; i++) raw += passwordAlphabet[randomInt(passwordAlphabet.length)] ?? 'a';
  return chunkPassword(raw);
}

export function chunkPassword(raw: string): string {
  return (raw.match(/.{1,4}/g) ?? []).join(' ');
}

/** The Authorization header value for a credential, as any WordPress client sends it. */
export function basicAuthorization(credential: Pick<DemoWordPressCredential, 'username' | 'applicationPassword'>): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.applicationPassword}`).toString('base64')}`;
}

/** WordPress strips everything but letters and digits before comparing, so spaces never matter. */
function hashPassword(password: string): Buffer {
  return createHash('sha256').update(password.replace(/[^a-z\d]/gi, '')).digest();
}

function slugify(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'user';
}

export type AuthResult =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly user: StoredUser; readonly applicationPasswordUuid: string }
  /** Credentials were offered and are wrong; the server decides whether that is an error or anonymous. */
  | { readonly kind: 'rejected'; readonly error: WpError };

export class UserDirectory {
  private readonly users: StoredUser[] = [];
  readonly credentials: Record<DemoUserKey, DemoWordPressUserCredentials>;

  constructor(config: DemoUsersConfig, nowMs: number) {
    const keys: DemoUserKey[] = ['admin', 'bureau', 'compromised'];
    const credentials: Partial<Record<DemoUserKey, DemoWordPressUserCredentials>> = {};
    keys.forEach((key, index) => {
      const defaults = defaultUsers[key];
      const given = config[key] ?? {};
      const username = given.username ?? defaults.username;
      const user: StoredUser = {
        id: index + 1,
        username,
        displayName: given.displayName ?? defaults.displayName,
        email: given.email ?? defaults.email,
        slug: slugify(username),
        role: given.role ?? defaults.role,
        registeredMs: nowMs,
        applicationPasswords: [],
      };
      if (this.users.some((other) => other.username.toLowerCase() === username.toLowerCase())) {
        throw new Error(`demo WordPress: duplicate username ${username}`);
      }
      this.users.push(user);
      const passwordConfigs = given.applicationPasswords?.length ? given.applicationPasswords : [{ name: defaults.appName }];
      const created = passwordConfigs.map((passwordConfig) => this.addApplicationPassword(user, passwordConfig, nowMs));
      const first = created[0];
      if (first === undefined) throw new Error('unreachable: every user gets an application password');
      credentials[key] = { ...first, role: user.role, applicationPasswords: created };
    });
    this.credentials = credentials as Record<DemoUserKey, DemoWordPressUserCredentials>;
  }

  all(): readonly StoredUser[] {
    return this.users;
  }

  byId(id: number): StoredUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  addApplicationPassword(user: StoredUser, config: DemoApplicationPasswordConfig, nowMs: number): DemoWordPressCredential {
    const password = config.password ?? generateApplicationPassword();
    const stripped = password.replace(/[^a-z\d]/gi, '');
    if (stripped.length === 0) throw new Error('demo WordPress: an application password needs letters or digits');
    const record: StoredApplicationPassword = {
      uuid: (config.uuid ?? randomUUID()).toLowerCase(),
      appId: config.appId ?? '',
      name: config.name ?? 'Application',
      hash: hashPassword(password),
      createdMs: Math.floor(nowMs / 1000) * 1000,
      lastUsedMs: null,
      lastIp: null,
    };
    user.applicationPasswords.push(record);
    return { userId: user.id, username: user.username, applicationPassword: chunkPassword(stripped), uuid: record.uuid, name: record.name };
  }

  /** Revoking takes effect at once: the next request with that password gets incorrect_password. */
  revokeApplicationPassword(user: StoredUser, uuid: string): boolean {
    const before = user.applicationPasswords.length;
    user.applicationPasswords = user.applicationPasswords.filter((item) => item.uuid !== uuid);
    return user.applicationPasswords.length < before;
  }

  revokeAllApplicationPasswords(user: StoredUser): number {
    const count = user.applicationPasswords.length;
    user.applicationPasswords = [];
    return count;
  }

  /** Resolves the Authorization header. Anything but a well-formed Basic header is anonymous, as in PHP. */
  authenticate(header: string | undefined, remoteIp: string, nowMs: number): AuthResult {
    const match = /^Basic\s+(\S*)\s*$/i.exec(header ?? '');
    if (!match) return { kind: 'anonymous' };
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'anonymous' };
    const login = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = this.findByLogin(login);
    if (!user) {
      const error = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(login)
        ? new WpError('invalid_email', '<strong>Error:</strong> Unknown email address. Check again or try your username.', 401)
        : new WpError('invalid_username', '<strong>Error:</strong> Unknown username. Check again or try your email address.', 401);
      return { kind: 'rejected', error };
    }
    const offered = hashPassword(password);
    const item = user.applicationPasswords.find((candidate) => timingSafeEqual(candidate.hash, offered));
    if (!item) {
      return { kind: 'rejected', error: new WpError('incorrect_password', 'The provided password is an invalid application password.', 401) };
    }
    // WordPress records usage at most once a day (record_application_password_usage).
    if (item.lastUsedMs === null || item.lastUsedMs + 86_400_000 <= nowMs) {
      item.lastUsedMs = Math.floor(nowMs / 1000) * 1000;
      item.lastIp = remoteIp;
    }
    return { kind: 'user', user, applicationPasswordUuid: item.uuid };
  }

  private findByLogin(login: string): StoredUser | undefined {
    // user_login and user_email compare case-insensitively in WordPress's MySQL collation.
    const wanted = login.toLowerCase();
    return (
      this.users.find((user) => user.username.toLowerCase() === wanted) ??
      this.users.find((user) => user.email.toLowerCase() === wanted)
    );
  }
}

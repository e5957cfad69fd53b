// The logger every Node layer shares. Lines go to stderr and, when a data directory is open, to
// control-room.log there. Every line passes through redaction first: the vault registers each
// secret it reads, so a token that ends up in an error message never reaches a log.
import { appendFileSync } from 'node:fs';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

const secrets = new Set<string>();

/** Secrets shorter than this are not worth redacting (and would shred ordinary words). */
const minSecretLength = 6;

export function registerSecretForRedaction(secret: string): void {
  if (secret.length >= minSecretLength) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function createLogger(options: { file?: string; quiet?: boolean } = {}): Logger {
  const write = (level: string, message: string): void => {
    const line = redact(`${new Date().toISOString()} ${level} ${message}`);
    if (!options.quiet) process.stderr.write(`${line}\n`);
    if (options.file) {
      try {
        appendFileSync(options.file, `${line}\n`, { mode: 0o600 });
      } catch {
        // A full or read-only disk must not take the core down with it.
      }
    }
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m, err) => write('error', err === undefined ? m : `${m}: ${describe(err)}`),
  };
}

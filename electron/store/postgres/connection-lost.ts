// Tells "the database cannot be reached" (the server or the network is gone) from every other
// failure (a bad query, a conflict, a refused password), as node-postgres reports them. Shared by the
// desk's health (core/team/database-health.ts), the start-up refusal and the migration runner.

/** Connection-level failures: errno codes of the socket, and the server's own "shutting down" codes. */
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const unreachableMessages = /connection terminated|timeout exceeded when trying to connect|connection error|cannot use a pool after calling end|server closed the connection|client was closed|not queryable/i;

/** True when an error means "the database cannot be reached" (not a bad query or a conflict). */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    // SQLSTATE class 08: connection exceptions.
    if (unreachableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && unreachableMessages.test(message)) return true;
    // AggregateError (every address refused).
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnreachable(x))) return true;
  }
  return false;
}

// Is a handler's error about the world (a store or broker briefly unreachable) rather than about the message?
// Such an error says nothing against the message: the bus retries it without spending the attempts that lead
// to the dead-letter topic, and does not commit meanwhile.

/** Node socket errors that mean "could not reach it right now". */
const transientCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);

/** True for `{ retriable: true }` errors (our error-value convention) and socket errors, also as a `cause`. */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) return false;
  const e = error as { retriable?: unknown; code?: unknown; cause?: unknown };
  if (e.retriable === true) return true;
  if (typeof e.code === 'string' && transientCodes.has(e.code)) return true;
  return isTransientError(e.cause, depth + 1);
}

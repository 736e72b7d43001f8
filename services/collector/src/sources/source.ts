// The Source interface every platform implements, what a poll returns, and the closed list of error codes.
import type { Clock } from '@cur/shared/clock';
import type { Platform, RawPost } from '@cur/shared/contracts/index';
import type { Logger } from '@cur/shared/logger';
import type { Result } from '@cur/shared/result';

export const sourceErrorCodes = [
  'RATE_LIMITED', // too fast (VK 6/9, HTTP 429, an empty t.me page): back off and retry
  'SERVER_ERROR', // the platform failed (VK 10, HTTP 5xx, OK 2): retry with backoff
  'TIMEOUT', // no answer within the timeout
  'NETWORK', // connection refused, reset, DNS
  'AUTH_FAILED', // the token is dead or missing (VK 5, OK 102): stop using it
  'ACCESS_DENIED', // the wall, channel or comments are closed (VK 15/18/30/203/212/801): skip the source, retry later
  'NOT_FOUND', // no such channel, video or group
  'QUOTA_EXCEEDED', // the platform's daily quota is spent (VK 29, YouTube quotaExceeded): wait for the next day
  'BUDGET_EXHAUSTED', // our own pacing of a daily cap says not yet
  'SHAPE_CHANGED', // the answer does not look like the recorded shape
  'HOST_NOT_ALLOWED', // a request to a host that no source configured; refused before sending
  'RESPONSE_TOO_LARGE', // the answer passed http.maxResponseBytes: reading stopped there, nothing parsed
  'BAD_CONFIG', // the platform rejected a parameter (VK 100/113, OK 160)
  'PLATFORM_ERROR', // an error code we do not know
  'BACKLOG', // more new items than the page limit of one poll: the oldest of them were not read
  'DISABLED', // the platform is off: no token, or behind a flag
] as const;
export type SourceErrorCode = (typeof sourceErrorCodes)[number];

export interface SourceError {
  code: SourceErrorCode;
  retriable: boolean;
  message: string;
  /** What the error blocks: this source, every source on a token, one method, or the whole platform. */
  scope: 'request' | 'source' | 'token' | 'method' | 'platform';
  /** Do not try the blocked scope again before this instant (epoch ms). */
  retryAtMs?: number;
  /** The platform's own code (VK error_code, YouTube reason), when there is one. */
  platformCode?: number | string;
  method?: string;
}

export const sourceError = (code: SourceErrorCode, message: string, extra: Partial<SourceError> = {}): SourceError => ({
  code,
  retriable: ['RATE_LIMITED', 'SERVER_ERROR', 'TIMEOUT', 'NETWORK', 'BUDGET_EXHAUSTED', 'PLATFORM_ERROR'].includes(code),
  scope: 'request',
  message,
  ...extra,
});

export interface PollContext {
  clock: Clock;
  /** The cursor saved after the last published poll; null on the first start. */
  cursor: unknown;
  logger: Logger;
}

export interface PollResult {
  /** Normalised candidates; the collector drops what was already published (uid + version). */
  posts: RawPost[];
  /** The cursor to save once the posts are published. */
  cursor: unknown;
  /** Problems that did not stop the poll (a post whose comments are closed, a malformed replay line). */
  warnings: SourceError[];
  /** HTTP calls made (for the per-source cost estimate). */
  calls: number;
  /** More is ready right now (a replay file not yet finished): poll again at once. */
  more?: boolean;
}

/** A configured source, ready to poll. */
export interface Source {
  readonly id: string;
  readonly platform: Platform;
  readonly pollIntervalSec: number;
  poll(context: PollContext): Promise<Result<PollResult, SourceError>>;
  /** Remaining budget or quota, for health. */
  budget?(): Record<string, unknown>;
}

export const emptyPoll = (cursor: unknown): PollResult => ({ posts: [], cursor, warnings: [], calls: 0 });

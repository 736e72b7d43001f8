// What every platform client shares: the restricted HTTP client, time, sleeps, randomness, retry policy.
import type { Clock } from '@cur/shared/clock';
import type { Logger } from '@cur/shared/logger';
import type { BackoffPolicy } from '../core/backoff';
import { reserveSlot } from '../core/rate-limit';
import type { HttpClient } from './http';

export interface PlatformDeps {
  http: HttpClient;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger: Logger;
  backoff: BackoffPolicy;
  /** Attempts per platform call on a retriable platform error (VK 6/10, OK 2). */
  maxAttempts: number;
}

/** Spaces calls to `perSec`; the wait uses the injected sleep, so tests do not wait. */
export function createPacer(perSec: number, deps: Pick<PlatformDeps, 'clock' | 'sleep'>): { wait(): Promise<void> } {
  let last: number | null = null;
  return {
    async wait() {
      const now = deps.clock.now().getTime();
      const slot = reserveSlot(last, now, perSec);
      last = slot;
      if (slot > now) await deps.sleep(slot - now);
    },
  };
}

/** Joins a base URL and a path without doubling or losing slashes. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

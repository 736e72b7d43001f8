// The only way a source reaches the network: configured hosts only, timeouts, retries with backoff, a per-host limit,
// and a cap on the size of an answer (counted after decompression, while it streams in).
import axios, { type AxiosInstance } from 'axios';
import { maskSecrets, type Logger } from '@cur/shared/logger';
import type { Clock } from '@cur/shared/clock';
import { err, ok, type Result } from '@cur/shared/result';
import { backoffDelayMs, retryAfterMs, type BackoffPolicy } from '../core/backoff';
import { sourceError, type SourceError } from './source';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | undefined>;
  /** Sent as application/x-www-form-urlencoded (POST). */
  form?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** 'json' parses the body; a body that is not JSON is SHAPE_CHANGED. */
  as: 'json' | 'text';
  /** Redirects to follow, each checked against the allowed hosts (default 0: a 3xx is returned as is). */
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** The URL finally answered (after redirects). */
  url: string;
  /** The Location of each followed redirect. */
  redirects: string[];
}

export interface HttpClient {
  request(req: HttpRequest): Promise<Result<HttpResponse, SourceError>>;
  isAllowed(url: string): boolean;
  /** Requests sent (attempts included), per host. */
  stats(): Record<string, number>;
}

export interface HttpClientOptions {
  allowedHosts: Iterable<string>;
  timeoutMs: number;
  maxPerHost: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  clock: Clock;
  logger: Logger;
  userAgent: string;
  /** Largest answer body accepted, in bytes after decompression (default 5 MiB); a bigger one is RESPONSE_TOO_LARGE. */
  maxResponseBytes?: number;
}

export const defaultMaxResponseBytes = 5 * 1024 * 1024;

/** host[:port] in lower case, as the allow list holds it; null for a URL that is not http(s). */
export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.host.toLowerCase();
  } catch {
    return null;
  }
}

/** A counting semaphore per host. */
function createHostLimiter(max: number) {
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  return {
    async acquire(host: string): Promise<void> {
      const n = active.get(host) ?? 0;
      if (n < max) {
        active.set(host, n + 1);
        return;
      }
      await new Promise<void>((resolve) => {
        const queue = waiting.get(host) ?? [];
        queue.push(resolve);
        waiting.set(host, queue);
      });
    },
    release(host: string): void {
      const next = waiting.get(host)?.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else active.set(host, Math.max(0, (active.get(host) ?? 1) - 1));
    },
  };
}

const clean = (params: Record<string, string | number | undefined> | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
};

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const allowed = new Set([...options.allowedHosts].map((h) => h.toLowerCase()));
  const limiter = createHostLimiter(Math.max(1, options.maxPerHost));
  const sent: Record<string, number> = {};
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  const client: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    maxRedirects: 0,
    // axios stops reading and rejects once the (decompressed) body passes the cap (maxBodyLength: what we send).
    maxContentLength: maxResponseBytes,
    maxBodyLength: maxResponseBytes,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    headers: { 'User-Agent': options.userAgent },
  });
  const isAllowed = (url: string): boolean => {
    const host = hostOf(url);
    return host !== null && allowed.has(host);
  };

  async function once(req: HttpRequest, url: string): Promise<Result<HttpResponse, SourceError & { retryAfter?: number | null }>> {
    const host = hostOf(url)!;
    await limiter.acquire(host);
    sent[host] = (sent[host] ?? 0) + 1;
    try {
      const isPost = req.method === 'POST';
      const response = await client.request<string>({
        url,
        method: req.method ?? 'GET',
        params: clean(req.query),
        data: isPost ? new URLSearchParams(clean(req.form)).toString() : undefined,
        headers: { ...(isPost ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...req.headers },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
      return ok({ status: response.status, body: response.data, headers, url, redirects: [] });
    } catch (error) {
      const e = error as { code?: string; name?: string; message?: string };
      const where = maskSecrets(`${req.method ?? 'GET'} ${host}${new URL(url).pathname}`);
      if (e.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(e.message ?? '')) {
        return err(sourceError('RESPONSE_TOO_LARGE', `answer larger than ${maxResponseBytes} bytes (http.maxResponseBytes), not read further: ${where}`));
      }
      const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || e.name === 'CanceledError' || e.name === 'TimeoutError' || e.code === 'ERR_CANCELED';
      return err(timedOut
        ? sourceError('TIMEOUT', `no answer within ${options.timeoutMs} ms: ${where}`)
        : sourceError('NETWORK', `${e.code ?? 'network error'}: ${where}`));
    } finally {
      limiter.release(host);
    }
  }

  async function request(req: HttpRequest): Promise<Result<HttpResponse, SourceError>> {
    let url = req.url;
    const redirects: string[] = [];
    for (let attempt = 0; ; attempt += 1) {
      if (!isAllowed(url)) {
        return err(sourceError('HOST_NOT_ALLOWED', `refused to request ${hostOf(url) ?? 'a non-http URL'}: not a configured host`));
      }
      const result = await once(req, url);
      let failure: SourceError | null = null;
      let waitHint: number | null = null;
      if (!result.ok) failure = result.error;
      else {
        const { status, headers } = result.value;
        if (status >= 300 && status < 400 && headers.location && redirects.length < (req.maxRedirects ?? 0)) {
          const next = new URL(headers.location, url).toString();
          redirects.push(next);
          url = next; // re-checked against the allow list at the top of the loop
          attempt -= 1;
          continue;
        }
        if (status === 429 || status >= 500) {
          failure = sourceError(status === 429 ? 'RATE_LIMITED' : 'SERVER_ERROR', `HTTP ${status} from ${hostOf(url)}`, { platformCode: status });
          waitHint = retryAfterMs(headers['retry-after'], options.clock.now().getTime(), options.backoff.maxMs);
        } else {
          const response = { ...result.value, url, redirects };
          if (req.as === 'json') {
            try {
              response.body = JSON.parse(String(response.body));
            } catch {
              return err(sourceError('SHAPE_CHANGED', `HTTP ${status} from ${hostOf(url)} is not JSON`, { platformCode: status }));
            }
          }
          return ok(response);
        }
      }
      if (!failure.retriable || attempt + 1 >= options.maxAttempts) return err(failure);
      const delay = waitHint ?? backoffDelayMs(attempt, options.backoff, options.random);
      options.logger.debug({ code: failure.code, host: hostOf(url), attempt: attempt + 1, delayMs: delay }, 'http retry');
      await options.sleep(delay);
    }
  }

  return { request, isAllowed, stats: () => ({ ...sent }) };
}

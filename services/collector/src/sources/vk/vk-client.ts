// The VK API client: token choice per method, per-token rate, daily caps as a paced budget, errors by meaning.
import { err, ok, type Result } from '@cur/shared/result';
import { backoffDelayMs } from '../../core/backoff';
import { minIntervalSec, nextBudgetDay, remainingCalls, trySpend, type BudgetState, type DailyBudget } from '../../core/budget';
import type { Credentials, VkTokenKind } from '../../env';
import { createPacer, joinUrl, type PlatformDeps } from '../platform-deps';
import { sourceError, type SourceError } from '../source';
import type { VkPlatform } from './vk.config';
import { readVkEnvelope, vkError } from './vk.parse';

/** Which token kinds each method accepts (platforms.md §1.2, VK-SCHEMA access_token_type). */
export const vkMethodTokens: Record<string, VkTokenKind[]> = {
  'wall.get': ['service', 'user'],
  'wall.getComments': ['service', 'user'],
  'newsfeed.search': ['service', 'user'],
  'video.getComments': ['user'],
  'groups.getById': ['service', 'user', 'community'],
  execute: ['user', 'community'],
};

interface TokenState {
  kind: VkTokenKind;
  token: string;
  label: string;
  dead: string | null;
  pacer: { wait(): Promise<void> };
}

export interface VkCall {
  method: string;
  params: Record<string, string | number | undefined>;
}

export interface VkClient {
  /** Whether some live token can call the method; otherwise why not. */
  canCall(method: string): { ok: true } | { ok: false; reason: string };
  call(method: string, params: VkCall['params']): Promise<Result<unknown, SourceError>>;
  /** Runs up to 25 calls as one execute; each slot gets its own result. Null when execute is not usable. */
  execute(calls: VkCall[]): Promise<Result<Array<Result<unknown, SourceError>>, SourceError>> | null;
  /** Tells the client a source will use the method every poll, so its cap is shared. */
  register(method: string): void;
  /** The poll interval a source of this method needs so all its sources fit the daily cap. */
  budgetIntervalSec(method: string, callsPerPoll: number): number;
  state(): Record<string, unknown>;
}

export function createVkClient(platform: VkPlatform, credentials: Credentials['vk'], deps: PlatformDeps): VkClient {
  const tokens: TokenState[] = credentials.map((c) => ({ ...c, dead: null, pacer: createPacer(platform.requestsPerSec[c.kind], deps) }));
  const budgets = new Map<string, BudgetState | null>();
  const blockedUntil = new Map<string, number>();
  const registered = new Map<string, number>();
  const budgetOf = (method: string): DailyBudget | null => {
    const cap = platform.dailyCaps[method];
    return cap === undefined ? null : { cap, reserveFraction: platform.budgetReserveFraction, burst: platform.budgetBurst, resetOffsetMin: platform.dayResetUtcOffsetMin };
  };
  const accepts = (t: TokenState, method: string): boolean =>
    (vkMethodTokens[method] ?? ['user']).includes(t.kind) || (method === 'execute' && t.kind === 'service' && platform.executeWithServiceToken);
  const pick = (method: string): TokenState | undefined => tokens.find((t) => !t.dead && accepts(t, method));
  const now = (): number => deps.clock.now().getTime();
  const timing = () => ({ nowMs: now(), nextDayMs: nextBudgetDay(now(), platform.dayResetUtcOffsetMin), skipRetryMs: platform.skipRetrySec * 1000 });

  function canCall(method: string): { ok: true } | { ok: false; reason: string } {
    if (pick(method)) return { ok: true };
    const kinds = (vkMethodTokens[method] ?? ['user']).join(' or ');
    const dead = tokens.filter((t) => t.dead).map((t) => `${t.label} is dead (${t.dead})`);
    return { ok: false, reason: `${method} needs a live VK ${kinds} token${dead.length ? `; ${dead.join('; ')}` : tokens.length === 0 ? '; VK_TOKEN is not set' : ''}` };
  }

  async function raw(method: string, form: VkCall['params']): Promise<Result<{ response: unknown; executeErrors: Array<{ error_code: number; error_msg?: string; method?: string }> }, SourceError>> {
    for (let attempt = 0; ; attempt += 1) {
      const token = pick(method);
      if (!token) return err(sourceError('AUTH_FAILED', canCall(method).ok ? 'no token' : (canCall(method) as { reason: string }).reason, { scope: 'token', method }));
      const key = `${token.label}|${method}`;
      const blocked = blockedUntil.get(key) ?? 0;
      if (blocked > now()) return err(sourceError('QUOTA_EXCEEDED', `VK ${method} is blocked until ${new Date(blocked).toISOString()} (error 29 earlier)`, { scope: 'method', method, retryAtMs: blocked }));
      const budget = budgetOf(method);
      if (budget) {
        const decision = trySpend(budget, budgets.get(key) ?? null, now());
        if (!decision.ok) {
          return err(sourceError('BUDGET_EXHAUSTED', `VK ${method}: daily cap ${budget.cap} ${decision.reason === 'paced' ? 'is paced over the day' : 'is spent'}; next call at ${new Date(decision.retryAtMs).toISOString()}`, { scope: 'method', method, retryAtMs: decision.retryAtMs }));
        }
        budgets.set(key, decision.state);
      }
      await token.pacer.wait();
      // The token goes in a header, never in the URL, so it cannot leak into logs of URLs (platforms.md §1.1).
      const response = await deps.http.request({
        url: joinUrl(platform.baseUrl, `method/${method}`),
        method: 'POST',
        form: { ...form, v: platform.apiVersion },
        headers: { Authorization: `Bearer ${token.token}` },
        as: 'json',
      });
      if (!response.ok) return response;
      const envelope = readVkEnvelope(response.value.body, method, timing());
      if (envelope.ok) return envelope;
      const e = envelope.error;
      if (e.code === 'AUTH_FAILED') {
        token.dead = e.message;
        deps.logger.error({ token: token.label, method, platformCode: e.platformCode }, `VK token ${token.label} rejected; it is stopped: ${e.message}`);
        if (pick(method)) continue; // another token can take over
        return err(e);
      }
      if (e.code === 'QUOTA_EXCEEDED' && e.retryAtMs) {
        blockedUntil.set(key, e.retryAtMs);
        deps.logger.warn({ method, token: token.label, until: new Date(e.retryAtMs).toISOString() }, `VK ${method} daily quota reached (29): stopped until the next day`);
        return err(e);
      }
      if (e.retriable && attempt + 1 < deps.maxAttempts) {
        // Flood control (9) asks for a longer pause than too-many-per-second (6).
        const delay = backoffDelayMs(attempt, deps.backoff, deps.random) * (e.platformCode === 9 ? 10 : 1);
        deps.logger.debug({ method, platformCode: e.platformCode, delayMs: delay }, 'VK retry');
        await deps.sleep(delay);
        continue;
      }
      return err(e);
    }
  }

  return {
    canCall,
    async call(method, params) {
      const r = await raw(method, params);
      return r.ok ? ok(r.value.response) : r;
    },
    execute(calls) {
      if (platform.execute === 'off' || calls.length < 2 || calls.length > 25 || !pick('execute')) return null;
      // VKScript: one API call per slot, returned as an array; a failing slot is false plus an execute_errors entry.
      const code = `return [${calls.map((c) => `API.${c.method}(${JSON.stringify(Object.fromEntries(Object.entries(c.params).filter(([, v]) => v !== undefined)))})`).join(',')}];`;
      return raw('execute', { code }).then((r) => {
        if (!r.ok) return r;
        const { response, executeErrors } = r.value;
        if (!Array.isArray(response) || response.length !== calls.length) {
          return err(sourceError('SHAPE_CHANGED', `VK execute: expected ${calls.length} results`, { method: 'execute' }));
        }
        let failed = 0;
        return ok(response.map((slot, i) => {
          if (slot !== false) return ok(slot);
          const e = executeErrors[failed++];
          return err(e ? vkError(e.error_code, e.error_msg ?? '', calls[i]!.method, timing()) : sourceError('PLATFORM_ERROR', `VK ${calls[i]!.method} failed inside execute`));
        }));
      });
    },
    register(method) {
      registered.set(method, (registered.get(method) ?? 0) + 1);
    },
    budgetIntervalSec(method, callsPerPoll) {
      const budget = budgetOf(method);
      return budget ? minIntervalSec(budget, registered.get(method) ?? 1, callsPerPoll) : 0;
    },
    state() {
      const out: Record<string, unknown> = {};
      for (const t of tokens) {
        const methods: Record<string, unknown> = {};
        for (const [method] of Object.entries(platform.dailyCaps)) {
          const budget = budgetOf(method)!;
          const key = `${t.label}|${method}`;
          methods[method] = { remainingToday: remainingCalls(budget, budgets.get(key) ?? null, now()), cap: budget.cap, blockedUntil: blockedUntil.has(key) ? new Date(blockedUntil.get(key)!).toISOString() : null };
        }
        out[t.label] = { kind: t.kind, dead: t.dead, methods };
      }
      return out;
    },
  };
}

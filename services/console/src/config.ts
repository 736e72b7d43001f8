// The console's configuration: where it listens, who may use it, where the feed and alerts go, and the spike rules.
import { z } from 'zod';
import { AuthorityCode, RegionCode } from '@cur/shared/contracts/index';

export const ConsoleRole = z.enum(['admin', 'curator', 'executor', 'analyst']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

export const ConsoleUser = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{2,64}$/i).describe('login, shown in the audit log'),
  name: z.string().min(1).max(200).describe('display name'),
  role: ConsoleRole.describe('admin | curator | executor | analyst'),
  authority: AuthorityCode.optional().describe('executor only: the one body whose incidents this user sees and acts on'),
  token: z.string().min(16).optional().describe('bearer token in plain text (prefer tokenSha256)'),
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/).optional().describe('hex SHA-256 of the bearer token'),
  passwordScrypt: z.string().regex(/^scrypt\$[0-9a-f]+\$[0-9a-f]+$/).optional()
    .describe('login-form password as "scrypt$<salt hex>$<key hex>"; absent = the token is the password'),
}).strict().superRefine((user, ctx) => {
  if (user.role === 'executor' && !user.authority) {
    ctx.addIssue({ code: 'custom', path: ['authority'], message: `users.${user.id}.authority: an executor must be bound to one authority` });
  }
  if (user.role !== 'executor' && user.authority) {
    ctx.addIssue({ code: 'custom', path: ['authority'], message: `users.${user.id}.authority: only executors are bound to an authority` });
  }
  if (!user.token && !user.tokenSha256) {
    ctx.addIssue({ code: 'custom', path: ['token'], message: `users.${user.id}: give token or tokenSha256` });
  }
});
export type ConsoleUser = z.infer<typeof ConsoleUser>;

export const UsersFile = z.object({
  users: z.array(ConsoleUser).min(1).describe('everyone who may use the console'),
}).strict().superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.users.forEach((u, i) => {
    if (seen.has(u.id)) ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `users.${i}.id: duplicate id ${u.id}` });
    seen.add(u.id);
  });
});
export type UsersFile = z.infer<typeof UsersFile>;

export const SpikeRules = z.object({
  windowMin: z.number().int().min(5).max(1440).default(60).describe('length of the current window'),
  baselineWindows: z.number().int().min(3).max(336).default(24).describe('previous windows that form the baseline'),
  minCount: z.number().int().min(1).default(5).describe('fewest posts in the window to call a spike'),
  minRatio: z.number().min(1).default(3).describe('window count must be at least this times the baseline mean'),
  maxPValue: z.number().positive().max(0.5).default(0.001).describe('Poisson upper-tail probability threshold'),
  checkIntervalSec: z.number().int().min(0).default(300).describe('how often the console looks for spikes; 0 = never'),
}).strict();
export type SpikeRules = z.infer<typeof SpikeRules>;

export const RollupRules = z.object({
  intervalSec: z.number().int().min(0).default(60).describe('how often the console rolls new posts up into posts_hourly (analytics); 0 = never'),
  marginSec: z.number().int().min(0).default(300)
    .describe('longest time an insert into posts may take to commit; rows stamped within it stay read from posts until the next run'),
  batchRows: z.number().int().min(1000).default(500_000)
    .describe('posts rows recomputed per statement, at most (a day is never split); small, so that chDB, one statement at a time, is not held for long'),
}).strict();
export type RollupRules = z.infer<typeof RollupRules>;

export const ConsoleConfig = z.object({
  port: z.number().int().min(0).max(65535).default(8080).describe('HTTP port (0 = any free port)'),
  host: z.string().default('127.0.0.1').describe('bind address'),
  region: RegionCode.default('lipetsk').describe('region of spike alerts and the default time zone'),
  timeZone: z.enum(['Europe/Moscow', 'Europe/Samara', 'Asia/Omsk', 'Asia/Novokuznetsk']).default('Europe/Moscow')
    .describe('time zone of day/week/month buckets and report months'),
  usersFile: z.string().optional().describe('JSON/YAML users file; absent = a local admin token is generated into adminTokenFile'),
  users: z.array(ConsoleUser).optional().describe('users given inline (tests, env); used together with usersFile'),
  adminTokenFile: z.string().default('./data/console-admin.token').describe('where the generated admin token is written (mode 0600)'),
  sessionTtlMin: z.number().int().positive().default(12 * 60).describe('lifetime of a login-form session'),
  secureCookies: z.boolean().default(false).describe('set the Secure flag on the session cookie (behind HTTPS)'),
  bodyLimitBytes: z.number().int().positive().default(256 * 1024).describe('largest accepted request body'),
  rateLimitPerMin: z.number().int().positive().default(600).describe('requests per minute per client'),
  pageSizeMax: z.number().int().positive().max(1000).default(200).describe('largest page of the queue'),
  feedEndpoints: z.array(z.string().url()).default([]).describe('external incident systems: every incident and change is POSTed here'),
  alertWebhooks: z.array(z.string().url()).default([]).describe('critical posts and spikes are POSTed here'),
  alertWebhookKinds: z.array(z.enum(['deadline_warning', 'deadline_breach', 'critical_post', 'spike'])).default(['critical_post', 'spike'])
    .describe('which alert kinds go to the webhooks'),
  outboxPollMs: z.number().int().positive().default(2000).describe('how often the outbox looks for due deliveries'),
  outboxBaseDelayMs: z.number().int().positive().default(1000).describe('first retry delay; doubles each attempt'),
  outboxMaxDelayMs: z.number().int().positive().default(15 * 60_000).describe('retry delay cap (deliveries are retried forever)'),
  outboxTimeoutMs: z.number().int().positive().default(10_000).describe('timeout of one delivery'),
  spikes: SpikeRules.default(SpikeRules.parse({})).describe('spike detection rules'),
  rollup: RollupRules.default(RollupRules.parse({})).describe('the per-hour rollup of posts that analytics read'),
  spelling: z.boolean().default(true).describe('load the Russian hunspell dictionary for draft checks'),
}).strict();
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;
export type ConsoleConfigInput = z.input<typeof ConsoleConfig>;

/** Non-data hooks the all-in-one runtime passes in. */
export interface ConsoleHooks {
  /** Served unauthenticated at GET /health (the whole pipeline's health); default: the console's own. */
  healthProvider?: () => unknown | Promise<unknown>;
  /** Extra routes mounted on the same server. */
  extraRoutes?: (app: import('fastify').FastifyInstance) => void | Promise<void>;
}

export type ConsoleOptions = ConsoleConfigInput & ConsoleHooks;

export function splitOptions(options: ConsoleOptions): { data: ConsoleConfigInput; hooks: ConsoleHooks } {
  const { healthProvider, extraRoutes, ...data } = options;
  const hooks: ConsoleHooks = {};
  if (healthProvider) hooks.healthProvider = healthProvider;
  if (extraRoutes) hooks.extraRoutes = extraRoutes;
  return { data, hooks };
}

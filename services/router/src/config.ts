// The router's configuration: which consumer group it joins, which rules it routes by, whether it alerts.
import { z } from 'zod';

export const RouterConfig = z.object({
  groupId: z.string().min(1).default('router').describe('consumer group on posts.classified'),
  rulesFile: z.string().min(1).optional().describe('routing rules file (JSON or YAML); default: the bundled services/router/rules/lipetsk.json'),
  alertOnCritical: z.boolean().default(true).describe('publish a critical_post alert for every critical incident'),
  maxHandlerAttempts: z.number().int().positive().optional().describe('attempts per message before it is dead-lettered (default: the bus default)'),
  maxBatchMessages: z.number().int().positive().default(500).describe('classified posts routed (and written) together at most'),
  maxBatchWaitMs: z.number().int().nonnegative().default(20).describe('how long a batch waits for more posts when not full'),
  recentIncidentTtlMs: z.number().int().nonnegative().default(60_000).describe('how long an incident this router wrote is trusted from memory (later ones are read from the store, which knows a reroute)'),
  maxRecentIncidents: z.number().int().positive().default(20_000).describe('incidents kept in the memory of recent ones'),
}).strict();
export type RouterConfig = z.infer<typeof RouterConfig>;
export type RouterConfigInput = z.input<typeof RouterConfig>;

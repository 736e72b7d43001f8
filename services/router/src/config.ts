// The router's configuration: which consumer group it joins, which rules it routes by, whether it alerts.
import { z } from 'zod';

export const RouterConfig = z.object({
  groupId: z.string().min(1).default('router').describe('consumer group on posts.classified'),
  rulesFile: z.string().min(1).optional().describe('routing rules file (JSON or YAML); default: the bundled services/router/rules/lipetsk.json'),
  alertOnCritical: z.boolean().default(true).describe('publish a critical_post alert for every critical incident'),
  maxHandlerAttempts: z.number().int().positive().optional().describe('attempts per message before it is dead-lettered (default: the bus default)'),
}).strict();
export type RouterConfig = z.infer<typeof RouterConfig>;
export type RouterConfigInput = z.input<typeof RouterConfig>;

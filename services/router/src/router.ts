// The router: posts.classified → responsible authority → incidents, incident.events (created, routed), alerts.
import { loadConfigFile, parseConfig } from '@cur/shared/config/load-config';
import {
  ClassifiedPost, Topics, incidentIdForPost, type AuthorityCode,
} from '@cur/shared/contracts/index';
import type { IncomingMessage, Subscription } from '@cur/shared/bus/bus';
import type { PipelineService, ServiceDeps, ServiceHealth, ServiceState } from '@cur/shared/service';
import { assign, planIncident, type EarlierIncident, type IncidentPlan } from './core/incident-plan';
import { lipetskRoutingRules } from './core/route';
import { compileRules, RoutingRulesFile, type CompiledRules } from './core/rules';
import { RouterConfig, type RouterConfigInput } from './config';
import { findIncident, writeIncident } from './store/incidents';

export interface RouterService extends PipelineService {
  /** Routes one classified post (what the subscription calls for every message). */
  handle(post: ClassifiedPost): Promise<void>;
}

function loadRules(config: RouterConfig): CompiledRules {
  if (!config.rulesFile) return lipetskRoutingRules;
  const compiled = compileRules(loadConfigFile(RoutingRulesFile, config.rulesFile));
  if (!compiled.ok) throw new Error(`${config.rulesFile}: ${compiled.error.message}`);
  return compiled.value;
}

/** Builds the router; a bad config or rules file throws here, before anything runs. */
export function createRouterService(deps: ServiceDeps, configInput: RouterConfigInput = {}): RouterService {
  const parsed = parseConfig(RouterConfig, configInput, 'router config');
  if (!parsed.ok) throw parsed.error;
  const config = parsed.value;
  const rules = loadRules(config);
  const { bus, store, logger, clock } = deps;
  const counters = { consumed: 0, incidents: 0, noResponse: 0, repeats: 0, replayed: 0, alerts: 0, failed: 0 };
  const routedByAuthority: Partial<Record<AuthorityCode, number>> = {};
  let state: ServiceState = 'idle';
  let subscription: Subscription | null = null;
  let lastError: string | null = null;

  async function earlierIncident(repeatOf: string | null): Promise<EarlierIncident | null> {
    if (!repeatOf) return null;
    const earlier = await findIncident(store, incidentIdForPost(repeatOf));
    if (!earlier || !earlier.isWrittenByRouter || earlier.authority === 'none') return null;
    return { incidentId: earlier.incidentId, authority: earlier.authority, coExecutors: earlier.coExecutors };
  }

  async function publish(plan: IncidentPlan): Promise<void> {
    const key = plan.incident.incidentId;
    await bus.publish(Topics.incidents, [{ key, value: plan.incident }]);
    await bus.publish(Topics.incidentEvents, plan.events.map((value) => ({ key, value })));
    if (plan.alert) await bus.publish(Topics.alerts, [{ key, value: plan.alert }]);
  }

  async function handle(post: ClassifiedPost): Promise<void> {
    counters.consumed++;
    const incidentId = incidentIdForPost(post.post.uid);
    const existing = await findIncident(store, incidentId);
    if (existing?.isWrittenByRouter) {
      // A replay: repeat the same messages (same ids, same routing time) so nothing downstream changes.
      const assignment = { authority: existing.authority, coExecutors: existing.coExecutors, evidence: [] };
      const plan = planIncident(post, assignment, existing.createdAt, {
        repeatOfIncidentId: existing.repeatOfIncidentId, alertOnCritical: config.alertOnCritical,
      });
      plan.incident.evidence = existing.evidence;
      await publish(plan);
      counters.replayed++;
      return;
    }
    const earlier = await earlierIncident(post.classification.repeatOf);
    const assignment = assign(post, rules, earlier);
    if (!assignment) {
      counters.noResponse++;
      return;
    }
    const routedAt = clock.now();
    const plan = planIncident(post, assignment, routedAt, {
      repeatOfIncidentId: earlier?.incidentId ?? null, alertOnCritical: config.alertOnCritical,
    });
    // The row first: a replay finds it and republishes identical messages, so the publish may fail safely.
    const version = Math.max(routedAt.getTime(), (existing?.version ?? 0) + 1);
    await writeIncident(store, plan.incident, existing?.status ?? 'routed', version);
    await publish(plan);
    counters.incidents++;
    if (earlier) counters.repeats++;
    if (plan.alert) counters.alerts++;
    routedByAuthority[assignment.authority] = (routedByAuthority[assignment.authority] ?? 0) + 1;
    logger.debug({ incidentId, authority: assignment.authority, coExecutors: assignment.coExecutors }, 'routed');
  }

  async function onMessage(message: IncomingMessage<ClassifiedPost>): Promise<void> {
    try {
      await handle(message.value);
    } catch (error) {
      counters.failed++;
      lastError = (error as Error).message;
      logger.warn({ event: 'route_failed', err: error, key: message.key, offset: message.offset }, 'routing a post failed; the bus retries it');
      throw error;
    }
  }

  return {
    name: 'router',
    handle,
    async start() {
      if (state === 'running' || state === 'starting') return;
      state = 'starting';
      try {
        subscription = await bus.subscribe({
          topic: Topics.postsClassified,
          groupId: config.groupId,
          schema: ClassifiedPost,
          handler: onMessage,
          ...(config.maxHandlerAttempts ? { maxHandlerAttempts: config.maxHandlerAttempts } : {}),
        });
        state = 'running';
        logger.info({ groupId: config.groupId, region: rules.region }, 'router started');
      } catch (error) {
        state = 'failed';
        lastError = (error as Error).message;
        throw error;
      }
    },
    async stop() {
      if (state === 'stopped' || state === 'idle') {
        state = 'stopped';
        return;
      }
      state = 'stopping';
      await subscription?.stop();
      subscription = null;
      state = 'stopped';
    },
    health(): ServiceHealth {
      const flat: Record<string, number> = { ...counters };
      for (const [authority, n] of Object.entries(routedByAuthority)) flat[`routedByAuthority.${authority}`] = n ?? 0;
      return { state, counters: flat, details: { routedByAuthority: { ...routedByAuthority }, lastError, rulesRegion: rules.region } };
    },
  };
}

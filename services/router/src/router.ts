// The router: posts.classified → responsible authority → incidents, incident.events (created, routed), alerts.
// Posts come in batches (one partition, in order): one store lookup for the batch (replays and the earlier
// incidents of repeats that the memory of recent incidents cannot answer), one insert into incidents, one publish
// per topic.
import { loadConfigFile, parseConfig } from '@cur/shared/config/load-config';
import {
  ClassifiedPost, Topics, incidentIdForPost, type AuthorityCode, type Incident,
} from '@cur/shared/contracts/index';
import type { IncomingMessage, Subscription } from '@cur/shared/bus/bus';
import type { PipelineService, ServiceDeps, ServiceHealth, ServiceState } from '@cur/shared/service';
import { createTimeSlicer } from '@cur/shared/time-slicer';
import { assign, planIncident, type EarlierIncident, type IncidentPlan } from './core/incident-plan';
import { lipetskRoutingRules } from './core/route';
import { compileRules, RoutingRulesFile, type CompiledRules } from './core/rules';
import { RouterConfig, type RouterConfigInput } from './config';
import { createBatchedLookup } from '@cur/shared/store/batched-lookup';
import { findIncidents, writeIncidents, type StoredIncident } from './store/incidents';

export interface RouterService extends PipelineService {
  /** Routes one classified post (as a batch of one; the subscription hands over whole batches). */
  handle(post: ClassifiedPost): Promise<void>;
  /** Routes a batch of classified posts in order: one store lookup, one insert, one publish per topic. */
  handleBatch(posts: readonly ClassifiedPost[]): Promise<void>;
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
  const counters = { consumed: 0, incidents: 0, noResponse: 0, repeats: 0, replayed: 0, alerts: 0, failed: 0, batches: 0 };
  const routedByAuthority: Partial<Record<AuthorityCode, number>> = {};
  let state: ServiceState = 'idle';
  let subscription: Subscription | null = null;
  let lastError: string | null = null;
  /**
   * Incidents this router wrote lately, by id, with when: a repeat of a post routed a moment ago (often in the same
   * batch) finds its earlier incident here. Entries older than recentIncidentTtlMs are read from the store again,
   * which knows about a later reroute.
   */
  const recent = new Map<string, { incident: StoredIncident; at: number }>();
  /** The lookups of batches of several partitions at once go out as one query. */
  const findStored = createBatchedLookup((ids) => findIncidents(store, ids));

  function remember(incident: StoredIncident, at: number): void {
    recent.delete(incident.incidentId);
    recent.set(incident.incidentId, { incident, at });
    while (recent.size > config.maxRecentIncidents) recent.delete(recent.keys().next().value as string);
  }
  const fromMemory = (incidentId: string, nowMs: number): StoredIncident | undefined => {
    const hit = recent.get(incidentId);
    return hit && nowMs - hit.at <= config.recentIncidentTtlMs ? hit.incident : undefined;
  };

  const asEarlier = (earlier: StoredIncident | undefined): EarlierIncident | null =>
    !earlier || !earlier.isWrittenByRouter || earlier.authority === 'none'
      ? null
      : { incidentId: earlier.incidentId, authority: earlier.authority, coExecutors: earlier.coExecutors };

  async function handleBatch(posts: readonly ClassifiedPost[]): Promise<void> {
    if (posts.length === 0) return;
    const nowMs = clock.now().getTime();
    // Every incident the batch must know about (each post's own, for replays, and the earlier one of each
    // repeat) that memory cannot answer: one query.
    const wanted = new Set<string>();
    for (const post of posts) {
      wanted.add(incidentIdForPost(post.post.uid));
      if (post.classification.repeatOf) wanted.add(incidentIdForPost(post.classification.repeatOf));
    }
    // A post's own incident is always checked in the store unless this router wrote it (a replay is rare, but
    // a placeholder row of the watcher may exist); an earlier incident may come from memory.
    const toRead = [...wanted].filter((id) => !fromMemory(id, nowMs));
    const stored = await findStored(toRead);
    const inBatch = new Map<string, StoredIncident>();
    const lookup = (id: string): StoredIncident | undefined => inBatch.get(id) ?? fromMemory(id, nowMs) ?? stored.get(id);

    const rows: { incident: Incident; status: string; version: number }[] = [];
    const plans: IncidentPlan[] = [];
    const step = { consumed: 0, incidents: 0, noResponse: 0, repeats: 0, replayed: 0, alerts: 0 };
    const byAuthority: Partial<Record<AuthorityCode, number>> = {};
    const slicer = createTimeSlicer();
    for (const post of posts) {
      if (slicer.due()) await slicer.pause();
      step.consumed++;
      const incidentId = incidentIdForPost(post.post.uid);
      const existing = lookup(incidentId);
      if (existing?.isWrittenByRouter) {
        // A replay: repeat the same messages (same ids, same routing time) so nothing downstream changes.
        const assignment = { authority: existing.authority, coExecutors: existing.coExecutors, evidence: [] };
        const plan = planIncident(post, assignment, existing.createdAt, {
          repeatOfIncidentId: existing.repeatOfIncidentId, alertOnCritical: config.alertOnCritical,
        });
        plan.incident.evidence = existing.evidence;
        plans.push(plan);
        step.replayed++;
        continue;
      }
      const repeatOf = post.classification.repeatOf;
      const earlier = repeatOf ? asEarlier(lookup(incidentIdForPost(repeatOf))) : null;
      const assignment = assign(post, rules, earlier);
      if (!assignment) {
        step.noResponse++;
        continue;
      }
      const routedAt = clock.now();
      const plan = planIncident(post, assignment, routedAt, {
        repeatOfIncidentId: earlier?.incidentId ?? null, alertOnCritical: config.alertOnCritical,
      });
      const version = Math.max(routedAt.getTime(), (existing?.version ?? 0) + 1);
      const status = existing?.status ?? 'routed';
      rows.push({ incident: plan.incident, status, version });
      plans.push(plan);
      inBatch.set(incidentId, {
        incidentId, authority: assignment.authority, coExecutors: assignment.coExecutors, status, createdAt: routedAt, version,
        repeatOfIncidentId: plan.incident.repeatOfIncidentId, evidence: plan.incident.evidence, isWrittenByRouter: true,
      });
      step.incidents++;
      if (earlier) step.repeats++;
      if (plan.alert) step.alerts++;
      byAuthority[assignment.authority] = (byAuthority[assignment.authority] ?? 0) + 1;
      logger.debug({ incidentId, authority: assignment.authority, coExecutors: assignment.coExecutors }, 'routed');
    }
    // The rows first: a replay finds them and republishes identical messages, so the publish may fail safely.
    await writeIncidents(store, rows);
    await publish(plans);
    for (const incident of inBatch.values()) remember(incident, nowMs);
    for (const [key, n] of Object.entries(step)) counters[key as keyof typeof step] += n;
    for (const [authority, n] of Object.entries(byAuthority) as [AuthorityCode, number][]) {
      routedByAuthority[authority] = (routedByAuthority[authority] ?? 0) + n;
    }
    counters.batches++;
  }

  /**
   * One publish per topic for the whole batch, each message keyed by its incident. The three go out together (on
   * Kafka one merged produce request instead of three round trips): no consumer relies on an order across topics,
   * and a failure of any of them fails the batch, which is then delivered again and republished identically.
   */
  async function publish(plans: readonly IncidentPlan[]): Promise<void> {
    if (plans.length === 0) return;
    const alerts = plans.flatMap((plan) => (plan.alert ? [{ key: plan.incident.incidentId, value: plan.alert }] : []));
    await Promise.all([
      bus.publish(Topics.incidents, plans.map((plan) => ({ key: plan.incident.incidentId, value: plan.incident }))),
      bus.publish(Topics.incidentEvents, plans.flatMap((plan) => plan.events.map((value) => ({ key: plan.incident.incidentId, value })))),
      alerts.length > 0 ? bus.publish(Topics.alerts, alerts) : Promise.resolve(),
    ]);
  }

  async function onBatch(messages: IncomingMessage<ClassifiedPost>[]): Promise<void> {
    try {
      await handleBatch(messages.map((m) => m.value));
    } catch (error) {
      counters.failed++;
      lastError = (error as Error).message;
      const first = messages[0];
      logger.warn({
        event: 'route_failed', err: error, messages: messages.length, firstKey: first?.key, firstOffset: first?.offset, partition: first?.partition,
      }, 'routing a batch of posts failed; the bus retries it');
      throw error;
    }
  }

  return {
    name: 'router',
    handle: (post) => handleBatch([post]),
    handleBatch,
    async start() {
      if (state === 'running' || state === 'starting') return;
      state = 'starting';
      try {
        subscription = await bus.subscribe({
          topic: Topics.postsClassified,
          groupId: config.groupId,
          schema: ClassifiedPost,
          batchHandler: onBatch,
          maxBatchMessages: config.maxBatchMessages,
          maxBatchWaitMs: config.maxBatchWaitMs,
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

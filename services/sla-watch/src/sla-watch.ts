// The SLA watcher: incident events → lifecycle → stage clocks in sla_facts → warning and breach alerts.
//
// Throughput: events arrive in batches (one partition, in order). The lifecycle state, running clocks, known event
// ids and incidents row of each incident are kept in memory (this service is their only writer): for the incidents
// of a batch it does not know yet, one key lookup (merged with the other partitions' batches) says which have a
// stored state, and only those are read, one query per table. The incidents row is read only when it is rewritten.
// A batch is applied with the pure steps of core/watch-step.ts and each table is written once per batch. The memory
// is updated only after every write succeeded; a failed batch forgets its incidents, so the retry reloads them.
//
// Crash safety (at-least-once): rows are written in the order facts, warning marks, alerts (published, then
// recorded), dead letters, incident states, incidents rows, incident_events. incident_events marks an event done.
// The state row also lists the events its batch applied or rejected, so a batch replayed after a crash between
// the state and the marks only writes the missing marks. Replayed events are recognised from memory (the known
// event ids of an incident, a bounded set) and from the store when the memory cannot tell.
//
// Concurrency: events of one incident share a partition (key = incidentId), so batches of different partitions
// touch different incidents and run side by side; an outage (every clock of a region) and the timer run alone.
// Several instances: each judges in its timer only the clocks of the incidents of its partitions, and moves only
// those for an outage: the instance that receives the outage event at once, the others when they read the outage
// from the store, at each tick and before a batch once their copy is outageRefreshMs old (until then they compute
// deadlines without it; the move at its end corrects them).
import { z } from 'zod';
import {
  Alert, DeadLetter, IncidentEvent, Topics, type RegionCode, type SlaFact,
} from '@cur/shared/contracts/index';
import type { IncomingMessage, PartitionAssignment, Subscription } from '@cur/shared/bus/bus';
import { partitionForKey } from '@cur/shared/bus/core/partition-for-key';
import type { PipelineService, ServiceDeps, ServiceHealth, ServiceState } from '@cur/shared/service';
import { createTimeSlicer } from '@cur/shared/time-slicer';
import { isRegionEvent } from './core/lifecycle';
import {
  applyIncidentEvent, judgeDueFact, moveForOutage, runningClocksOf, withFactVersions, type IncidentMemory, type StepContext,
  type StoredFact, type WarningMark,
} from './core/watch-step';
import { withOutages, type Outage, type WorkingCalendar } from './core/working-time';
import { createBatchedLookup } from '@cur/shared/store/batched-lookup';
import { createGate } from './gate';
import { loadRegulations, type Regulation } from './regulations';
import {
  incidentsWithState, isEventRecorded, isRouterRow, loadIncidentRows, loadOutages, loadStates, nextIncidentRow, recordAlerts, recordedAmong,
  recordedEventIds, recordEvent, recordEvents, saveStates, writeIncidentRows, writeOutage, type IncidentRow, type StoredState,
} from './store/incident-state';
import { dueFacts, openFactsOfIncidents, openFactsOfRegion, writeFacts } from './store/sla-facts';

export const SlaWatchConfig = z.object({
  groupId: z.string().min(1).default('sla-watch').describe('consumer group on incident.events'),
  warningShare: z.number().gt(0).lt(1).default(0.75).describe('share of a term after which a deadline_warning is sent'),
  tickIntervalMs: z.number().int().nonnegative().default(60_000).describe('how often untouched clocks are checked; 0 = only tick() calls'),
  outageRefreshMs: z.number().int().nonnegative().default(5_000).describe('a batch first reads the declared outages again when this instance read them longer ago (an outage may have reached another instance); 0 = only at ticks'),
  profilesDir: z.string().optional().describe('folder of regulation profiles (default services/sla-watch/profiles)'),
  regionsFile: z.string().optional().describe('regions.json with zones and office hours (default shared/taxonomy)'),
  calendarFile: z.string().optional().describe('production calendar (default shared/taxonomy)'),
  maxBatchMessages: z.number().int().positive().default(500).describe('incident events handled (and written) together at most'),
  maxBatchWaitMs: z.number().int().nonnegative().default(20).describe('how long a batch waits for more events when not full'),
  maxCachedIncidents: z.number().int().positive().default(50_000).describe('incidents kept in memory; the least recently used are forgotten (reloaded on demand)'),
  maxKnownEventIds: z.number().int().positive().default(256).describe('event ids remembered per incident; beyond it an unknown id is checked in the store'),
}).strict();
export type SlaWatchConfig = z.infer<typeof SlaWatchConfig>;

/** notOwned: due clocks of incidents another instance handles (their partitions are not this one's). */
export interface TickResult { warnings: number; breaches: number; lapsed: number; paused: number; notOwned: number }
export interface SlaWatchService extends PipelineService {
  /** Checks the open clocks of its incidents against deps.clock now: warnings, breaches, lapsed windows (the timer calls it). */
  tick(): Promise<TickResult>;
}

/** One incident in memory: what the pure steps need, plus what replays are recognised by. */
interface Known extends IncidentMemory {
  /** event ids known to be handled (applied and marked, or dead-lettered in a batch that wrote the state) */
  eventIds: Set<string>;
  /** false when older ids were forgotten (or never loaded): an unknown id must be checked in the store */
  isEventIdsComplete: boolean;
  /** applied by a batch that crashed before marking them: only the incident_events row is missing */
  unmarked: Set<string>;
  /** the incidents row as last read or written (undefined: none yet) */
  row: IncidentRow | undefined;
}

const cloneKnown = (k: Known): Known => ({
  ...k, open: [...k.open], eventIds: new Set(k.eventIds), unmarked: new Set(k.unmarked),
});

/**
 * True when the incidents row the router wrote already says what the watcher would write: a new incident whose
 * batch applied only the router's created and routed events (the router writes its row before it publishes them,
 * from the same plan: status routed, the routed event's authority, co-executors and importance, updated_at = the
 * routing time = the routed event's instant). Then the row is neither read nor written again.
 */
function isRouterRowCurrent(entry: Known, applied: readonly IncidentEvent[] | undefined): boolean {
  if (!applied || applied.length === 0 || entry.state === null) return false;
  const routed = applied[applied.length - 1]!;
  if (routed.type !== 'routed' || !applied.every((e) => e.actor === 'router' && (e.type === 'created' || e.type === 'routed'))) return false;
  const state = entry.state;
  return state.status === 'routed' && state.authority === routed.authority && state.importance === routed.importance
    && state.coExecutors.length === routed.coExecutors.length && state.coExecutors.every((c, i) => c === routed.coExecutors[i]);
}

export function createSlaWatchService(deps: ServiceDeps, configInput: z.input<typeof SlaWatchConfig> = {}): SlaWatchService {
  const config = SlaWatchConfig.parse(configInput);
  const { bus, store, logger, clock } = deps;
  const regulations = loadRegulations({ profilesDir: config.profilesDir, regionsFile: config.regionsFile, calendarFile: config.calendarFile });
  const counters = {
    events: 0, replayed: 0, illegal: 0, opened: 0, closed: 0, warnings: 0, breaches: 0, deadlineErrors: 0, batches: 0, cacheLoads: 0,
  };
  let state: ServiceState = 'idle';
  let subscription: Subscription | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastTickAt: string | null = null;
  let outages = new Map<RegionCode, (Outage & { outageId: string })[]>();
  /** incidentId → what is known of it; insertion order = least recently used first. */
  const known = new Map<string, Known>();
  const gate = createGate();
  /** Which incidents have a stored state: the lookups of batches of several partitions at once, in one query. */
  const findWithState = createBatchedLookup(async (ids) => new Map([...await incidentsWithState(store, ids)].map((id) => [id, true as const])));

  /** The region's calendar with its outages; one still going on is counted up to now (its end moves clocks later). */
  const calendarOf = (regulation: Regulation, now: Date): WorkingCalendar =>
    withOutages(regulation.calendar, (outages.get(regulation.profile.region) ?? []).map((o) => ({ from: o.from, to: o.to ?? now })));
  const isPaused = (region: RegionCode, now: Date): boolean =>
    (outages.get(region) ?? []).some((o) => o.to === null && o.from.getTime() <= now.getTime());
  const contextOf = (regulation: Regulation, now: Date): StepContext => ({
    profile: regulation.profile, calendar: calendarOf(regulation, now), now, warningShare: config.warningShare,
  });

  function remember(entry: Known): void {
    if (entry.eventIds.size > config.maxKnownEventIds) {
      const ids = [...entry.eventIds];
      entry.eventIds = new Set(ids.slice(ids.length - config.maxKnownEventIds));
      entry.isEventIdsComplete = false;
    }
    known.delete(entry.incidentId);
    known.set(entry.incidentId, entry);
    while (known.size > config.maxCachedIncidents) {
      const oldest = known.keys().next().value as string;
      known.delete(oldest);
    }
  }

  /** Updates the remembered running clocks of incidents after the timer or an outage wrote new fact versions. */
  function rememberFactVersions(facts: readonly SlaFact[], marks: readonly WarningMark[]): void {
    const byIncident = new Map<string, SlaFact[]>();
    for (const fact of facts) byIncident.set(fact.incidentId, [...(byIncident.get(fact.incidentId) ?? []), fact]);
    const marksOf = new Map(marks.map((m) => [m.factId, m]));
    for (const [incidentId, list] of byIncident) {
      const entry = known.get(incidentId);
      if (!entry) continue;
      const ids = new Set(list.map((f) => f.factId));
      entry.open = withFactVersions(entry.open, list, [...ids].flatMap((id) => (marksOf.has(id) ? [marksOf.get(id)!] : [])));
    }
  }

  /**
   * Loads what the store holds of the incidents this batch needs and memory lacks: a key lookup tells which have
   * a state (most unknown incidents are new ones, at their created event), and only those are read in full, one
   * query per table. The incidents rows are read later, only for the incidents whose row this batch rewrites.
   */
  async function load(incidentIds: readonly string[]): Promise<void> {
    const missing = incidentIds.filter((id) => !known.has(id));
    if (missing.length === 0) return;
    const withState = await findWithState(missing);
    const stored = missing.filter((id) => withState.has(id));
    const [states, facts, eventIds] = stored.length === 0
      ? [new Map<string, StoredState>(), new Map<string, StoredFact[]>(), new Map<string, Set<string>>()]
      : await Promise.all([loadStates(store, stored), openFactsOfIncidents(store, stored), recordedEventIds(store, stored)]);
    for (const id of missing) {
      const stored: StoredState | undefined = states.get(id);
      const recorded = eventIds.get(id) ?? new Set<string>();
      const applied = stored ? [...stored.appliedEventIds, stored.state.lastEventId] : [];
      const entry: Known = {
        incidentId: id, state: stored?.state ?? null, version: stored?.version ?? 0, open: facts.get(id) ?? [],
        eventIds: new Set([...recorded, ...applied, ...(stored?.rejectedEventIds ?? [])]),
        isEventIdsComplete: true,
        unmarked: new Set(applied.filter((eventId) => !recorded.has(eventId))),
        row: undefined,
      };
      remember(entry);
    }
    counters.cacheLoads += missing.length;
  }

  /** Incident events (no outages) of one partition, in order: apply them all, then write each table once. */
  async function handleIncidentEvents(messages: readonly IncomingMessage<IncidentEvent>[]): Promise<void> {
    const now = clock.now();
    const deadLetters: { message: IncomingMessage<IncidentEvent>; error: string }[] = [];
    const events: IncidentEvent[] = [];
    for (const message of messages) {
      if (regulations.has(message.value.region)) events.push(message.value);
      else deadLetters.push({ message, error: `NO_PROFILE: no regulation profile for region ${message.value.region}` });
    }
    const incidentIds = [...new Set(events.map((e) => e.incidentId))];
    try {
      await load(incidentIds);
      // Ids the memory cannot vouch for (older ones were forgotten): ask the store, once for the batch.
      const unsure = events.filter((e) => {
        const entry = known.get(e.incidentId)!;
        return !entry.isEventIdsComplete && !entry.eventIds.has(e.eventId);
      });
      const recordedUnsure = await recordedAmong(store, unsure);

      const working = new Map<string, Known>();
      const step = { events: 0, replayed: 0, illegal: 0, opened: 0, closed: 0, deadlineErrors: 0 };
      const facts: SlaFact[] = [];
      const marks: WarningMark[] = [];
      const alerts: Alert[] = [];
      const toMark: IncidentEvent[] = [];
      const lastAt = new Map<string, Date>();
      /** incidents without a state before this batch, with the events the batch applied to them */
      const fresh = new Map<string, IncidentEvent[]>();
      const bookkeeping = new Map<string, { applied: string[]; rejected: string[] }>();
      const messageOf = new Map(messages.map((m) => [m.value, m]));
      const slicer = createTimeSlicer();

      for (const event of events) {
        if (slicer.due()) await slicer.pause();
        let entry = working.get(event.incidentId);
        if (!entry) {
          entry = cloneKnown(known.get(event.incidentId)!);
          working.set(event.incidentId, entry);
          if (entry.state === null) fresh.set(event.incidentId, []);
        }
        const books = bookkeeping.get(event.incidentId) ?? { applied: [], rejected: [] };
        bookkeeping.set(event.incidentId, books);
        step.events += 1;
        if (entry.unmarked.has(event.eventId)) {
          // Applied before a crash, only the mark was missing.
          entry.unmarked.delete(event.eventId);
          toMark.push(event);
          continue;
        }
        if (entry.eventIds.has(event.eventId) || recordedUnsure.has(event.eventId)) {
          step.replayed += 1;
          continue;
        }
        const regulation = regulations.get(event.region)!;
        const applied = applyIncidentEvent(entry, event, contextOf(regulation, now));
        if (!applied.ok) {
          step.illegal += 1;
          books.rejected.push(event.eventId);
          deadLetters.push({ message: messageOf.get(event)!, error: `${applied.error.code}: ${applied.error.message}` });
          continue;
        }
        const out = applied.value;
        Object.assign(entry, out.memory);
        entry.eventIds.add(event.eventId);
        books.applied.push(event.eventId);
        fresh.get(event.incidentId)?.push(event);
        facts.push(...out.facts);
        marks.push(...out.marks);
        alerts.push(...out.alerts);
        toMark.push(event);
        lastAt.set(event.incidentId, new Date(event.at));
        step.opened += out.opened;
        step.closed += out.closed;
        for (const failed of out.deadlineErrors) {
          step.deadlineErrors += 1;
          logger.error({ event: 'sla.deadline_failed', incidentId: event.incidentId, stage: failed.stage, code: failed.error.code, reason: failed.error.message }, 'no deadline for a stage clock');
        }
      }

      // One write per table, in the crash-safe order (see the header).
      // Each fact's newest version with its clock's warning state, which the memory holds after the step.
      await writeFacts(store, facts, marks, runningClocksOf(working.values()));
      await publishAlerts(alerts, now);
      await publishDeadLetters(deadLetters, now);
      const changed = [...working.values()].filter((entry) => lastAt.has(entry.incidentId) || (bookkeeping.get(entry.incidentId)?.rejected.length ?? 0) > 0);
      // Only rejections: a new version all the same, so that its list of rejected events is the one kept.
      for (const entry of changed) if (!lastAt.has(entry.incidentId)) entry.version += 1;
      await saveStates(store, changed.filter((entry) => entry.state !== null).map((entry) => ({
        state: entry.state!, version: entry.version,
        appliedEventIds: bookkeeping.get(entry.incidentId)?.applied ?? [], rejectedEventIds: bookkeeping.get(entry.incidentId)?.rejected ?? [],
      })));
      const rowChanges = changed.filter((entry) => entry.state !== null && lastAt.has(entry.incidentId) && !isRouterRowCurrent(entry, fresh.get(entry.incidentId)));
      // The current row of each, unless memory holds the router's row: one query.
      const rowsRead = await loadIncidentRows(store, rowChanges.filter((entry) => !isRouterRow(entry.row)).map((entry) => entry.incidentId));
      const rows = rowChanges.map((entry) => {
        entry.row = nextIncidentRow(rowsRead.get(entry.incidentId) ?? entry.row, entry.state!, lastAt.get(entry.incidentId)!, now);
        return entry.row;
      });
      await writeIncidentRows(store, rows);
      await recordEvents(store, toMark);

      for (const entry of working.values()) {
        for (const id of bookkeeping.get(entry.incidentId)?.rejected ?? []) if (entry.state !== null) entry.eventIds.add(id);
        remember(entry);
      }
      counters.events += step.events;
      counters.replayed += step.replayed;
      counters.illegal += step.illegal;
      counters.opened += step.opened;
      counters.closed += step.closed;
      counters.deadlineErrors += step.deadlineErrors;
      counters.batches += 1;
    } catch (error) {
      // Some rows may be written: forget these incidents, the retry reloads them from the store.
      for (const id of incidentIds) known.delete(id);
      throw error;
    }
  }

  async function publishAlerts(alerts: readonly Alert[], now: Date): Promise<void> {
    if (alerts.length === 0) return;
    await bus.publish(Topics.alerts, alerts.map((a) => ({ key: a.incidentId ?? a.region, value: a })));
    await recordAlerts(store, alerts, now);
  }

  async function publishDeadLetters(letters: readonly { message: IncomingMessage<IncidentEvent>; error: string }[], now: Date): Promise<void> {
    if (letters.length === 0) return;
    const records = letters.map(({ message, error }) => DeadLetter.parse({
      schemaVersion: 1, sourceTopic: message.topic, consumerGroup: config.groupId, key: message.key,
      value: JSON.stringify(message.value), error, at: now.toISOString(),
    }));
    await bus.publish(Topics.deadLetter, records.map((record, i) => ({ key: record.key ?? letters[i]!.message.value.incidentId, value: record })));
    await store.insert('dead_letters', records.map((record) => ({
      source_topic: record.sourceTopic, consumer_group: record.consumerGroup, key: record.key ?? '', value: record.value,
      error: record.error, at: record.at,
    })));
    for (const { message, error } of letters) {
      logger.warn({ event: 'sla.event_rejected', eventId: message.value.eventId, incidentId: message.value.incidentId, error }, 'incident event dead-lettered');
    }
  }

  /** A region event; runs alone (it may move every clock of the region). */
  async function handleOutageEvent(message: IncomingMessage<IncidentEvent>): Promise<void> {
    const event = message.value;
    const now = clock.now();
    const regulation = regulations.get(event.region);
    if (!regulation) return publishDeadLetters([{ message, error: `NO_PROFILE: no regulation profile for region ${event.region}` }], now);
    if (await isEventRecorded(store, event.incidentId, event.eventId)) {
      counters.replayed += 1;
      return;
    }
    const list = outages.get(event.region) ?? [];
    const at = new Date(event.at);
    if (event.type === 'outage_started') {
      if (list.some((o) => o.to === null)) return publishDeadLetters([{ message, error: `OUTAGE_IN_PROGRESS: region ${event.region} already has an outage in progress` }], now);
      const outage = { outageId: event.eventId, from: at, to: null };
      await writeOutage(store, event.region, outage, now);
      outages.set(event.region, [...list, outage]);
      await recordEvent(store, event);
      logger.info({ event: 'sla.outage_started', region: event.region, at: event.at }, 'outage declared: clocks of the region paused');
      return;
    }
    const current = list.find((o) => o.to === null);
    if (!current) return publishDeadLetters([{ message, error: `NO_OUTAGE_IN_PROGRESS: outage_ended for region ${event.region} without a declared outage` }], now);
    if (at.getTime() < current.from.getTime()) return publishDeadLetters([{ message, error: 'OUTAGE_ENDS_BEFORE_START: outage_ended is earlier than its start' }], now);
    const ended = { ...current, to: at };
    await writeOutage(store, event.region, ended, now);
    outages.set(event.region, list.map((o) => (o === current ? ended : o)));
    // Convention 6: every open clock of the region is paused for the outage, so its deadline moves later. The
    // store holds every clock (batches write before they finish, and none runs now). The other instances move
    // theirs when their timer finds the outage ended (refreshOutages).
    const moved = await moveOwnedClocks(event.region, ended.from, now);
    await recordEvent(store, event);
    logger.info({ event: 'sla.outage_ended', region: event.region, at: event.at, moved }, 'outage ended: open deadlines moved');
  }

  /** Moves the deadlines of this instance's running clocks of a region for an outage that ended; how many moved. */
  async function moveOwnedClocks(region: RegionCode, outageFrom: Date, now: Date): Promise<number> {
    const regulation = regulations.get(region);
    if (!regulation) return 0;
    const open = (await openFactsOfRegion(store, region)).filter((fact) => isOwned(fact.incidentId));
    // Recomputed from each clock's start with every outage known: moving twice gives the same deadline.
    const moved = moveForOutage(open, outageFrom, contextOf(regulation, now));
    await writeFacts(store, moved.facts, moved.marks, new Map(open.map((f) => [f.factId, f])));
    rememberFactVersions(moved.facts, moved.marks);
    return moved.facts.length;
  }

  /** Outages that ended within this span are applied again to the owned clocks at the first tick after a start. */
  const outageRecheckMs = 60 * 24 * 3_600_000;
  let isOutageRecheckDue = false;
  /** When this instance last read sla_outages (service clock, ms). */
  let outagesReadAtMs = Number.NEGATIVE_INFINITY;
  const areOutagesStale = (now: Date): boolean => config.outageRefreshMs > 0 && now.getTime() - outagesReadAtMs >= config.outageRefreshMs;

  /**
   * Outages declared through another instance (an outage event reaches only the instance of its partition): the
   * timer, and a batch when the copy is stale, reads them from the store, pauses with them, and moves its own clocks
   * for each that ended meanwhile.
   */
  async function refreshOutages(now: Date): Promise<void> {
    const latest = await loadOutages(store);
    outagesReadAtMs = now.getTime();
    // After a start this instance cannot tell which recent outages were applied to the clocks it owns now (it may
    // have been down when one ended): it moves them for every outage that ended lately, which changes nothing
    // where they were moved already.
    const recheckSince = isOutageRecheckDue ? now.getTime() - outageRecheckMs : Infinity;
    isOutageRecheckDue = false;
    const isAppliedHere = (region: RegionCode, outageId: string): boolean =>
      (outages.get(region) ?? []).some((o) => o.outageId === outageId && o.to !== null && o.to.getTime() < recheckSince);
    const toApply = [...latest].flatMap(([region, list]) =>
      list.filter((o) => o.to !== null && !isAppliedHere(region, o.outageId)).map((outage) => ({ region, outage })));
    outages = latest; // the calendars of the moves count every outage
    for (const { region, outage } of toApply) {
      const moved = await moveOwnedClocks(region, outage.from, now);
      logger.info({ event: 'sla.outage_seen_ended', region, outageId: outage.outageId, moved }, 'an outage declared elsewhere ended: own deadlines moved');
    }
  }

  /** A batch of one partition: runs of incident events side by side with other partitions, outages alone. */
  async function handleBatch(messages: IncomingMessage<IncidentEvent>[]): Promise<void> {
    // An outage declared through another instance counts here within outageRefreshMs, not only at the next tick:
    // clocks opened meanwhile would get deadlines without it (corrected only when it ends).
    if (areOutagesStale(clock.now())) {
      await gate.exclusive(async () => {
        const now = clock.now();
        if (areOutagesStale(now)) await refreshOutages(now);
      });
    }
    let run: IncomingMessage<IncidentEvent>[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const pending = run;
      run = [];
      await gate.shared(() => handleIncidentEvents(pending));
    };
    for (const message of messages) {
      if (!isRegionEvent(message.value.type)) {
        run.push(message);
        continue;
      }
      await flush();
      await gate.exclusive(() => handleOutageEvent(message));
    }
    await flush();
  }

  /**
   * The partitions of incident.events this instance handles (null before it subscribed: every clock is its own).
   * With several instances each one judges only the clocks of its own incidents (key = incident id): two timers
   * acting on one clock would race its owner's events (a breach version written over the answer that closed it).
   */
  let owned: PartitionAssignment | null = null;
  const isOwned = (incidentId: string): boolean =>
    owned === null || owned.partitions.includes(partitionForKey(incidentId, owned.partitionCount));

  /** A tick nobody awaits (the timer's, a takeover's): alone in the gate, its failure logged. */
  const tickInBackground = (): void => {
    gate.exclusive(tick).catch((error: unknown) => logger.error({ event: 'sla.tick_failed', err: error }, 'deadline check failed'));
  };

  async function tick(): Promise<TickResult> {
    const now = clock.now();
    await refreshOutages(now);
    const result: TickResult = { warnings: 0, breaches: 0, lapsed: 0, paused: 0, notOwned: 0 };
    const facts: SlaFact[] = [];
    const marks: WarningMark[] = [];
    const alerts: Alert[] = [];
    const due = await dueFacts(store, now);
    for (const fact of due) {
      if (!isOwned(fact.incidentId)) {
        result.notOwned += 1;
        continue;
      }
      const regulation = regulations.get(fact.region);
      if (!regulation) continue;
      if (isPaused(fact.region, now)) {
        result.paused += 1;
        continue;
      }
      const verdict = judgeDueFact(fact, contextOf(regulation, now));
      if (verdict.kind === 'lapsed') {
        facts.push(verdict.fact);
        result.lapsed += 1;
      } else if (verdict.kind === 'breach') {
        facts.push(verdict.fact);
        alerts.push(verdict.alert);
        result.breaches += 1;
      } else {
        marks.push(verdict.mark);
        alerts.push(verdict.alert);
        result.warnings += 1;
      }
    }
    // Publish first, then mark: a crash in between repeats the alerts with the same alertIds, never loses them.
    await publishAlerts(alerts, now);
    await writeFacts(store, facts, marks, new Map(due.map((f) => [f.factId, f])));
    rememberFactVersions(facts, marks);
    counters.breaches += result.breaches;
    counters.warnings += result.warnings;
    lastTickAt = now.toISOString();
    return result;
  }

  return {
    name: 'sla-watch',
    async start() {
      state = 'starting';
      try {
        outages = await loadOutages(store);
        outagesReadAtMs = clock.now().getTime();
        isOutageRecheckDue = true;
        known.clear(); // another instance may have written meanwhile: start from the store
        subscription = await bus.subscribe({
          topic: Topics.incidentEvents,
          groupId: config.groupId,
          schema: IncidentEvent,
          maxBatchMessages: config.maxBatchMessages,
          maxBatchWaitMs: config.maxBatchWaitMs,
          batchHandler: handleBatch,
          onAssignment: (assignment) => {
            const previous = owned;
            owned = assignment;
            // Partitions taken over from another instance (it stopped or left): their clocks had no timer during the
            // rebalance, so they are judged now instead of at this instance's next tick.
            const isTakeover = previous !== null && assignment.partitions.some((p) => !previous.partitions.includes(p));
            if (isTakeover && config.tickIntervalMs > 0) tickInBackground();
          },
        });
        if (config.tickIntervalMs > 0) {
          timer = setInterval(tickInBackground, config.tickIntervalMs);
          timer.unref();
        }
        state = 'running';
      } catch (error) {
        state = 'failed';
        throw error;
      }
    },
    async stop() {
      state = 'stopping';
      if (timer) clearInterval(timer);
      timer = null;
      await subscription?.stop();
      subscription = null;
      await gate.idle();
      state = 'stopped';
    },
    health(): ServiceHealth {
      return {
        state,
        counters: { ...counters, cachedIncidents: known.size },
        details: {
          lastTickAt,
          regions: [...regulations.keys()],
          outagesInProgress: [...outages.entries()].filter(([, list]) => list.some((o) => o.to === null)).map(([region]) => region),
          // The partitions of incident.events whose incidents this instance watches ('all' before it subscribed).
          ownedPartitions: owned === null ? 'all' : [...owned.partitions],
        },
      };
    },
    tick: () => gate.exclusive(tick),
  };
}

// The SLA watcher: incident events → lifecycle → stage clocks in sla_facts → warning and breach alerts.
import { z } from 'zod';
import {
  Alert, DeadLetter, IncidentEvent, Topics, type RegionCode, type SlaFact, type StageCode,
} from '@cur/shared/contracts/index';
import type { IncomingMessage, Subscription } from '@cur/shared/bus/bus';
import type { PipelineService, ServiceDeps, ServiceHealth, ServiceState } from '@cur/shared/service';
import { planClocks, type OpenClock } from './core/clock-plan';
import { deadlineFor, overdueMinutes, warningFor } from './core/deadline';
import { applyEvent } from './core/lifecycle';
import { formatInZone, withOutages, type Outage, type WorkingCalendar } from './core/working-time';
import { loadRegulations, type Regulation } from './regulations';
import {
  isEventRecorded, loadOutages, loadState, recordAlerts, recordEvent, saveState, updateIncidentRow, writeOutage,
} from './store/incident-state';
import { dueFacts, openFactsOfIncident, openFactsOfRegion, writeFacts, writeWarningMarks, type StoredFact } from './store/sla-facts';

export const SlaWatchConfig = z.object({
  groupId: z.string().min(1).default('sla-watch').describe('consumer group on incident.events'),
  warningShare: z.number().gt(0).lt(1).default(0.75).describe('share of a term after which a deadline_warning is sent'),
  tickIntervalMs: z.number().int().nonnegative().default(60_000).describe('how often untouched clocks are checked; 0 = only tick() calls'),
  profilesDir: z.string().optional().describe('folder of regulation profiles (default services/sla-watch/profiles)'),
  regionsFile: z.string().optional().describe('regions.json with zones and office hours (default shared/taxonomy)'),
  calendarFile: z.string().optional().describe('production calendar (default shared/taxonomy)'),
}).strict();
export type SlaWatchConfig = z.infer<typeof SlaWatchConfig>;

export interface TickResult { warnings: number; breaches: number; lapsed: number; paused: number }
export interface SlaWatchService extends PipelineService {
  /** Checks every open clock against deps.clock now: warnings, breaches, lapsed windows (the timer calls it). */
  tick(): Promise<TickResult>;
}

const stageNames: Record<StageCode, string> = {
  route: 'направление исполнителю', return: 'возврат не по компетенции', reroute: 'перенаправление',
  draft: 'подготовка проекта ответа', review: 'проверка куратором', rework: 'доработка', publish: 'публикация',
  answer: 'ответ', final: 'окончательный ответ', contribution: 'вклад соисполнителя',
};

export function createSlaWatchService(deps: ServiceDeps, configInput: z.input<typeof SlaWatchConfig> = {}): SlaWatchService {
  const config = SlaWatchConfig.parse(configInput);
  const { bus, store, logger, clock } = deps;
  const regulations = loadRegulations({ profilesDir: config.profilesDir, regionsFile: config.regionsFile, calendarFile: config.calendarFile });
  const counters = { events: 0, replayed: 0, illegal: 0, opened: 0, closed: 0, warnings: 0, breaches: 0, deadlineErrors: 0 };
  let state: ServiceState = 'idle';
  let subscription: Subscription | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastTickAt: string | null = null;
  let outages = new Map<RegionCode, (Outage & { outageId: string })[]>();

  // One piece of work at a time: events of different incidents and the timer touch the same open clocks.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };

  /** The region's calendar with its outages; one still going on is counted up to now (its end moves clocks later). */
  const calendarOf = (regulation: Regulation, now: Date): WorkingCalendar =>
    withOutages(regulation.calendar, (outages.get(regulation.profile.region) ?? []).map((o) => ({ from: o.from, to: o.to ?? now })));
  const isPaused = (region: RegionCode, now: Date): boolean =>
    (outages.get(region) ?? []).some((o) => o.to === null && o.from.getTime() <= now.getTime());
  const recordedAfter = (now: Date, previous?: string): string =>
    new Date(Math.max(now.getTime(), previous ? new Date(previous).getTime() + 1 : 0)).toISOString();

  function factOf(clock: OpenClock, region: RegionCode, deadline: Date, patch: Partial<SlaFact>, recordedAt: string): SlaFact {
    return {
      schemaVersion: 1, factId: clock.factId, incidentId: patch.incidentId ?? '', region, authority: clock.authority,
      stage: clock.stage, importance: clock.importance, startedAt: clock.startedAt.toISOString(), deadlineAt: deadline.toISOString(),
      doneAt: null, status: 'open', overdueWorkingMinutes: 0, recordedAt, ...patch,
    };
  }

  function alertOf(kind: 'deadline_warning' | 'deadline_breach', fact: StoredFact | SlaFact, calendar: WorkingCalendar, now: Date): Alert {
    const deadline = formatInZone(calendar, new Date(fact.deadlineAt));
    const stage = stageNames[fact.stage];
    const message = kind === 'deadline_warning'
      ? `Истекает срок этапа «${stage}» по обращению ${fact.incidentId}: до ${deadline}`
      : `Нарушен срок этапа «${stage}» по обращению ${fact.incidentId}: срок был ${deadline}`;
    return Alert.parse({
      schemaVersion: 1, alertId: `${fact.factId}|${kind === 'deadline_warning' ? 'warning' : 'breach'}`, kind,
      severity: kind === 'deadline_warning' ? 'warning' : 'critical', region: fact.region, incidentId: fact.incidentId,
      stage: fact.stage, at: now.toISOString(), message,
      data: { factId: fact.factId, authority: fact.authority, importance: fact.importance, deadlineAt: deadline },
    });
  }

  async function publishAlerts(alerts: Alert[], now: Date): Promise<void> {
    if (alerts.length === 0) return;
    await bus.publish(Topics.alerts, alerts.map((a) => ({ key: a.incidentId ?? a.region, value: a })));
    await recordAlerts(store, alerts, now);
  }

  async function deadLetter(message: IncomingMessage<IncidentEvent>, error: string): Promise<void> {
    const record = DeadLetter.parse({
      schemaVersion: 1, sourceTopic: message.topic, consumerGroup: config.groupId, key: message.key,
      value: JSON.stringify(message.value), error, at: clock.now().toISOString(),
    });
    await bus.publish(Topics.deadLetter, [{ key: message.key ?? message.value.incidentId, value: record }]);
    await store.insert('dead_letters', [{
      source_topic: record.sourceTopic, consumer_group: record.consumerGroup, key: record.key ?? '', value: record.value,
      error: record.error, at: record.at,
    }]);
    logger.warn({ event: 'sla.event_rejected', eventId: message.value.eventId, incidentId: message.value.incidentId, error }, 'incident event dead-lettered');
  }

  function deadlineAndWarning(regulation: Regulation, clock: OpenClock, calendar: WorkingCalendar) {
    const q = { region: regulation.profile.region, stage: clock.stage, importance: clock.importance, start: clock.startedAt };
    const deadline = deadlineFor(q, regulation.profile, calendar);
    if (!deadline.ok) return deadline;
    const warning = warningFor(q, deadline.value, config.warningShare, regulation.profile, calendar);
    if (!warning.ok) return warning;
    return { ok: true as const, value: { deadline: deadline.value, warnAt: warning.value } };
  }

  const toOpenClock = (f: StoredFact): OpenClock => ({
    factId: f.factId, stage: f.stage, authority: f.authority, importance: f.importance, startedAt: new Date(f.startedAt),
  });

  async function handleIncidentEvent(message: IncomingMessage<IncidentEvent>): Promise<void> {
    const event = message.value;
    const regulation = regulations.get(event.region);
    if (!regulation) return deadLetter(message, `NO_PROFILE: no regulation profile for region ${event.region}`);
    counters.events += 1;
    if (await isEventRecorded(store, event.incidentId, event.eventId)) {
      counters.replayed += 1;
      return;
    }
    const stored = await loadState(store, event.incidentId);
    if (stored?.state.lastEventId === event.eventId) {
      await recordEvent(store, event); // applied before a crash, only the mark was missing
      return;
    }
    const transition = applyEvent(stored?.state ?? null, event, regulation.profile);
    if (!transition.ok) {
      counters.illegal += 1;
      return deadLetter(message, `${transition.error.code}: ${transition.error.message}`);
    }
    const now = clock.now();
    const calendar = calendarOf(regulation, now);
    const region = regulation.profile.region;
    const open = await openFactsOfIncident(store, event.incidentId);
    const plan = planClocks(open.map(toOpenClock), transition.value, event, regulation.profile);
    const facts: SlaFact[] = [];
    const marks: Parameters<typeof writeWarningMarks>[1][number][] = [];
    const alerts: Alert[] = [];
    const incidentId = event.incidentId;

    for (const close of plan.close) {
      const previous = open.find((f) => f.factId === close.clock.factId) as StoredFact;
      const deadline = new Date(previous.deadlineAt);
      const isLate = close.isJudged && close.doneAt.getTime() > deadline.getTime();
      const overdue = isLate ? overdueMinutes(close.clock.stage, deadline, close.doneAt, regulation.profile, calendar) : { ok: true as const, value: 0 };
      const fact = factOf(close.clock, region, deadline, {
        incidentId, doneAt: close.doneAt.toISOString(), status: isLate ? 'breached' : 'met',
        overdueWorkingMinutes: overdue.ok ? overdue.value : 0,
      }, recordedAfter(now, previous.recordedAt));
      facts.push(fact);
      // Closed late before the timer saw it: the breach is still announced, once.
      if (isLate && previous.status === 'open') alerts.push(alertOf('deadline_breach', fact, calendar, now));
      counters.closed += 1;
    }
    for (const { clock: moved, isImportanceChanged } of plan.update) {
      const previous = open.find((f) => f.factId === moved.factId) as StoredFact;
      let deadline = new Date(previous.deadlineAt);
      if (isImportanceChanged) {
        const computed = deadlineAndWarning(regulation, moved, calendar);
        if (computed.ok) {
          deadline = computed.value.deadline;
          marks.push({ factId: moved.factId, region, warnAt: computed.value.warnAt, isWarned: previous.isWarned ?? false, recordedAt: new Date(recordedAfter(now, previous.recordedAt)) });
        }
      }
      facts.push(factOf(moved, region, deadline, { incidentId, status: previous.status, overdueWorkingMinutes: previous.overdueWorkingMinutes }, recordedAfter(now, previous.recordedAt)));
    }
    for (const clock of plan.open) {
      const computed = deadlineAndWarning(regulation, clock, calendar);
      if (!computed.ok) {
        counters.deadlineErrors += 1;
        logger.error({ event: 'sla.deadline_failed', incidentId, stage: clock.stage, code: computed.error.code, reason: computed.error.message }, 'no deadline for a stage clock');
        continue;
      }
      facts.push(factOf(clock, region, computed.value.deadline, { incidentId }, now.toISOString()));
      if (regulation.profile.stages[clock.stage]?.kind !== 'window') {
        marks.push({ factId: clock.factId, region, warnAt: computed.value.warnAt, isWarned: false, recordedAt: now });
      }
      counters.opened += 1;
    }

    await writeFacts(store, facts);
    await writeWarningMarks(store, marks);
    await saveState(store, transition.value.state, (stored?.version ?? 0) + 1);
    await updateIncidentRow(store, transition.value.state, new Date(event.at), now);
    await recordEvent(store, event);
    await publishAlerts(alerts, now);
  }

  async function handleOutageEvent(message: IncomingMessage<IncidentEvent>): Promise<void> {
    const event = message.value;
    const regulation = regulations.get(event.region);
    if (!regulation) return deadLetter(message, `NO_PROFILE: no regulation profile for region ${event.region}`);
    if (await isEventRecorded(store, event.incidentId, event.eventId)) {
      counters.replayed += 1;
      return;
    }
    const now = clock.now();
    const list = outages.get(event.region) ?? [];
    const at = new Date(event.at);
    if (event.type === 'outage_started') {
      if (list.some((o) => o.to === null)) return deadLetter(message, `OUTAGE_IN_PROGRESS: region ${event.region} already has an outage in progress`);
      const outage = { outageId: event.eventId, from: at, to: null };
      await writeOutage(store, event.region, outage, now);
      outages.set(event.region, [...list, outage]);
      await recordEvent(store, event);
      logger.info({ event: 'sla.outage_started', region: event.region, at: event.at }, 'outage declared: clocks of the region paused');
      return;
    }
    const current = list.find((o) => o.to === null);
    if (!current) return deadLetter(message, `NO_OUTAGE_IN_PROGRESS: outage_ended for region ${event.region} without a declared outage`);
    if (at.getTime() < current.from.getTime()) return deadLetter(message, 'OUTAGE_ENDS_BEFORE_START: outage_ended is earlier than its start');
    const ended = { ...current, to: at };
    await writeOutage(store, event.region, ended, now);
    outages.set(event.region, list.map((o) => (o === current ? ended : o)));
    // Convention 6: every open clock of the region is paused for the outage, so its deadline moves later.
    const calendar = calendarOf(regulation, now);
    const facts: SlaFact[] = [];
    const marks: Parameters<typeof writeWarningMarks>[1][number][] = [];
    for (const previous of await openFactsOfRegion(store, event.region)) {
      if (previous.status !== 'open' || new Date(previous.deadlineAt).getTime() < ended.from.getTime()) continue;
      const clock = toOpenClock(previous);
      const computed = deadlineAndWarning(regulation, clock, calendar);
      if (!computed.ok) continue;
      const recordedAt = recordedAfter(now, previous.recordedAt);
      facts.push(factOf(clock, regulation.profile.region, computed.value.deadline, { incidentId: previous.incidentId }, recordedAt));
      if (previous.warnAt !== undefined && previous.warnAt !== null) {
        marks.push({ factId: clock.factId, region: regulation.profile.region, warnAt: computed.value.warnAt, isWarned: previous.isWarned ?? false, recordedAt: new Date(recordedAt) });
      }
    }
    await writeFacts(store, facts);
    await writeWarningMarks(store, marks);
    await recordEvent(store, event);
    logger.info({ event: 'sla.outage_ended', region: event.region, at: event.at, moved: facts.length }, 'outage ended: open deadlines moved');
  }

  async function tick(): Promise<TickResult> {
    const now = clock.now();
    const result: TickResult = { warnings: 0, breaches: 0, lapsed: 0, paused: 0 };
    for (const fact of await dueFacts(store, now)) {
      const regulation = regulations.get(fact.region);
      if (!regulation) continue;
      if (isPaused(fact.region, now)) {
        result.paused += 1;
        continue;
      }
      const calendar = calendarOf(regulation, now);
      const deadline = new Date(fact.deadlineAt);
      const clock = toOpenClock(fact);
      const recordedAt = recordedAfter(now, fact.recordedAt);
      if (deadline.getTime() <= now.getTime()) {
        if (regulation.profile.stages[fact.stage]?.kind === 'window') {
          // A return window that lapsed unused: nothing was late.
          await writeFacts(store, [factOf(clock, fact.region, deadline, { incidentId: fact.incidentId, status: 'met', doneAt: deadline.toISOString() }, recordedAt)]);
          result.lapsed += 1;
          continue;
        }
        const overdue = overdueMinutes(fact.stage, deadline, now, regulation.profile, calendar);
        const breached = factOf(clock, fact.region, deadline, {
          incidentId: fact.incidentId, status: 'breached', overdueWorkingMinutes: overdue.ok ? overdue.value : 0,
        }, recordedAt);
        // Publish first, then mark: a crash in between repeats the alert with the same alertId, never loses it.
        await publishAlerts([alertOf('deadline_breach', breached, calendar, now)], now);
        await writeFacts(store, [breached]);
        result.breaches += 1;
        counters.breaches += 1;
        continue;
      }
      await publishAlerts([alertOf('deadline_warning', fact, calendar, now)], now);
      await writeWarningMarks(store, [{ factId: fact.factId, region: fact.region, warnAt: fact.warnAt ?? now, isWarned: true, recordedAt: new Date(recordedAt) }]);
      result.warnings += 1;
      counters.warnings += 1;
    }
    lastTickAt = now.toISOString();
    return result;
  }

  return {
    name: 'sla-watch',
    async start() {
      state = 'starting';
      try {
        outages = await loadOutages(store);
        subscription = await bus.subscribe({
          topic: Topics.incidentEvents,
          groupId: config.groupId,
          schema: IncidentEvent,
          handler: (message) => serial(() => (message.value.type === 'outage_started' || message.value.type === 'outage_ended'
            ? handleOutageEvent(message)
            : handleIncidentEvent(message))),
        });
        if (config.tickIntervalMs > 0) {
          timer = setInterval(() => {
            serial(tick).catch((error: unknown) => logger.error({ event: 'sla.tick_failed', err: error }, 'deadline check failed'));
          }, config.tickIntervalMs);
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
      await chain;
      state = 'stopped';
    },
    health(): ServiceHealth {
      return {
        state,
        counters: { ...counters },
        details: {
          lastTickAt,
          regions: [...regulations.keys()],
          outagesInProgress: [...outages.entries()].filter(([, list]) => list.some((o) => o.to === null)).map(([region]) => region),
        },
      };
    },
    tick: () => serial(tick),
  };
}

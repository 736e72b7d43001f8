// The incident queue, one incident's page, workflow actions, curator corrections and the draft checklist.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AuthorityCode, Importance, IncidentEvent, LocationCode, SourceFamily, TopicCode, Topics, type IncidentEventType } from '@cur/shared/contracts/index';
import { canApply } from '@cur/sla-watch/core/lifecycle';
import type { Principal } from '../auth/users';
import { clientOf, requireUser, type ConsoleContext } from '../context';
import { checkDraft, wordsToSpellCheck, type DraftChecklist } from '../core/draft-check';
import { uuidFrom } from '../core/event-id';
import { ActionName, availableActions, canSee, checkAction, checkActor, phaseOf, type HistoryEvent } from '../core/workflow';
import { apiError } from '../errors';
import { writeAudit } from '../store/audit';
import { relabelPost, writeCorrections, type Correction } from '../store/corrections';
import { listIncidents, readEvents, readIncident, type IncidentEventRow, type IncidentPage } from '../store/incidents';
import { parseInput } from './parse';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const code = z.string().regex(/^[a-z0-9_]{1,40}$/, 'a code of letters, digits and _');

const QueueQuery = z.object({
  status: code.optional(),
  state: z.enum(['open', 'closed', 'all']).default('open'),
  authority: AuthorityCode.optional(),
  importance: Importance.optional(),
  topic: TopicCode.optional(),
  location: LocationCode.optional(),
  source: SourceFamily.optional(),
  overdue: flag.optional(),
  repeat: flag.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();

const IdParams = z.object({ id: z.string().min(1).max(400) }).strict();
const ActionParams = z.object({ id: z.string().min(1).max(400), action: z.enum(ActionName) }).strict();

const ActionBody = z.object({
  requestId: z.string().min(8).max(100).optional().describe('client-made id of this request: a retry yields the same event'),
  authority: AuthorityCode.optional(),
  coExecutors: z.array(AuthorityCode).max(10).default([]),
  reason: z.string().max(5000).optional(),
  text: z.string().max(50_000).optional(),
}).strict();

const CorrectionBody = z.object({
  requestId: z.string().min(8).max(100).optional(),
  topic: TopicCode.optional(),
  location: LocationCode.optional(),
  importance: Importance.optional(),
  authority: AuthorityCode.optional(),
  comment: z.string().max(2000).default(''),
}).strict();

const DraftBody = z.object({ text: z.string().min(1).max(50_000) }).strict();

type TimelineEvent = IncidentEventRow & { isPending: boolean };

/** Store events plus this console's published events the watcher has not written yet. */
function timelineOf(ctx: ConsoleContext, incidentId: string, stored: IncidentEventRow[]): TimelineEvent[] {
  const known = new Set(stored.map((e) => e.eventId));
  const pending = ctx.pending.of(incidentId, ctx.deps.clock.now().getTime())
    .filter((e) => !known.has(e.eventId))
    .map((e): TimelineEvent => ({
      eventId: e.eventId, type: e.type, at: e.at, actor: e.actor, authority: e.authority, coExecutors: e.coExecutors,
      importance: e.importance, reason: e.reason, text: e.text, isPending: true,
    }));
  return [...stored.map((e) => ({ ...e, isPending: false })), ...pending].sort((a, b) => a.at.localeCompare(b.at));
}

async function loadVisible(ctx: ConsoleContext, user: Principal, incidentId: string): Promise<IncidentPage> {
  const page = await readIncident(ctx.deps.store, incidentId, ctx.deps.clock.now());
  if (!page) throw apiError('NOT_FOUND', `нет инцидента ${incidentId}`);
  if (!canSee(user, page.incident)) throw apiError('FORBIDDEN', 'инцидент другого исполнителя');
  return page;
}

export async function runDraftCheck(ctx: ConsoleContext, postText: string, authorName: string | null, draft: string): Promise<DraftChecklist> {
  const misspellings = await ctx.speller.check(wordsToSpellCheck(draft));
  return checkDraft({ postText, authorName, draft }, misspellings);
}

const lastDraftTypes = new Set<string>(['draft_submitted', 'interim_submitted', 'clarification_requested']);

export function incidentRoutes(ctx: ConsoleContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/incidents', async (request) => {
      const user = requireUser(ctx, request, ['admin', 'curator', 'executor', 'analyst']);
      const q = parseInput(QueueQuery, request.query, 'query');
      const limit = Math.min(q.limit, ctx.config.pageSizeMax);
      const result = await listIncidents(ctx.deps.store, {
        status: q.status, state: q.state, authority: q.authority, importance: q.importance, topic: q.topic, location: q.location,
        source: q.source, isOverdue: q.overdue, isRepeat: q.repeat, text: q.q,
        visibleTo: user.role === 'executor' ? user.authority : undefined, limit, offset: q.offset,
      }, ctx.deps.clock.now());
      return { total: result.total, limit, offset: q.offset, items: result.items, now: ctx.deps.clock.now().toISOString() };
    });

    app.get('/api/incidents/:id', async (request) => {
      const user = requireUser(ctx, request);
      const { id } = parseInput(IdParams, request.params, 'params');
      const page = await loadVisible(ctx, user, id);
      const timeline = timelineOf(ctx, id, page.events);
      const { phase, pendingKind } = phaseOf(timeline, page.incident.status);
      const lastDraft = [...timeline].reverse().find((e) => lastDraftTypes.has(e.type) && e.text);
      const draftCheck = phase === 'in_review' && lastDraft?.text
        ? await runDraftCheck(ctx, page.incident.text, page.post?.authorName ?? null, lastDraft.text)
        : null;
      return {
        ...page,
        events: timeline,
        phase,
        pendingKind,
        actions: availableActions(user, page.incident, timeline),
        draft: lastDraft ? { type: lastDraft.type, text: lastDraft.text, at: lastDraft.at, actor: lastDraft.actor } : null,
        draftCheck,
        now: ctx.deps.clock.now().toISOString(),
      };
    });

    app.post('/api/incidents/:id/actions/:action', async (request, reply) => {
      const user = requireUser(ctx, request, ['admin', 'curator', 'executor', 'analyst']);
      const { id, action } = parseInput(ActionParams, request.params, 'params');
      const body = parseInput(ActionBody, request.body, 'body');
      const page = await loadVisible(ctx, user, id);
      // Who may act comes first: a replayed request id must not answer 202 to someone who may not take the action.
      const actor = checkActor(action, user, page.incident);
      if (!actor.ok) throw apiError(actor.error.code, actor.error.message);
      const timeline = timelineOf(ctx, id, await readEvents(ctx.deps.store, id));
      const requestKey = body.requestId ?? (request.headers['idempotency-key'] as string | undefined)
        ?? uuidFrom(user.id, JSON.stringify(body), String(timeline.length));
      const eventId = uuidFrom('console', id, action, requestKey);
      // A retried request: the event already exists, so answer as the first time did and publish nothing.
      const earlier = timeline.find((e) => e.eventId === eventId);
      if (earlier) {
        reply.code(202);
        return { eventId, type: earlier.type, at: earlier.at, draftCheck: null, isRepeat: true };
      }
      const history: HistoryEvent[] = timeline;
      const check = checkAction(action, user, page.incident, history, body);
      if (!check.ok) throw apiError(check.error.code, check.error.message);
      const event = IncidentEvent.parse({
        schemaVersion: 1,
        eventId,
        incidentId: id,
        region: page.incident.region,
        type: check.eventType,
        at: ctx.deps.clock.now().toISOString(),
        actor: user.id,
        authority: check.authority,
        coExecutors: body.coExecutors,
        importance: null,
        reason: body.reason?.trim() || null,
        text: body.text ?? null,
      });
      await publishEvent(ctx, event);
      await writeAudit(ctx.deps.store, {
        at: ctx.deps.clock.now(), userId: user.id, role: user.role, action: `action.${action}`, incidentId: id, eventId: event.eventId,
        detail: { type: event.type, authority: event.authority, reason: event.reason, textLength: event.text?.length ?? 0 }, client: clientOf(request),
      });
      ctx.counters.actions += 1;
      const checklist = event.text && lastDraftTypes.has(event.type)
        ? await runDraftCheck(ctx, page.incident.text, page.post?.authorName ?? null, event.text)
        : null;
      reply.code(202);
      return { eventId: event.eventId, type: event.type, at: event.at, draftCheck: checklist };
    });

    app.post('/api/incidents/:id/corrections', async (request, reply) => {
      const user = requireUser(ctx, request, ['admin', 'curator']);
      const { id } = parseInput(IdParams, request.params, 'params');
      const body = parseInput(CorrectionBody, request.body, 'body');
      const page = await loadVisible(ctx, user, id);
      const now = ctx.deps.clock.now();
      const requestKey = body.requestId ?? uuidFrom(user.id, JSON.stringify(body), now.toISOString());
      const current = { topic: page.incident.topic, location: page.incident.location, importance: page.incident.importance, authority: page.incident.authority };
      const fields = (['topic', 'location', 'importance', 'authority'] as const).filter((f) => body[f] !== undefined && body[f] !== current[f]);
      if (fields.length === 0) throw apiError('BAD_REQUEST', 'нет изменений: значения совпадают с текущими');
      const history = timelineOf(ctx, id, page.events);
      const { phase } = phaseOf(history, page.incident.status);
      if (phase === 'closed' && (fields.includes('authority') || fields.includes('importance'))) {
        throw apiError('INVALID_TRANSITION', 'инцидент закрыт: исполнителя и важность менять нельзя');
      }
      if (fields.includes('authority') && !canApply(phase, phase === 'created' ? 'routed' : 'rerouted')) {
        throw apiError('INVALID_TRANSITION', `исполнителя нельзя сменить в состоянии ${phase}; сначала верните проект на доработку`);
      }
      const corrections: Correction[] = fields.map((field) => ({
        correctionId: uuidFrom('correction', id, field, requestKey), incidentId: id, postUid: page.incident.postUid, field,
        oldValue: current[field], newValue: body[field] as string, comment: body.comment, userId: user.id, at: now, text: page.incident.text,
      }));
      await writeCorrections(ctx.deps.store, corrections);
      const events: IncidentEvent[] = [];
      const base = { schemaVersion: 1 as const, incidentId: id, region: page.incident.region, at: now.toISOString(), actor: user.id, coExecutors: [] };
      if (body.importance && fields.includes('importance')) {
        events.push(IncidentEvent.parse({ ...base, eventId: uuidFrom('console', id, 'importance', requestKey), type: 'importance_changed', importance: body.importance, reason: body.comment || null }));
      }
      if (body.authority && fields.includes('authority')) {
        const type: IncidentEventType = phase === 'created' ? 'routed' : 'rerouted';
        events.push(IncidentEvent.parse({ ...base, eventId: uuidFrom('console', id, 'authority', requestKey), type, authority: body.authority, coExecutors: page.incident.coExecutors.filter((c) => c !== body.authority), reason: body.comment || null }));
      }
      // Topic and place: the incident shows the correction from now on (the watcher rewrites its row), and so do the
      // post's row and the analytics that count it (relabelPost), besides the feedback row the classifier learns from.
      const topic = fields.includes('topic') ? body.topic : undefined;
      const location = fields.includes('location') ? body.location : undefined;
      if (topic || location) {
        await relabelPost(ctx.deps.store, { uid: page.incident.postUid, region: page.incident.region, publishedAt: page.post?.publishedAt ?? null }, { topic, location });
        events.push(IncidentEvent.parse({
          ...base, eventId: uuidFrom('console', id, 'reclassify', requestKey), type: 'reclassified',
          ...(topic ? { topic } : {}), ...(location ? { location } : {}), reason: body.comment || null,
        }));
      }
      for (const event of events) await publishEvent(ctx, event);
      await writeAudit(ctx.deps.store, {
        at: now, userId: user.id, role: user.role, action: 'correction', incidentId: id, eventId: corrections[0]?.correctionId,
        detail: { fields: Object.fromEntries(fields.map((f) => [f, { from: current[f], to: body[f] }])), comment: body.comment }, client: clientOf(request),
      });
      ctx.counters.corrections += corrections.length;
      reply.code(201);
      return { corrections: corrections.map((c) => ({ field: c.field, oldValue: c.oldValue, newValue: c.newValue })), events: events.map((e) => ({ eventId: e.eventId, type: e.type })) };
    });

    app.post('/api/incidents/:id/draft-check', async (request) => {
      const user = requireUser(ctx, request, ['admin', 'curator', 'executor']);
      const { id } = parseInput(IdParams, request.params, 'params');
      const body = parseInput(DraftBody, request.body, 'body');
      const page = await loadVisible(ctx, user, id);
      return runDraftCheck(ctx, page.incident.text, page.post?.authorName ?? null, body.text);
    });
  };
}

async function publishEvent(ctx: ConsoleContext, event: IncidentEvent): Promise<void> {
  await ctx.deps.bus.publish(Topics.incidentEvents, [{ key: event.incidentId, value: event }]);
  ctx.pending.add(event, ctx.deps.clock.now().getTime());
}

// Workflow actions of the console: who may take each, what event it emits, and from which phase it is allowed.
import type { AuthorityCode, IncidentEventType } from '@cur/shared/contracts/index';
import { canApply, IncidentStatus } from '@cur/sla-watch/core/lifecycle';
import type { ConsoleRole } from '../config';

export const ActionName = [
  'route', 'reroute', 'return', 'receive', 'contribute', 'draft', 'interim', 'clarification',
  'approve', 'rework', 'publish', 'close',
] as const;
export type ActionName = (typeof ActionName)[number];

/** Where an incident stands: the watcher's lifecycle status (services/sla-watch/src/core/lifecycle.ts). */
export type Phase = IncidentStatus;

interface ActionRule {
  roles: readonly ConsoleRole[];
  needs: 'nothing' | 'authority' | 'reason' | 'text';
  title: string;
}

// Regulations "The common process", steps 3-8. Which status each event may follow is the lifecycle's
// `canApply`, the same check the watcher applies, so the console answers 409 before publishing.
export const actionRules: Record<ActionName, ActionRule> = {
  route: { roles: ['admin', 'curator'], needs: 'authority', title: 'Направить исполнителю' },
  reroute: { roles: ['admin', 'curator'], needs: 'authority', title: 'Перенаправить' },
  return: { roles: ['admin', 'executor'], needs: 'reason', title: 'Вернуть (не в компетенции)' },
  receive: { roles: ['admin', 'executor'], needs: 'nothing', title: 'Принять в работу' },
  contribute: { roles: ['admin', 'executor'], needs: 'text', title: 'Отправить вклад соисполнителя' },
  draft: { roles: ['admin', 'curator', 'executor'], needs: 'text', title: 'Отправить проект ответа' },
  interim: { roles: ['admin', 'curator', 'executor'], needs: 'text', title: 'Отправить промежуточный ответ' },
  clarification: { roles: ['admin', 'curator', 'executor'], needs: 'text', title: 'Запросить уточнение у автора' },
  approve: { roles: ['admin', 'curator'], needs: 'nothing', title: 'Согласовать' },
  rework: { roles: ['admin', 'curator'], needs: 'reason', title: 'Вернуть на доработку' },
  publish: { roles: ['admin', 'curator', 'executor'], needs: 'nothing', title: 'Отметить публикацию' },
  close: { roles: ['admin', 'curator'], needs: 'nothing', title: 'Закрыть' },
};

export interface HistoryEvent {
  type: IncidentEventType | string;
  at: string;
}

const isStatus = (s: string | undefined): s is IncidentStatus => IncidentStatus.safeParse(s).success;

/**
 * Replays the history (oldest first) into the lifecycle status. With no history yet (the watcher has not
 * written the router's events), the status column of the incident row stands in.
 */
export function phaseOf(history: readonly HistoryEvent[], rowStatus?: string): { phase: Phase; hasInterim: boolean; pendingKind: 'draft' | 'interim' | 'clarification' | null } {
  let phase: Phase = history.length === 0 && isStatus(rowStatus) ? rowStatus : 'created';
  let hasInterim = phase === 'awaiting_final';
  let pendingKind: 'draft' | 'interim' | 'clarification' | null = null;
  for (const e of history) {
    switch (e.type) {
      case 'created': phase = 'created'; break;
      case 'routed': case 'rerouted': phase = 'routed'; break;
      case 'received': phase = 'received'; break;
      case 'returned': phase = 'returned'; break;
      case 'draft_submitted': phase = 'in_review'; pendingKind = 'draft'; break;
      case 'interim_submitted': phase = 'in_review'; pendingKind = 'interim'; break;
      case 'clarification_requested': phase = 'in_review'; pendingKind = 'clarification'; break;
      case 'rework_requested': phase = 'rework'; break;
      case 'approved': phase = 'approved'; break;
      case 'published':
        if (!hasInterim && (pendingKind === 'interim' || pendingKind === 'clarification')) { phase = 'awaiting_final'; hasInterim = true; } else phase = 'answered';
        pendingKind = null;
        break;
      case 'final_published': phase = 'answered'; pendingKind = null; break;
      case 'closed': phase = 'closed'; break;
      default: break;
    }
  }
  return { phase, hasInterim, pendingKind };
}

export type ActionCheck =
  | { ok: true; eventType: IncidentEventType; authority: AuthorityCode }
  | { ok: false; error: { code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'MISSING_FIELD' | 'BAD_REQUEST'; message: string } };

export interface ActionInput {
  authority?: AuthorityCode | undefined;
  coExecutors?: readonly AuthorityCode[] | undefined;
  reason?: string | undefined;
  text?: string | undefined;
}

export interface Actor {
  role: ConsoleRole;
  authority?: AuthorityCode | undefined;
}

export interface IncidentAccess {
  authority: string;
  coExecutors: readonly string[];
  /** the incident row's status column, used while no event history is stored */
  status?: string;
}

/** May this user see the incident at all? Executors see their own body's incidents and those they contribute to. */
export function canSee(actor: Actor, incident: IncidentAccess): boolean {
  if (actor.role !== 'executor') return true;
  return actor.authority === incident.authority || incident.coExecutors.includes(actor.authority ?? '');
}

/**
 * May this user take the action on this incident at all, whatever its phase? The role must allow it; an executor
 * acts only for the responsible body, except a contribution, which only a co-executor sends (the lifecycle takes
 * contribution_submitted from co-executors only). Checked before anything else, a repeated request included.
 */
export function checkActor(action: ActionName, actor: Actor, incident: IncidentAccess): { ok: true } | { ok: false; error: { code: 'FORBIDDEN'; message: string } } {
  const rule = actionRules[action];
  if (!rule.roles.includes(actor.role)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: `роль ${actor.role} не может выполнить действие «${rule.title}»` } };
  }
  if (actor.role === 'executor') {
    const isResponsible = actor.authority === incident.authority;
    const isCoExecutor = incident.coExecutors.includes(actor.authority ?? '');
    if (action === 'contribute' ? !isCoExecutor : !isResponsible) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: action === 'contribute' ? 'вклад отправляет соисполнитель' : 'сообщение назначено другому исполнителю' },
      };
    }
  }
  return { ok: true };
}

/** Which body the event names: the new one for (re)routing, the contributing co-executor, else the responsible one. */
function authorityOf(action: ActionName, actor: Actor, incident: IncidentAccess, input: ActionInput): { ok: true; authority: AuthorityCode | null } | { ok: false; error: { code: 'FORBIDDEN' | 'BAD_REQUEST' | 'MISSING_FIELD'; message: string } } {
  const takesAuthority = action === 'route' || action === 'reroute' || action === 'contribute';
  if (!takesAuthority && input.authority !== undefined) {
    return { ok: false, error: { code: 'BAD_REQUEST', message: 'body.authority: указывается только для действий route, reroute и contribute' } };
  }
  if (action !== 'route' && action !== 'reroute' && (input.coExecutors?.length ?? 0) > 0) {
    return { ok: false, error: { code: 'BAD_REQUEST', message: 'body.coExecutors: указываются только для действий route и reroute' } };
  }
  if (action === 'route' || action === 'reroute') return { ok: true, authority: input.authority ?? null };
  if (action !== 'contribute') return { ok: true, authority: incident.authority as AuthorityCode };
  if (actor.role === 'executor') {
    // An executor contributes in its own body's name only.
    if (input.authority !== undefined && input.authority !== actor.authority) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'вклад отправляется только от своего органа' } };
    }
    return { ok: true, authority: actor.authority ?? null };
  }
  if (!input.authority) {
    // The form has no authority field for a contribution: with one co-executor there is nothing to choose.
    const only = incident.coExecutors.length === 1 ? incident.coExecutors[0] as AuthorityCode : null;
    return only ? { ok: true, authority: only } : { ok: false, error: { code: 'MISSING_FIELD', message: 'укажите соисполнителя, чей это вклад (authority)' } };
  }
  if (!incident.coExecutors.includes(input.authority)) {
    return { ok: false, error: { code: 'BAD_REQUEST', message: `body.authority: ${input.authority} не соисполнитель этого сообщения` } };
  }
  return { ok: true, authority: input.authority };
}

/** Decides whether the action is allowed now, which event type it emits and which body the event names. */
export function checkAction(action: ActionName, actor: Actor, incident: IncidentAccess, history: readonly HistoryEvent[], input: ActionInput): ActionCheck {
  const rule = actionRules[action];
  const who = checkActor(action, actor, incident);
  if (!who.ok) return who;
  const named = authorityOf(action, actor, incident, input);
  if (!named.ok) return named;
  const { phase, hasInterim } = phaseOf(history, incident.status);
  const eventType = eventTypeOf(action, hasInterim);
  if (!canApply(phase, eventType)) {
    return { ok: false, error: { code: 'INVALID_TRANSITION', message: `действие «${rule.title}» недоступно в состоянии ${phase}` } };
  }
  if (rule.needs === 'authority' && !input.authority) return { ok: false, error: { code: 'MISSING_FIELD', message: 'укажите исполнителя (authority)' } };
  if (rule.needs === 'reason' && !input.reason?.trim()) return { ok: false, error: { code: 'MISSING_FIELD', message: 'укажите причину (reason)' } };
  if (rule.needs === 'text' && !input.text?.trim()) return { ok: false, error: { code: 'MISSING_FIELD', message: 'введите текст (text)' } };
  return { ok: true, eventType, authority: named.authority ?? (input.authority as AuthorityCode) };
}

function eventTypeOf(action: ActionName, hasInterim: boolean): IncidentEventType {
  switch (action) {
    case 'route': return 'routed';
    case 'reroute': return 'rerouted';
    case 'return': return 'returned';
    case 'receive': return 'received';
    case 'contribute': return 'contribution_submitted';
    case 'draft': return 'draft_submitted';
    case 'interim': return 'interim_submitted';
    case 'clarification': return 'clarification_requested';
    case 'approve': return 'approved';
    case 'rework': return 'rework_requested';
    case 'publish': return hasInterim ? 'final_published' : 'published';
    case 'close': return 'closed';
  }
}

/** The actions this user could take now, for the UI's buttons. */
export function availableActions(actor: Actor, incident: IncidentAccess, history: readonly HistoryEvent[]): ActionName[] {
  return ActionName.filter((a) => {
    // The fields a filled-in form would carry: a body for (re)routing, the co-executor of an admin's contribution.
    const authority = actionRules[a].needs === 'authority' ? 'none'
      : a === 'contribute' && actor.role !== 'executor' ? incident.coExecutors[0] as AuthorityCode | undefined : undefined;
    const r = checkAction(a, actor, incident, history, { authority, reason: 'x', text: 'x' });
    return r.ok;
  });
}

// The feed to external incident systems: every new incident and every incident event goes into the durable outbox.
import { Incident, IncidentEvent, Topics } from '@cur/shared/contracts/index';
import type { Subscription } from '@cur/shared/bus/bus';
import type { ServiceDeps } from '@cur/shared/service';
import { uuidFrom } from '../core/event-id';
import { enqueue } from '../store/outbox';

export interface IncidentFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  counters(): { queued: number };
}

export function createIncidentFeed(deps: ServiceDeps, endpoints: readonly string[], groupId = 'console-feed'): IncidentFeed {
  const subscriptions: Subscription[] = [];
  let queued = 0;
  const put = async (kind: string, messageId: string, payload: unknown) => {
    // The offset is committed only after this resolves: the outbox row exists before the bus forgets the message.
    queued += await enqueue(deps.store, endpoints.map((endpoint) => ({
      entryId: uuidFrom('feed', endpoint, kind, messageId), endpoint, kind, idempotencyKey: uuidFrom('feed', kind, messageId), payload: { kind, ...payload as object },
    })), deps.clock.now());
  };
  return {
    async start() {
      if (endpoints.length === 0) return;
      subscriptions.push(await deps.bus.subscribe({
        topic: Topics.incidents, groupId, schema: Incident,
        handler: async (m) => put('incident', m.value.incidentId, { incident: m.value }),
      }));
      subscriptions.push(await deps.bus.subscribe({
        topic: Topics.incidentEvents, groupId, schema: IncidentEvent,
        handler: async (m) => put('incident_event', m.value.eventId, { event: m.value }),
      }));
    },
    async stop() {
      for (const s of subscriptions.splice(0)) await s.stop();
    },
    counters: () => ({ queued }),
  };
}

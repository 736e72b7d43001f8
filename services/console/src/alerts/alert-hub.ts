// Alerts for people: consumed from the alerts topic, kept for late joiners, pushed to SSE clients and queued for webhooks.
import { Alert, Topics } from '@cur/shared/contracts/index';
import type { Subscription } from '@cur/shared/bus/bus';
import type { ServiceDeps } from '@cur/shared/service';
import { uuidFrom } from '../core/event-id';
import { enqueue } from '../store/outbox';

export interface AlertListener {
  (alert: Alert): void;
}

export interface AlertHub {
  start(): Promise<void>;
  stop(): Promise<void>;
  recent(): Alert[];
  listen(listener: AlertListener): () => void;
  /** Delivers an alert to listeners and webhooks (the bus handler calls it; tests may too). */
  accept(alert: Alert): Promise<void>;
  counters(): { alerts: number; listeners: number };
}

export function createAlertHub(deps: ServiceDeps, options: { webhooks: readonly string[]; webhookKinds: readonly Alert['kind'][]; keep?: number; groupId?: string }): AlertHub {
  const keep = options.keep ?? 200;
  const recent: Alert[] = [];
  const seen = new Set<string>();
  const listeners = new Set<AlertListener>();
  let subscription: Subscription | null = null;
  let alerts = 0;

  const accept = async (alert: Alert): Promise<void> => {
    if (options.webhooks.length > 0 && options.webhookKinds.includes(alert.kind)) {
      // Before fan-out: a crash after the enqueue replays the message, and the enqueue is idempotent by entry id.
      await enqueue(deps.store, options.webhooks.map((endpoint) => ({
        entryId: uuidFrom('alert', endpoint, alert.alertId), endpoint, kind: `alert.${alert.kind}`,
        idempotencyKey: uuidFrom('alert', alert.alertId), payload: alert,
      })), deps.clock.now());
    }
    if (seen.has(alert.alertId)) return;
    seen.add(alert.alertId);
    recent.push(alert);
    alerts += 1;
    while (recent.length > keep) {
      const dropped = recent.shift();
      if (dropped) seen.delete(dropped.alertId);
    }
    for (const listener of listeners) {
      try { listener(alert); } catch (error) { deps.logger.warn({ err: error }, 'alert listener failed'); }
    }
  };

  return {
    async start() {
      subscription = await deps.bus.subscribe({
        topic: Topics.alerts,
        groupId: options.groupId ?? 'console',
        schema: Alert,
        fromBeginning: true,
        handler: async (message) => accept(message.value),
      });
    },
    async stop() {
      await subscription?.stop();
      subscription = null;
      listeners.clear();
    },
    recent: () => [...recent],
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accept,
    counters: () => ({ alerts, listeners: listeners.size }),
  };
}

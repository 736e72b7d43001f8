// Helpers of the Kafka drills: raw producer, consumer-group lag, polling with deadlines.
import { Kafka, logLevel } from 'kafkajs';
import { eventually as waitUntil } from '@cur/shared/testing/eventually';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; throws with `what` at the deadline (drills wait longer: brokers restart). */
export const eventually = (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, intervalMs = 100): Promise<void> =>
  waitUntil(check, what, { timeoutMs, intervalMs });

export function kafkaAdmin(brokers: string) {
  const kafka = new Kafka({ clientId: 'drill-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  return {
    /** Messages of `topic` the group has not committed yet (the whole topic when it committed nothing). */
    async lag(groupId: string, topic: string): Promise<number> {
      await (connected ??= admin.connect());
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      let lag = 0;
      for (const p of ends) {
        const c = Number(committed?.partitions.find((x) => x.partition === p.partition)?.offset ?? -1);
        lag += Number(p.high) - Math.max(c, Number(p.low));
      }
      return lag;
    },
    async committed(groupId: string, topic: string): Promise<number> {
      await (connected ??= admin.connect());
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (committed?.partitions ?? []).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
    },
    close: () => admin.disconnect(),
  };
}

/** Writes raw bytes to a topic (invalid UTF-8, broken JSON): what publish() of JSON values cannot do. */
export async function publishRaw(brokers: string, topic: string, messages: { key: string; value: Buffer | string | null }[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'drill-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

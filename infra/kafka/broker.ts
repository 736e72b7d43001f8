// A local single-node Kafka broker driven from Node (tests, local runs): a thin wrapper over kafka.sh.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

const kafkaScript = fileURLToPath(new URL('./kafka.sh', import.meta.url));

export interface LocalBroker {
  /** "127.0.0.1:<port>" */
  brokers: string;
  dir: string;
  /** Stops the JVM (SIGTERM, then SIGKILL); the data stays in `dir`. */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same data; resolves when an admin client can list topics. */
  restart(): Promise<void>;
  /** Stops it and deletes `dir`. */
  remove(): Promise<void>;
}

function runScript(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [kafkaScript, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`infra/kafka/kafka.sh ${args.join(' ')} failed: ${error.message}\n${stderr.slice(-8_000)}`));
      else resolve(stdout);
    });
  });
}

/** Copies the broker's jars into the cache (a no-op when cached); returns the jar directory. */
export async function fetchKafka(timeoutMs = 15 * 60_000): Promise<string> {
  return (await runScript(['fetch'], timeoutMs)).trim().split('\n').pop() ?? '';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of the broker's own logs in `dir`, for error messages. */
export async function brokerLogTail(dir: string, lines = 40): Promise<string> {
  const parts: string[] = [];
  for (const file of ['format.log', 'kafka.out', 'server.log']) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    if (text.trim()) parts.push(`--- ${file} ---\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`);
  }
  return parts.join('\n');
}

/** Resolves once a kafkajs admin client can list topics on `brokers`; throws at the deadline. */
export async function waitForKafkaAdmin(brokers: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const admin = new Kafka({ clientId: 'broker-check', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      try {
        await admin.connect();
        await admin.listTopics();
        return;
      } catch (error) {
        lastError = error;
        await admin.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw new Error(`the broker at ${brokers} did not answer listTopics within ${timeoutMs} ms: ${(lastError as Error | undefined)?.message ?? 'timeout'}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Fetches the jars if needed and starts a broker on free ports in a new temp dir (or `dir`). Throws with the
 * broker's log tail when it cannot start.
 */
export async function startLocalBroker(options: { dir?: string; readyTimeoutMs?: number } = {}): Promise<LocalBroker> {
  await fetchKafka();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'cur-kafka-')));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const brokers = `127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stop = async () => {
    await runScript(['stop', dir], 60_000);
  };
  const start = async () => {
    try {
      await runScript(['start', dir, String(port), String(controllerPort)], 150_000);
      await waitForKafkaAdmin(brokers, readyTimeoutMs);
    } catch (error) {
      const tail = await brokerLogTail(dir);
      await stop().catch(() => undefined);
      throw new Error(`could not start the Kafka broker in ${dir}: ${(error as Error).message}\n${tail}`);
    }
  };
  try {
    await start();
  } catch (error) {
    if (!options.dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers,
    dir,
    stop,
    restart: start,
    remove: async () => {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// There is no Docker engine here: this reads docker-compose.yml and checks every service would start configured.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DistributedEnv } from '@cur/shared/config/runtime-env';
import { TopicPartitions } from '@cur/shared/contracts/topics';

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}

// Compose substitutes ${VAR:-default} from the shell; with an empty shell the default stands.
const substitute = (value: string | number): string =>
  String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1').replace(/\$\{[A-Z_]+\}/g, '');

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const pipelineServices = ['collector', 'classifier', 'router', 'sla-watch', 'console'];

describe('docker-compose.yml', () => {
  it('has Kafka in KRaft mode, a ClickHouse server and one container per service', () => {
    expect(compose.services.kafka?.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.clickhouse?.image).toMatch(/^clickhouse\/clickhouse-server:/);
    for (const name of pipelineServices) expect(compose.services[name], name).toBeDefined();
  });

  it.each(pipelineServices)('gives %s every variable the distributed runtime requires', (name) => {
    const service = compose.services[name]!;
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, substitute(v)]));
    const parsed = DistributedEnv.safeParse(env);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    expect(service.build?.args?.SERVICE).toBe(name);
    expect(existsSync(`services/${name}/src/main.ts`), `services/${name}/src/main.ts`).toBe(true);
    expect(service.depends_on?.['kafka-init']?.condition).toBe('service_completed_successfully');
  });

  it('gives the console its port and users, and the collector its sources file', () => {
    expect(compose.services.console?.environment?.CONSOLE_PORT).toBeDefined();
    expect(compose.services.console?.environment?.CONSOLE_USERS_FILE).toBeDefined();
    expect(compose.services.collector?.environment?.SOURCES_FILE).toBeDefined();
  });

  it('mounts example files that exist and parse', () => {
    for (const name of pipelineServices) {
      for (const volume of (compose.services[name] as { volumes?: string[] }).volumes ?? []) {
        const host = volume.split(':')[0]!;
        expect(existsSync(host), host).toBe(true);
      }
    }
  });

  it('creates every topic with the partitions the code expects', () => {
    const script = (compose.services['kafka-init'] as { command: string[] }).command.join('\n');
    for (const [topic, partitions] of Object.entries(TopicPartitions)) {
      expect(script).toContain(`${topic}:${partitions}`);
    }
  });
});

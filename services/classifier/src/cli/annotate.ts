// CLI: dev.jsonl-format records on stdin → one label line per post on stdout (labels in the input are ignored).
import { createLogger } from '@cur/shared/logger';
import { defaultClassifierConfig } from '../config';
import { createAnnotator } from '../core/annotate';
import { isEvalRecord, parseJsonLines } from './records';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number> {
  const logger = createLogger({ name: 'annotate' });
  const { records, errors } = parseJsonLines(await readStdin(), isEvalRecord);
  for (const e of errors) logger.error({ line: e.line, err: e.error }, 'skipped an unreadable input line');
  const annotate = createAnnotator(defaultClassifierConfig());
  const out: string[] = [];
  const started = performance.now();
  for (const r of records) out.push(JSON.stringify(annotate(r)));
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
  logger.info({ posts: records.length, ms: Math.round(performance.now() - started) }, 'annotated');
  return errors.length > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`annotate failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 2;
});

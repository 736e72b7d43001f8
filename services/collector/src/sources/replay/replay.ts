// The replay source: a JSON Lines file published record by record; its cursor is the number of lines consumed.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok } from '@cur/shared/result';
import type { ResolvedCommon } from '../source.config';
import { sourceError, type Source, type SourceError } from '../source';
import type { ReplaySource } from './replay.config';
import { replayLineToRawPost } from './replay.parse';

const Cursor = z.object({ file: z.string(), linesDone: z.number().int().nonnegative() });

/** A sources entry that replays `file` (what `--replay FILE` adds). */
export function replaySourceConfig(file: string, options: { id?: string; collectedAt?: 'published' | 'now' } = {}): ReplaySource {
  return { type: 'replay', id: options.id ?? 'replay', file, collectedAt: options.collectedAt ?? 'published', maxRecordsPerPoll: 1000, enabled: true };
}

export function createReplaySource(config: ReplaySource, common: ResolvedCommon): Source {
  const file = resolve(config.file);
  return {
    id: config.id,
    platform: 'replay',
    pollIntervalSec: common.pollIntervalSec,
    async poll(ctx) {
      const parsed = Cursor.safeParse(ctx.cursor);
      // A cursor of another file starts from the top; uids keep a second pass from repeating posts.
      const skip = parsed.success && parsed.data.file === file ? parsed.data.linesDone : 0;
      const collectedAt = config.collectedAt === 'published' ? 'published' : ctx.clock.now().toISOString();
      const posts: RawPost[] = [];
      const warnings: SourceError[] = [];
      let lineNo = 0;
      let more = false;
      try {
        const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
        for await (const line of lines) {
          lineNo += 1;
          if (lineNo <= skip) continue;
          if (posts.length >= config.maxRecordsPerPoll) {
            more = true;
            lineNo -= 1;
            lines.close();
            break;
          }
          const r = replayLineToRawPost(line, lineNo, { sourceId: config.id, region: common.region, collectedAt });
          if (!r.ok) warnings.push(sourceError('SHAPE_CHANGED', `${config.file} ${r.error}`, { scope: 'request' }));
          else if (r.value) posts.push(r.value);
        }
      } catch (error) {
        return err(sourceError('NOT_FOUND', `cannot read replay file ${config.file}: ${(error as Error).message}`, { scope: 'source' }));
      }
      return ok({ posts, cursor: { file, linesDone: Math.max(skip, lineNo) }, warnings, calls: 0, more });
    },
  };
}

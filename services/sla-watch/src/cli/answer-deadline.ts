// One deadline question (a JSON line) in, one answer out: the core of the `deadline` CLI, reusable and testable.
import { z } from 'zod';
import { Importance, RegionCode, StageCode } from '@cur/shared/contracts/index';
import { deadlineFor } from '../core/deadline';
import { formatInZone } from '../core/working-time';
import type { Regulations } from '../regulations';

const OFFSET_AT_END = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

export const DeadlineQuestionLine = z.object({
  id: z.union([z.string(), z.number()]).describe('echoed back'),
  region: RegionCode,
  stage: StageCode,
  importance: Importance,
  start: z.string().datetime({ offset: true }).refine((s) => OFFSET_AT_END.test(s), 'must carry an offset'),
});

export type DeadlineAnswer = { id: string | number | null; deadline: string } | { id: string | number | null; error: string };

/** Answers one line of input (pure apart from the loaded regulations). */
export function answerLine(line: string, regulations: Regulations): DeadlineAnswer {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { id: null, error: 'invalid JSON' };
  }
  const rawId = (data as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  const parsed = DeadlineQuestionLine.safeParse(data);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { id, error: `invalid input: ${why}` };
  }
  const q = parsed.data;
  const regulation = regulations.get(q.region);
  if (!regulation) return { id: q.id, error: `no regulation profile for region ${q.region}` };
  const deadline = deadlineFor(
    { region: q.region, stage: q.stage, importance: q.importance, start: new Date(q.start) },
    regulation.profile,
    regulation.calendar,
  );
  if (!deadline.ok) return { id: q.id, error: `${deadline.error.code}: ${deadline.error.message}` };
  return { id: q.id, deadline: formatInZone(regulation.calendar, deadline.value) };
}

// SLA reports: compliance per body and month, breaches by stage, the monthly summary and the registry of answers; JSON or CSV.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AuthorityCode } from '@cur/shared/contracts/index';
import { clientOf, requireUser, type ConsoleContext } from '../context';
import { toCsv, type CsvCell } from '../core/csv';
import { authorityNames, locationNames, nameOf, stageNames, topicNames } from '../core/labels-ru';
import { writeAudit } from '../store/audit';
import { monthlySummary as slaMonthlySummary } from '@cur/sla-watch/store/reports';
import { answeredRegistry, breachesByStage, compliance, monthlySummary, monthRange } from '../store/reports';
import { parseInput } from './parse';
import type { Principal } from '../auth/users';

const month = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const MonthQuery = z.object({ month: month.optional(), authority: AuthorityCode.optional(), format: z.enum(['json', 'csv']).default('json') }).strict();
const RegistryQuery = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  authority: AuthorityCode.optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
  format: z.enum(['json', 'csv']).default('json'),
}).strict();

const offsetMin: Record<string, number> = { 'Europe/Moscow': 180, 'Europe/Samara': 240, 'Asia/Omsk': 360, 'Asia/Novokuznetsk': 420 };

function monthOf(ctx: ConsoleContext, value: string | undefined): string {
  if (value) return value;
  const local = new Date(ctx.deps.clock.now().getTime() + (offsetMin[ctx.config.timeZone] ?? 180) * 60_000);
  return local.toISOString().slice(0, 7);
}

function previousMonth(m: string): string {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
}

/** Executors see reports of their own body only. */
const scopedAuthority = (user: Principal, asked: string | undefined): string | undefined => (user.role === 'executor' ? user.authority : asked);

async function sendCsv(ctx: ConsoleContext, reply: FastifyReply, user: Principal, clientIp: string, name: string, header: string[], rows: CsvCell[][]) {
  await writeAudit(ctx.deps.store, { at: ctx.deps.clock.now(), userId: user.id, role: user.role, action: 'export.csv', detail: { report: name, rows: rows.length }, client: clientIp });
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  return toCsv(header, rows);
}

export function reportRoutes(ctx: ConsoleContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const roles = ['admin', 'curator', 'analyst', 'executor'] as const;

    app.get('/api/reports/compliance', async (request, reply) => {
      const user = requireUser(ctx, request, roles);
      const q = parseInput(MonthQuery, request.query, 'query');
      const m = monthOf(ctx, q.month);
      const range = monthRange(m, offsetMin[ctx.config.timeZone] ?? 180);
      const authority = scopedAuthority(user, q.authority);
      const rows = await compliance(ctx.deps.store, range, ctx.deps.clock.now(), authority);
      const stages = await breachesByStage(ctx.deps.store, range, authority);
      if (q.format === 'csv') {
        return sendCsv(ctx, reply, user, clientOf(request), `sla-compliance-${m}`,
          ['Месяц', 'Исполнитель', 'Этапов', 'В срок', 'С нарушением', 'Открыто', 'Просрочено открытых', 'Соблюдение, %', 'Средняя просрочка, раб. мин'],
          rows.map((r) => [m, nameOf(authorityNames, r.authority), r.total, r.met, r.breached, r.open, r.overdueOpen, r.compliancePct, r.avgOverdueMin]));
      }
      return { month: m, rows, stages };
    });

    app.get('/api/reports/breaches', async (request, reply) => {
      const user = requireUser(ctx, request, roles);
      const q = parseInput(MonthQuery, request.query, 'query');
      const m = monthOf(ctx, q.month);
      const rows = await breachesByStage(ctx.deps.store, monthRange(m, offsetMin[ctx.config.timeZone] ?? 180), scopedAuthority(user, q.authority));
      if (q.format === 'csv') {
        return sendCsv(ctx, reply, user, clientOf(request), `sla-breaches-${m}`,
          ['Месяц', 'Этап', 'Исполнитель', 'Нарушений', 'Всего', 'Средняя просрочка, раб. мин'],
          rows.map((r) => [m, nameOf(stageNames, r.stage), nameOf(authorityNames, r.authority), r.breached, r.total, r.avgOverdueMin]));
      }
      return { month: m, rows };
    });

    app.get('/api/reports/monthly', async (request, reply) => {
      const user = requireUser(ctx, request, roles);
      const q = parseInput(MonthQuery, request.query, 'query');
      const m = monthOf(ctx, q.month);
      const off = offsetMin[ctx.config.timeZone] ?? 180;
      const rows = await monthlySummary(ctx.deps.store, monthRange(m, off), monthRange(previousMonth(m), off), scopedAuthority(user, q.authority));
      if (q.format === 'csv') {
        return sendCsv(ctx, reply, user, clientOf(request), `monthly-summary-${m}`,
          ['Месяц', 'Исполнитель', 'Сообщений', 'Сообщений в прошлом месяце', 'Критических', 'Отвечено', 'Ответ в срок', 'Ответ с нарушением', 'Своевременность, %', 'Доработок', 'Возвратов'],
          rows.map((r) => [m, nameOf(authorityNames, r.authority), r.incidents, r.incidentsPrevMonth, r.critical, r.answered, r.answerMet, r.answerBreached, r.timelinessPct, r.reworks, r.returns]));
      }
      // The watcher's summary (timeliness per stage, time to answer, dynamics), computed by its own code.
      const sla = await slaMonthlySummary(ctx.deps.store, { region: ctx.config.region, month: m, authority: scopedAuthority(user, q.authority) })
        .catch((error: Error) => ({ ok: false as const, error: { code: 'FAILED', message: error.message } }));
      return { month: m, previousMonth: previousMonth(m), rows, summary: sla.ok ? sla.value : null, summaryError: sla.ok ? null : sla.error.message };
    });

    app.get('/api/reports/registry', async (request, reply) => {
      const user = requireUser(ctx, request, roles);
      const q = parseInput(RegistryQuery, request.query, 'query');
      const to = q.to ? new Date(q.to) : ctx.deps.clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 31 * 86_400_000);
      const rows = await answeredRegistry(ctx.deps.store, from, to, q.limit, scopedAuthority(user, q.authority));
      if (q.format === 'csv') {
        return sendCsv(ctx, reply, user, clientOf(request), `answered-registry-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}`,
          ['№', 'Дата выявления', 'Дата ответа', 'Вид ответа', 'Источник', 'Ссылка', 'Автор', 'Тема', 'Территория', 'Важность', 'Исполнитель', 'Срок ответа', 'В срок', 'Текст ответа'],
          rows.map((r, i) => [i + 1, r.detectedAt, r.answeredAt, r.answerType === 'final_published' ? 'окончательный' : 'ответ', r.source, r.url, r.authorId,
            nameOf(topicNames, r.topic), nameOf(locationNames, r.location), r.importance, nameOf(authorityNames, r.authority), r.answerDeadlineAt,
            r.isOnTime === null ? '' : r.isOnTime ? 'да' : 'нет', r.answerText]));
      }
      return { from: from.toISOString(), to: to.toISOString(), rows };
    });
  };
}

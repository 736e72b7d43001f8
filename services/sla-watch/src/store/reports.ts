// Report queries over incident_events and sla_facts (server-side parameters only), reused by the console.
import type { RegionCode, StageCode } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import type { Store } from '@cur/shared/store/clickhouse';
import { buildMonthlySummary, monthRange, type MonthlySummary, type SummaryEvent, type SummaryFact } from '../core/monthly-summary';
import { loadRegulations, type Regulations } from '../regulations';
import { fromChTime, toChTime } from './sla-facts';

export interface MonthlySummaryQuery { region: RegionCode; month: string; authority?: string | undefined }
export interface ReportError { code: 'BAD_MONTH' | 'NO_PROFILE'; retriable: false; message: string }

let cached: Regulations | null = null;

/** Every event of the incidents active in the month or the month before, and the stage clocks due then. */
export async function monthlySummary(store: Store, query: MonthlySummaryQuery, regulations?: Regulations): Promise<Result<MonthlySummary, ReportError>> {
  const regs = regulations ?? (cached ??= loadRegulations());
  const regulation = regs.get(query.region);
  if (!regulation) return err({ code: 'NO_PROFILE', retriable: false, message: `no regulation profile for region ${query.region}` });
  const range = monthRange(query.month, regulation.calendar.zone);
  if (!range.ok) return range;
  const params = { region: query.region, from: toChTime(range.value.prevFrom), to: toChTime(range.value.to) };
  const eventRows = await store.query<{ incident_id: string; type: string; at: string; authority: string }>(`
    SELECT incident_id, type, at, authority FROM incident_events FINAL
    WHERE region = {region:String} AND incident_id IN (
      SELECT DISTINCT incident_id FROM incident_events
      WHERE region = {region:String} AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')})
    ORDER BY at, event_id`, params);
  const factRows = await store.query<{ incident_id: string; authority: string; stage: StageCode; status: SummaryFact['status']; deadline_at: string }>(`
    SELECT incident_id, authority, stage, status, deadline_at FROM sla_facts FINAL
    WHERE region = {region:String} AND deadline_at >= {from:DateTime64(3, 'UTC')} AND deadline_at < {to:DateTime64(3, 'UTC')}`, params);
  const events: SummaryEvent[] = eventRows.map((r) => ({ incidentId: r.incident_id, type: r.type, at: fromChTime(r.at), authority: r.authority || null }));
  const facts: SummaryFact[] = factRows.map((r) => ({ incidentId: r.incident_id, authority: r.authority, stage: r.stage, status: r.status, deadlineAt: fromChTime(r.deadline_at) }));
  return ok(buildMonthlySummary({ region: query.region, range: range.value, events, facts, calendar: regulation.calendar, authority: query.authority }));
}

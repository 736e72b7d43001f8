// SLA reports: compliance per body, breaches by stage, the monthly summary, the registry of answered posts; CSV downloads.
import { api, query } from './api.js';
import { h, field } from './dom.js';
import { dateTime, name } from './format.js';

const pct = (v) => (v === null || v === undefined ? '—' : `${String(v).replace('.', ',')} %`);

function table(id, header, rows) {
  return h('table', { id }, h('thead', {}, h('tr', {}, header.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c ?? '—')))) : h('tr', {}, h('td', { colspan: header.length, class: 'muted' }, 'Нет данных'))));
}

export async function renderReports(view, params) {
  const month = params.get('month') ?? new Date().toISOString().slice(0, 7);
  const monthInput = h('input', { type: 'month', name: 'month', value: month });
  const form = h('form', { class: 'card row', onsubmit: (e) => { e.preventDefault(); location.hash = `#/reports${query({ month: monthInput.value })}`; } },
    field('Месяц', monthInput), h('button', { type: 'submit' }, 'Показать'));
  const [y, m] = month.split('-').map(Number);
  const regFrom = new Date(Date.UTC(y, m - 1, 1) - 3 * 3_600_000).toISOString();
  const regTo = new Date(Date.UTC(y, m, 1) - 3 * 3_600_000).toISOString();
  const [comp, monthly, registry] = await Promise.all([
    api(`/api/reports/compliance${query({ month })}`),
    api(`/api/reports/monthly${query({ month })}`),
    api(`/api/reports/registry${query({ from: regFrom, to: regTo })}`),
  ]);
  const csv = (path, q) => h('a', { href: `${path}${query({ ...q, format: 'csv' })}`, download: '' }, 'Скачать CSV');
  view.replaceChildren(h('h1', {}, `Отчёты за ${month}`), form,
    h('div', { class: 'card' }, h('h2', {}, 'Соблюдение сроков по исполнителям'), csv('/api/reports/compliance', { month }),
      table('compliance-table', ['Исполнитель', 'Этапов', 'В срок', 'С нарушением', 'Открыто', 'Просрочено', 'Соблюдение', 'Средняя просрочка, мин'],
        comp.rows.map((r) => [name('authorities', r.authority), r.total, r.met, r.breached, r.open, r.overdueOpen, pct(r.compliancePct), r.avgOverdueMin]))),
    h('div', { class: 'card' }, h('h2', {}, 'Нарушения по этапам'), csv('/api/reports/breaches', { month }),
      table('breaches-table', ['Этап', 'Исполнитель', 'Нарушений', 'Всего'], comp.stages.filter((s) => s.breached > 0).map((s) => [name('stages', s.stage), name('authorities', s.authority), s.breached, s.total]))),
    h('div', { class: 'card' }, h('h2', {}, 'Ежемесячная сводка'), csv('/api/reports/monthly', { month }),
      table('monthly-table', ['Исполнитель', 'Сообщений', 'Прошлый месяц', 'Критических', 'Отвечено', 'В срок', 'С нарушением', 'Своевременность', 'Доработок', 'Возвратов'],
        monthly.rows.map((r) => [name('authorities', r.authority), r.incidents, r.incidentsPrevMonth, r.critical, r.answered, r.answerMet, r.answerBreached, pct(r.timelinessPct), r.reworks, r.returns]))),
    h('div', { class: 'card' }, h('h2', {}, 'Реестр сообщений, на которые дан ответ'), csv('/api/reports/registry', { from: regFrom, to: regTo }),
      table('registry-table', ['Выявлено', 'Ответ', 'Исполнитель', 'Тема', 'Ссылка', 'В срок'],
        registry.rows.map((r) => [dateTime(r.detectedAt), dateTime(r.answeredAt), name('authorities', r.authority), name('topics', r.topic),
          h('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer' }, 'оригинал'), r.isOnTime === null ? '—' : r.isOnTime ? 'да' : 'нет']))));
}

// Analytics: volume dynamics stacked by a dimension, spikes on the chart and in a list, a table by municipality, top topics.
import { api, query } from './api.js';
import { h, select, field } from './dom.js';
import { dateTime, name, state } from './format.js';
import { stackedBars } from './chart.js';

const dimGroup = { topic: 'topics', location: 'locations', source: 'sources', importance: 'importance', authority: 'authorities' };
const bucketNames = [['5m', '5 минут'], ['hour', 'час'], ['day', 'день'], ['week', 'неделя'], ['month', 'месяц']];
const dimNames = [['topic', 'тема'], ['location', 'территория'], ['source', 'источник'], ['importance', 'важность'], ['authority', 'исполнитель']];

const toLocalInput = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export async function renderDashboard(view, params) {
  const now = new Date();
  const days = Number(params.get('days') ?? 7);
  const to = params.get('to') ? new Date(params.get('to')) : now;
  const from = params.get('from') ? new Date(params.get('from')) : new Date(to.getTime() - days * 86_400_000);
  const bucket = params.get('bucket') ?? (days <= 2 ? 'hour' : 'day');
  const by = params.get('by') ?? 'topic';
  const fromInput = h('input', { type: 'datetime-local', name: 'from', value: toLocalInput(from) });
  const toInput = h('input', { type: 'datetime-local', name: 'to', value: toLocalInput(to) });
  const bucketSel = select('bucket', bucketNames, bucket);
  const bySel = select('by', dimNames, by);
  const form = h('form', { class: 'card row', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/dashboard${query({ from: new Date(fromInput.value).toISOString(), to: new Date(toInput.value).toISOString(), bucket: bucketSel.value, by: bySel.value })}`;
  } }, field('С', fromInput), field('По', toInput), field('Интервал', bucketSel), field('Разрез', bySel), h('button', { type: 'submit' }, 'Показать'));

  const range = { from: from.toISOString(), to: to.toISOString() };
  const [vol, spikes, table, topTopics] = await Promise.all([
    api(`/api/analytics/volume${query({ ...range, bucket, by })}`),
    api(`/api/analytics/spikes${query({ ...range, live: 'true' })}`),
    api(`/api/analytics/table${query({ ...range, rows: 'location', columns: 'topic' })}`),
    api(`/api/analytics/top${query({ ...range, by: 'topic', limit: 10 })}`),
  ]);
  const allSpikes = [...spikes.live, ...spikes.spikes.filter((s) => !spikes.live.some((l) => l.spikeId === s.spikeId))];
  const fmtTick = (iso) => {
    const opts = bucket === 'hour' || bucket === '5m' ? { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' } : { day: '2-digit', month: '2-digit' };
    return new Intl.DateTimeFormat('ru-RU', { timeZone: state.timeZone, ...opts }).format(new Date(iso));
  };
  const chart = stackedBars({
    points: vol.points, labelOf: (k) => name(dimGroup[by], k), formatTick: fmtTick,
    markers: allSpikes.map((s) => ({ at: s.startedAt, title: s.summary })),
  });
  const total = vol.points.reduce((a, p) => a + p.count, 0);

  const spikeList = h('div', { class: 'card', id: 'spikes' }, h('h2', {}, 'Всплески активности'),
    allSpikes.length ? allSpikes.map((s) => h('div', { class: 'spike' }, h('strong', {}, s.summary), h('div', { class: 'muted' }, `Начало: ${dateTime(s.startedAt)} · ${s.severity === 'critical' ? 'критический' : 'предупреждение'}`),
      s.posts ? h('ul', {}, s.posts.slice(0, 5).map((p) => h('li', {}, h('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer' }, dateTime(p.publishedAt)), ' ', p.text.slice(0, 160)))) : null))
      : h('p', { class: 'muted' }, 'Всплесков не обнаружено'));

  const cols = [...new Set(table.cells.map((c) => c.column))].sort();
  const rowsKeys = [...new Set(table.cells.map((c) => c.row))];
  const cell = new Map(table.cells.map((c) => [`${c.row}|${c.column}`, c.count]));
  const rowTotal = (r) => cols.reduce((a, c) => a + (cell.get(`${r}|${c}`) ?? 0), 0);
  rowsKeys.sort((a, b) => rowTotal(b) - rowTotal(a));
  const muni = h('div', { class: 'card', style: 'overflow:auto' }, h('h2', {}, 'По муниципальным образованиям'),
    h('table', { id: 'municipal-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Территория'), cols.map((c) => h('th', { class: 'num' }, name('topics', c))), h('th', { class: 'num' }, 'Всего'))),
      h('tbody', {}, rowsKeys.map((r) => h('tr', {}, h('td', {}, name('locations', r)), cols.map((c) => h('td', { class: 'num' }, cell.get(`${r}|${c}`) ?? '')), h('td', { class: 'num' }, h('strong', {}, rowTotal(r))))))));
  const top = h('div', { class: 'card' }, h('h2', {}, 'Главные темы'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Тема', 'Сообщений', 'Критических', 'Высокой важности'].map((t) => h('th', {}, t)))),
      h('tbody', {}, topTopics.rows.map((r) => h('tr', {}, h('td', {}, name('topics', r.key)), h('td', { class: 'num' }, r.count), h('td', { class: 'num' }, r.critical), h('td', { class: 'num' }, r.high))))));
  view.replaceChildren(h('h1', {}, 'Аналитика'), form,
    h('div', { class: 'card' }, h('h2', {}, `Динамика сообщений: ${total}`), chart),
    h('div', { class: 'grid2' }, h('div', {}, muni), h('div', {}, spikeList, top)));
}

// The incident queue: filters, critical first then the nearest open deadline, paging.
import { api, query } from './api.js';
import { h, select, field } from './dom.js';
import { countdown, dateTime, importanceBadge, name, state } from './format.js';

const pageSize = 50;

export async function renderQueue(view, params) {
  const f = Object.fromEntries(params.entries());
  const offset = Number(f.offset ?? 0);
  const meta = state.meta;
  const opts = (group) => Object.entries(meta[group]);
  const form = h('form', { class: 'card row', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const q = {};
    for (const [k, v] of data.entries()) if (v) q[k] = v;
    location.hash = `#/queue${query(q)}`;
  } },
    field('Состояние', select('state', [['open', 'Открытые'], ['closed', 'Закрытые'], ['all', 'Все']], f.state ?? 'open')),
    field('Важность', select('importance', opts('importance'), f.importance, 'любая')),
    field('Тема', select('topic', opts('topics'), f.topic, 'любая')),
    field('Территория', select('location', opts('locations'), f.location, 'любая')),
    state.user.role === 'executor' ? null : field('Исполнитель', select('authority', opts('authorities'), f.authority, 'любой')),
    field('Источник', select('source', opts('sources'), f.source, 'любой')),
    field('Просрочка', select('overdue', [['true', 'только просроченные'], ['false', 'без просрочки']], f.overdue, 'все')),
    field('Повторные', select('repeat', [['true', 'только повторные'], ['false', 'без повторных']], f.repeat, 'все')),
    field('Поиск по тексту', h('input', { type: 'text', name: 'q', value: f.q ?? '' })),
    h('button', { type: 'submit' }, 'Показать'));

  const data = await api(`/api/incidents${query({ ...f, limit: pageSize, offset })}`);
  const rows = data.items.map((i) => {
    const c = countdown(i.nextDeadlineAt);
    return h('tr', { class: 'clickable', dataset: { id: i.incidentId }, onclick: () => { location.hash = `#/incident/${encodeURIComponent(i.incidentId)}`; } },
      h('td', {}, importanceBadge(i.importance), i.repeatOfIncidentId ? h('div', { class: 'muted' }, 'повторное') : null),
      h('td', {}, i.nextDeadlineAt ? h('span', { class: c.cls, dataset: { deadline: i.nextDeadlineAt } }, c.text) : h('span', { class: 'muted' }, 'нет открытых сроков'),
        i.nextStage ? h('div', { class: 'muted' }, name('stages', i.nextStage)) : null),
      h('td', {}, name('topics', i.topic), h('div', { class: 'muted' }, name('locations', i.location))),
      h('td', {}, name('authorities', i.authority)),
      h('td', {}, h('span', { class: 'badge' }, name('statuses', i.status))),
      h('td', {}, h('div', { class: 'snippet' }, i.text)),
      h('td', {}, dateTime(i.detectedAt), h('div', { class: 'muted' }, name('sources', i.source))));
  });
  const table = h('table', { id: 'queue-table' },
    h('thead', {}, h('tr', {}, ['Важность', 'Срок', 'Тема / территория', 'Исполнитель', 'Статус', 'Сообщение', 'Выявлено'].map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'Нет сообщений по этим условиям'))));
  const go = (o) => { location.hash = `#/queue${query({ ...f, offset: o })}`; };
  const pager = h('div', { class: 'pager' },
    h('button', { class: 'secondary', disabled: offset === 0, onclick: () => go(Math.max(0, offset - pageSize)) }, '← Назад'),
    h('span', {}, `${data.total === 0 ? 0 : offset + 1}–${Math.min(offset + pageSize, data.total)} из ${data.total}`),
    h('button', { class: 'secondary', disabled: offset + pageSize >= data.total, onclick: () => go(offset + pageSize) }, 'Вперёд →'));
  view.replaceChildren(h('h1', {}, 'Очередь сообщений'), form, h('div', { class: 'card' }, table, pager));
}

// One incident: the post with a link to the original, classification and evidence, stage clocks, timeline, draft checklist, actions.
import { api, newRequestId } from './api.js';
import { h, select, field } from './dom.js';
import { countdown, dateTime, importanceBadge, name, state } from './format.js';

function checklist(check) {
  if (!check) return null;
  return h('div', { class: 'card', id: 'draft-check' }, h('h2', {}, 'Проверка проекта ответа'),
    h('ul', {}, check.items.map((i) => h('li', { class: `check-${i.status}` }, h('strong', {}, i.title), ': ', i.detail))));
}

function actionForm(incident, action, onDone) {
  const rule = state.meta.actions[action];
  const requestId = newRequestId();
  const controls = [];
  let authority; let coExecutors; let reason; let text;
  if (rule.needs === 'authority') {
    authority = select('authority', Object.entries(state.meta.authorities), incident.authority);
    coExecutors = h('input', { type: 'text', name: 'coExecutors', placeholder: 'коды через запятую, необязательно' });
    controls.push(field('Исполнитель', authority), field('Соисполнители', coExecutors));
  }
  if (rule.needs === 'reason') { reason = h('textarea', { name: 'reason', placeholder: 'Причина' }); controls.push(field('Причина', reason)); }
  if (rule.needs === 'text') { text = h('textarea', { name: 'text', placeholder: 'Текст' }); controls.push(field('Текст', text)); }
  const status = h('div', { class: 'muted' });
  const button = h('button', { type: 'submit', class: action === 'close' ? 'danger' : '', dataset: { action } }, rule.title);
  const form = h('form', { class: 'act', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    try {
      const body = { requestId };
      if (authority) body.authority = authority.value;
      if (coExecutors?.value.trim()) body.coExecutors = coExecutors.value.split(',').map((s) => s.trim()).filter(Boolean);
      if (reason) body.reason = reason.value;
      if (text) body.text = text.value;
      const result = await api(`/api/incidents/${encodeURIComponent(incident.incidentId)}/actions/${action}`, { method: 'POST', body });
      status.textContent = `Отправлено: ${name('events', result.type)}`;
      status.className = 'ok';
      await onDone(result);
    } catch (err) {
      status.textContent = err.message; status.className = 'error'; button.disabled = false;
    }
  } }, controls, button, status);
  return form;
}

function correctionForm(incident, onDone) {
  const topic = select('topic', Object.entries(state.meta.topics), incident.topic);
  const loc = select('location', Object.entries(state.meta.locations), incident.location);
  const imp = select('importance', Object.entries(state.meta.importance), incident.importance);
  const auth = select('authority', Object.entries(state.meta.authorities), incident.authority);
  const comment = h('input', { type: 'text', name: 'comment', placeholder: 'Комментарий' });
  const status = h('div', { class: 'muted' });
  return h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    const body = { requestId: newRequestId(), comment: comment.value };
    if (topic.value !== incident.topic) body.topic = topic.value;
    if (loc.value !== incident.location) body.location = loc.value;
    if (imp.value !== incident.importance) body.importance = imp.value;
    if (auth.value !== incident.authority) body.authority = auth.value;
    try {
      const r = await api(`/api/incidents/${encodeURIComponent(incident.incidentId)}/corrections`, { method: 'POST', body });
      status.textContent = `Исправлено полей: ${r.corrections.length}`; status.className = 'ok';
      await onDone();
    } catch (err) { status.textContent = err.message; status.className = 'error'; }
  } }, h('h2', {}, 'Исправить классификацию'), h('div', { class: 'row' }, field('Тема', topic), field('Территория', loc), field('Важность', imp), field('Исполнитель', auth), field('Комментарий', comment), h('button', { type: 'submit', class: 'secondary' }, 'Сохранить')), status);
}

export async function renderIncident(view, id) {
  const page = await api(`/api/incidents/${encodeURIComponent(id)}`);
  const i = page.incident;
  const reload = () => renderIncident(view, id);
  const post = h('div', { class: 'card' },
    h('div', { class: 'row' }, importanceBadge(i.importance), h('span', { class: 'badge' }, name('statuses', i.status)), h('span', { class: 'muted' }, `Выявлено ${dateTime(i.detectedAt)} · ${name('sources', i.source)}`)),
    h('p', { class: 'post-text' }, i.text),
    h('div', {}, h('a', { href: i.url, target: '_blank', rel: 'noopener noreferrer' }, 'Открыть оригинал'), ' · автор: ', page.post?.authorName ?? i.authorId),
    i.repeatOfIncidentId ? h('div', {}, 'Повторное обращение: ', h('a', { href: `#/incident/${encodeURIComponent(i.repeatOfIncidentId)}` }, i.repeatOfIncidentId)) : null);

  const classification = h('div', { class: 'card' }, h('h2', {}, 'Классификация'),
    h('table', {}, h('tbody', {},
      h('tr', {}, h('th', {}, 'Тема'), h('td', {}, name('topics', i.topic))),
      h('tr', {}, h('th', {}, 'Территория'), h('td', {}, name('locations', i.location))),
      h('tr', {}, h('th', {}, 'Важность'), h('td', {}, name('importance', i.importance))),
      h('tr', {}, h('th', {}, 'Ответственный'), h('td', {}, name('authorities', i.authority))),
      h('tr', {}, h('th', {}, 'Соисполнители'), h('td', {}, i.coExecutors.length ? i.coExecutors.map((c) => name('authorities', c)).join(', ') : '—')))),
    h('h2', {}, 'Обоснование'),
    h('ul', { class: 'evidence' }, (i.evidence ?? []).map((e) => h('li', {}, h('strong', {}, `${e.step}: ${e.value}`),
      e.score !== undefined ? ` (${Number(e.score).toFixed(2)})` : '', e.matched?.length ? ` — ${e.matched.join(', ')}` : '', e.rule ? ` [${e.rule}]` : ''))),
    page.corrections.length ? h('div', {}, h('h2', {}, 'Исправления'), h('ul', {}, page.corrections.map((c) => h('li', {}, `${dateTime(c.at)} ${c.userId}: ${c.field} ${c.oldValue} → ${c.newValue}${c.comment ? ` (${c.comment})` : ''}`)))) : null);

  const clocks = h('div', { class: 'card' }, h('h2', {}, 'Сроки этапов'),
    h('table', { id: 'clocks' }, h('thead', {}, h('tr', {}, ['Этап', 'Исполнитель', 'Начало', 'Срок', 'Статус', 'Осталось'].map((t) => h('th', {}, t)))),
      h('tbody', {}, page.clocks.length ? page.clocks.map((c) => {
        const cd = c.doneAt ? { text: `выполнено ${dateTime(c.doneAt)}`, cls: c.status === 'met' ? 'ok' : 'overdue' } : countdown(c.deadlineAt);
        return h('tr', {}, h('td', {}, name('stages', c.stage)), h('td', {}, name('authorities', c.authority)), h('td', {}, dateTime(c.startedAt)), h('td', {}, dateTime(c.deadlineAt)),
          h('td', {}, { open: 'открыт', met: 'в срок', breached: 'нарушен' }[c.status] ?? c.status),
          h('td', {}, c.doneAt ? h('span', { class: cd.cls }, cd.text) : h('span', { class: cd.cls, dataset: { deadline: c.deadlineAt } }, cd.text)));
      }) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'Сроки ещё не рассчитаны')))));

  const timeline = h('div', { class: 'card' }, h('h2', {}, 'Ход работы'),
    h('ul', { class: 'timeline', id: 'timeline' }, page.events.map((e) => h('li', { class: e.isPending ? 'pending' : '' },
      h('strong', {}, name('events', e.type)), ` · ${dateTime(e.at)} · ${e.actor}`, e.isPending ? h('span', { class: 'muted' }, ' (обрабатывается)') : null,
      e.authority && ['routed', 'rerouted'].includes(e.type) ? h('div', {}, `Исполнитель: ${name('authorities', e.authority)}`) : null,
      e.reason ? h('div', {}, `Причина: ${e.reason}`) : null,
      e.text ? h('div', { class: 'post-text' }, e.text) : null))));

  const draft = page.draft ? h('div', { class: 'card' }, h('h2', {}, `${page.phase === 'in_review' ? 'На согласовании' : 'Последний проект'}: ${name('events', page.draft.type)}`), h('p', { class: 'post-text', id: 'draft-text' }, page.draft.text)) : null;
  const actions = h('div', { class: 'card actions', id: 'actions' }, h('h2', {}, 'Действия'),
    page.actions.length ? page.actions.map((a) => actionForm(i, a, async (result) => {
      await reload();
      if (result.draftCheck) document.getElementById('view').prepend(checklist(result.draftCheck));
    })) : h('p', { class: 'muted' }, 'Нет доступных действий'));
  const canCorrect = state.user.role === 'admin' || state.user.role === 'curator';
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/queue' }, '← К очереди')),
    h('h1', {}, `${name('topics', i.topic)} · ${name('locations', i.location)}`),
    h('div', { class: 'grid2' },
      h('div', {}, post, draft, checklist(page.draftCheck), clocks, timeline),
      h('div', {}, actions, classification)),
    canCorrect ? correctionForm(i, reload) : null);
}

// The single-page console: sign-in, hash routing between views, live alerts over server-sent events.
import { api, ApiError } from './api.js';
import { h, field } from './dom.js';
import { state, tickCountdowns } from './format.js';
import { renderQueue } from './queue.js';
import { renderIncident } from './incident.js';
import { renderDashboard } from './dashboard.js';
import { renderReports } from './reports.js';

const view = document.getElementById('view');
const roleNames = { admin: 'администратор', curator: 'куратор', executor: 'исполнитель', analyst: 'аналитик' };

function renderLogin(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').replaceChildren();
  const error = h('p', { class: 'error' }, message ?? '');
  const login = h('input', { type: 'text', name: 'login', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api('/api/login', { method: 'POST', body: { login: login.value.trim(), password: password.value } });
      await boot();
    } catch (err) { error.textContent = err.message; }
  } }, h('h1', {}, 'Вход в консоль ЦУР'), field('Логин', login), field('Пароль или токен', password), h('button', { type: 'submit' }, 'Войти'), error);
  view.replaceChildren(form);
  login.focus();
}

function showAlert(alert) {
  const box = document.getElementById('alerts');
  const kinds = { critical_post: 'Критическое сообщение', spike: 'Всплеск активности', deadline_warning: 'Срок истекает', deadline_breach: 'Срок нарушен' };
  const close = h('button', { title: 'Закрыть', onclick: () => item.remove() }, '×');
  const item = h('div', { class: `alert ${alert.severity}` }, close, h('strong', {}, kinds[alert.kind] ?? alert.kind), h('div', {}, alert.message),
    alert.incidentId ? h('a', { href: `#/incident/${encodeURIComponent(alert.incidentId)}` }, 'Открыть') : null);
  box.prepend(item);
  while (box.children.length > 5) box.lastElementChild.remove();
  setTimeout(() => item.remove(), 60_000);
}

let events = null;
function listenAlerts() {
  events?.close();
  events = new EventSource('/api/alerts/stream');
  events.addEventListener('alert', (e) => showAlert(JSON.parse(e.data)));
}

async function route() {
  const hash = location.hash || '#/queue';
  const [path, search] = hash.slice(1).split('?');
  const params = new URLSearchParams(search ?? '');
  const parts = path.split('/').filter(Boolean);
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === parts[0] || (parts[0] === 'incident' && a.dataset.view === 'queue'));
  try {
    if (parts[0] === 'incident' && parts[1]) await renderIncident(view, decodeURIComponent(parts.slice(1).join('/')));
    else if (parts[0] === 'dashboard') await renderDashboard(view, params);
    else if (parts[0] === 'reports') await renderReports(view, params);
    else await renderQueue(view, params);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return renderLogin('Сессия истекла; войдите снова');
    view.replaceChildren(h('div', { class: 'card error' }, `Ошибка: ${err.message}`));
  }
}

async function boot() {
  try {
    state.user = (await api('/api/me')).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return renderLogin();
    throw err;
  }
  state.meta = await api('/api/meta');
  state.timeZone = state.meta.timeZone;
  document.getElementById('nav').hidden = false;
  for (const a of document.querySelectorAll('#nav a')) {
    if (state.user.role === 'executor' && a.dataset.view === 'dashboard') a.hidden = true;
    if (state.user.role === 'analyst' && a.dataset.view === 'queue') a.hidden = false;
  }
  const logout = h('button', { onclick: async () => { await api('/api/logout', { method: 'POST', body: {} }); events?.close(); renderLogin(); } }, 'Выйти');
  document.getElementById('who').replaceChildren(h('span', {}, `${state.user.name} (${roleNames[state.user.role] ?? state.user.role})`), logout);
  listenAlerts();
  await route();
}

window.addEventListener('hashchange', () => { if (state.user) route(); });
setInterval(tickCountdowns, 1000);
boot();

// Russian formatting of dates, countdowns and codes.
export const state = { meta: null, user: null, timeZone: 'Europe/Moscow' };

export const name = (group, code) => (state.meta?.[group]?.[code]) ?? code ?? '—';

export function dateTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('ru-RU', { timeZone: state.timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function plural(n, one, few, many) {
  const a = Math.abs(n) % 100; const b = a % 10;
  if (a > 10 && a < 15) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
}

export function duration(ms) {
  const totalMin = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(totalMin / 1440); const hh = Math.floor((totalMin % 1440) / 60); const mm = totalMin % 60;
  if (d > 0) return `${d} д ${hh} ч`;
  if (hh > 0) return `${hh} ч ${mm} мин`;
  if (totalMin > 0) return `${mm} мин`;
  return `${Math.floor(Math.abs(ms) / 1000)} с`;
}

/** Text and CSS class of a countdown to a deadline (calendar time; the server's clocks count working time). */
export function countdown(deadlineIso, nowMs = Date.now()) {
  if (!deadlineIso) return { text: '—', cls: 'muted' };
  const left = new Date(deadlineIso).getTime() - nowMs;
  if (left < 0) return { text: `просрочено на ${duration(left)}`, cls: 'overdue' };
  return { text: `осталось ${duration(left)}`, cls: left < 30 * 60_000 ? 'soon' : 'ok' };
}

/** Keeps every [data-deadline] element's countdown current. */
export function tickCountdowns() {
  for (const el of document.querySelectorAll('[data-deadline]')) {
    const c = countdown(el.dataset.deadline);
    el.textContent = c.text;
    el.className = c.cls;
  }
}

export const importanceBadge = (code) => {
  const el = document.createElement('span');
  el.className = `badge imp-${code}`;
  el.textContent = name('importance', code);
  return el;
};

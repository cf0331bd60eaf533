// Översikt, the start page: everything in the register that needs attention
// today, most urgent first as the core orders it (src/watch/), in the core's
// three groups: passed, due now or simply missing, and coming. Each item
// carries its kind, its document (or round) as a link, the core's reason and
// its day. An item can be snoozed until a day with a note, and shown again.
// The list on a large register runs to thousands: the core counts them all
// and writes out PAGE at a time; "Visa fler" asks it for the next PAGE.

import * as api from '../api.js';
import {
  h, formatDate, errorBanner, clearFieldErrors, showFormError, notice,
} from '../dom.js';
import { refresh } from '../router.js';
import { formDialog } from './dialogs.js';
import { takeNotice, setNotice } from '../context.js';

/** Items drawn at first, and added by each "Visa fler". */
export const PAGE = 100;
/** The horizons a validity end is watched over, in months. */
const HORIZONS = [6, 12, 24];
/** Days a snooze lasts unless the user chooses. */
const DEFAULT_SNOOZE_DAYS = 14;

let horizonMonths = 12;
let showSnoozed = false;

/** A count as Swedish writes it: "8 465". */
function number(n) {
  return Number(n).toLocaleString('sv-SE');
}

/** "1 punkt", "3 punkter". */
function itemsText(n) {
  return `${number(n)} ${n === 1 ? 'punkt' : 'punkter'} att åtgärda`;
}

/** "1 uppskjuten", "3 uppskjutna". */
function snoozedText(n) {
  return `${number(n)} ${n === 1 ? 'uppskjuten' : 'uppskjutna'}`;
}

/** `YYYY-MM-DD` `days` after `iso` (a `YYYY-MM-DD` day), by the calendar. */
function addDays(iso, days) {
  const [y, m, d] = String(iso).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** The page of the list from `offset`. */
function fetchPage(offset) {
  return api.attention({
    horizonMonths, includeSnoozed: showSnoozed, offset, limit: PAGE,
  });
}

export async function render() {
  const attention = await fetchPage(0);
  const message = takeNotice();

  const horizon = h('select', { id: 'overview-horizon', name: 'horizon' },
    HORIZONS.map((months) => h('option', { value: String(months), text: `${months} månader` })));
  horizon.value = String(horizonMonths);
  horizon.addEventListener('change', () => {
    horizonMonths = Number(horizon.value);
    refresh();
  });

  const toggle = h('input', { type: 'checkbox', id: 'overview-show-snoozed' });
  toggle.checked = showSnoozed;
  toggle.addEventListener('change', () => {
    showSnoozed = toggle.checked;
    refresh();
  });

  const list = h('div', { class: 'attention-groups', id: 'attention-list' });
  const more = h('button', { type: 'button', class: 'button', id: 'overview-more' });
  const moreRow = h('div', { class: 'button-row' }, more);
  const groups = new Map();
  let drawn = 0;
  const draw = (page) => {
    for (const item of page.items) {
      if (!groups.has(item.group)) {
        const group = page.groups.find((g) => g.group === item.group);
        const headingId = `attention-${item.group}-heading`;
        const ul = h('ul', { class: 'attention-list' });
        list.append(h('section', { class: ['attention-group', `attention-${item.group}`], id: `attention-${item.group}`, 'aria-labelledby': headingId },
          h('h2', { class: 'panel-title', id: headingId },
            group.title,
            h('span', { class: 'attention-group-count', text: ` (${number(group.count)})` })),
          h('p', { class: 'muted', text: group.intro }),
          ul));
        groups.set(item.group, ul);
      }
      groups.get(item.group).append(itemRow(item, page.today));
    }
    drawn += page.items.length;
    const left = page.total - drawn;
    more.textContent = `Visa fler (${number(Math.min(left, PAGE))} av ${number(left)} till)`;
    moreRow.hidden = left <= 0;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      draw(await fetchPage(drawn));
    } catch (error) {
      moreRow.append(errorBanner(error, 'Fler punkter kunde inte visas.'));
    } finally {
      more.disabled = false;
    }
  });
  draw(attention);

  const counts = h('p', { class: 'attention-counts', id: 'overview-count' },
    h('strong', { text: itemsText(attention.active) }),
    attention.snoozed > 0 ? ` · ${snoozedText(attention.snoozed)}` : null);

  return h('section', { class: 'view', id: 'overview-view' },
    h('div', { class: 'view-header' }, h('h1', { class: 'view-title', text: 'Översikt' })),
    message ? notice(message) : null,
    h('p', { class: 'panel-intro', text: `Det som behöver åtgärdas i registret i dag (${formatDate(attention.today)}), det mest brådskande först.` }),
    h('div', { class: 'attention-controls' },
      h('div', { class: 'field field-inline' },
        h('label', { for: 'overview-horizon', text: 'Bevaka giltighetstider' }),
        horizon),
      h('div', { class: 'check' }, toggle,
        h('label', { for: 'overview-show-snoozed', text: 'Visa uppskjutna punkter' }))),
    counts,
    attention.total
      ? list
      : h('p', { class: 'empty-state', id: 'overview-empty', text: 'Inget behöver åtgärdas just nu.' }),
    moreRow);
}

/** One item: its kind, what it is about (a link), the reason, its day and buttons. */
function itemRow(item, today) {
  const snoozed = item.snoozed;
  const subject = item.document_title
    ? h('a', { class: 'attention-link', href: item.link, text: item.document_title })
    : null;
  const action = snoozed
    ? h('button', {
      type: 'button',
      class: 'button button-small',
      text: 'Visa igen',
      'aria-label': `Visa igen: ${item.kind_name}${item.document_title ? ` – ${item.document_title}` : ''}`,
      on: { click: (event) => unsnooze(item, event.currentTarget) },
    })
    : h('button', {
      type: 'button',
      class: 'button button-small',
      text: 'Skjut upp …',
      'aria-label': `Skjut upp: ${item.kind_name}${item.document_title ? ` – ${item.document_title}` : ''}`,
      on: { click: () => snoozeDialog(item, today) },
    });
  return h('li', { class: ['attention-item', snoozed ? 'is-snoozed' : null], dataset: { key: item.key, kind: item.kind } },
    h('div', { class: 'attention-main' },
      h('p', { class: 'attention-kind' },
        h('strong', { text: item.kind_name }),
        item.due ? h('span', { class: 'attention-due', text: ` · ${formatDate(item.due)}` }) : null),
      subject ? h('p', { class: 'attention-subject' }, subject) : null,
      h('p', { class: 'attention-reason', text: item.reason }),
      snoozed
        ? h('p', { class: 'attention-snoozed' },
          h('strong', { text: `Uppskjuten till ${formatDate(snoozed.until)}` }),
          snoozed.note ? `: ${snoozed.note}` : null)
        : null),
    h('div', { class: 'attention-actions' }, action));
}

async function unsnooze(item, button) {
  button.disabled = true;
  try {
    await api.unsnoozeItem(item.key);
    setNotice(`«${item.kind_name}» visas igen.`);
    await refresh();
  } catch (error) {
    button.disabled = false;
    button.closest('li').append(errorBanner(error, 'Punkten kunde inte visas igen.'));
  }
}

function field(name, label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id, text: label }),
    hint ? h('span', { class: 'hint', id: hintId, text: hint }) : null,
    control);
}

/** "Skjut upp …": until a day (today + 14 unless chosen), with a note. */
function snoozeDialog(item, today) {
  const until = h('input', {
    type: 'text', id: 'snooze-until', name: 'until', placeholder: 'ÅÅÅÅ-MM-DD', autocomplete: 'off',
  });
  until.value = addDays(today, DEFAULT_SNOOZE_DAYS);
  const note = h('textarea', { id: 'snooze-note', name: 'note', rows: '3' });
  const summaryArea = h('div', { class: 'form-summary', id: 'snooze-summary' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'snooze-save', text: 'Skjut upp' });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'snooze-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'snooze-form', novalidate: true },
    h('p', { class: 'dialog-message' },
      h('strong', { text: item.kind_name }),
      item.document_title ? ` – ${item.document_title}` : null),
    h('p', { class: 'muted', text: item.reason }),
    summaryArea,
    field('until', 'Visa igen', until, 'Dagen punkten kommer tillbaka i översikten, ÅÅÅÅ-MM-DD.'),
    field('note', 'Anteckning', note, 'Varför punkten väntar, till exempel vad ni väntar på.'),
    h('div', { class: 'button-row dialog-buttons' }, saveButton, cancelButton));
  const { close } = formDialog({ id: 'snooze-dialog', title: 'Skjut upp punkten', form });
  cancelButton.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    try {
      await api.snoozeItem(item.key, until.value, note.value);
      close();
      setNotice(`«${item.kind_name}» är uppskjuten till ${until.value.trim()}.`);
      await refresh();
    } catch (error) {
      saveButton.disabled = false;
      showFormError(form, summaryArea, error, 'Punkten sköts inte upp.');
    }
  });
}

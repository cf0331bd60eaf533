// One round: every recipient in Swedish order with its status, one click
// to tick off an answer today, declining, reminders, undo; the progress bar;
// after the deadline the missing answers stand out.

import * as api from '../api.js';
import { ctx } from '../context.js';
import { h, fill, formatDate, errorBanner, notice, DASH } from '../dom.js';
import { markRendered } from '../router.js';
import { daysText, progressBar } from './rounds.js';
import { packageSection } from './round-package.js';
import { remindSection } from './round-remind.js';
import { formDialog } from './dialogs.js';

export async function render(route) {
  const status = await api.roundStatus(route.id);
  const container = h('section', { class: 'view', id: 'round-view', dataset: { id: status.id } });
  draw(container, status, null);
  return container;
}

function draw(container, status, error, message = null) {
  const done = status.answered === status.total;
  const late = status.days_left < 0 && !done;
  const rows = status.recipients.map((r) => recipientRow(container, status, r));
  fill(container,
    h('p', { class: 'breadcrumb' },
      h('a', { href: '#/rundor', text: '← Alla rundor' }),
      ' · ',
      h('a', { href: `#/dokument/${status.document_id}`, text: status.document_title })),
    h('div', { class: 'view-header' },
      h('div', {},
        h('p', { class: 'eyebrow', text: `${status.kind_name} · version ${status.version_no}` }),
        h('h1', { class: 'view-title', tabindex: '-1', text: status.subject }))),
    error ? errorBanner(error, 'Markeringen gjordes inte.') : null,
    message ? notice(message) : null,
    h('div', { class: ['panel', 'round-summary', late ? 'is-late' : null] },
      h('dl', { class: 'meta-list meta-list-compact' },
        h('dt', { text: 'Sista svarsdag' }), h('dd', { id: 'round-deadline', text: formatDate(status.deadline) }),
        h('dt', { text: 'Utskick' }), h('dd', { text: status.sent_date ? formatDate(status.sent_date) : 'Förbereds – inte skickad' }),
        h('dt', { text: 'Diarienummer' }), h('dd', { text: status.diarienummer || DASH }),
        h('dt', { text: 'Läge' }), h('dd', { id: 'round-days', text: daysText(status.days_left, done) })),
      progressBar(status.answered, status.total, 'round-progress'),
      late ? h('p', { class: 'late-note', text: `${status.overdue} ${status.overdue === 1 ? 'part har' : 'parter har'} inte svarat trots att sista svarsdag har passerat.` }) : null),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data-table', id: 'recipients-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'Part' }),
          h('th', { scope: 'col', text: 'Status' }),
          h('th', { scope: 'col', text: 'Skickad' }),
          h('th', { scope: 'col', text: 'Påmind' }),
          h('th', { scope: 'col', text: 'Svar' }),
          h('th', { scope: 'col', text: 'Ställning' }),
          h('th', { scope: 'col', text: 'Åtgärder' }))),
        h('tbody', {}, rows))),
    // Below the table, so that their loading never moves the rows under
    // the pointer.
    remindSection(status, async (message) => {
      const next = await api.roundStatus(status.id);
      draw(container, next, null, message);
      markRendered('round');
    }),
    packageSection(status));
}

function recipientRow(container, status, r) {
  const act = async (mark) => {
    try {
      const next = await api.markRound(status.id, r.party_id, mark);
      draw(container, next, null);
      markRendered('round');
      const row = container.querySelector(`tr[data-party="${r.party_id}"] button`);
      if (row) row.focus();
    } catch (error) {
      draw(container, status, error);
    }
  };
  const button = (cls, text, mark, label) => {
    const b = h('button', { type: 'button', class: `button button-small ${cls}`, text, 'aria-label': `${label} – ${r.party_name}` });
    b.addEventListener('click', () => act(mark));
    return b;
  };
  const positions = h('select', { class: 'position-select', 'aria-label': `Ställning – ${r.party_name}` },
    h('option', { value: '', text: r.status === 'svar_inkommet' ? 'Ej angiven' : DASH }),
    ctx.reference.positions.filter((p) => p.code !== 'avstar').map((p) => h('option', { value: p.code, text: p.name })));
  positions.value = r.position || '';
  positions.addEventListener('change', () => act({ kind: 'received', date: r.received_on, position: positions.value || null }));
  const actions = r.status === 'svar_inkommet' || r.status === 'avstar'
    ? [button('mark-undo', 'Ångra', { kind: 'undo' }, 'Ångra svaret')]
    : [
      button('button-primary mark-received', 'Svar inkommet i dag', { kind: 'received' }, 'Svar inkommet i dag'),
      button('mark-declined', 'Avstår', { kind: 'declined' }, 'Avstår'),
      button('mark-reminded', 'Påmind i dag', { kind: 'reminded' }, 'Påmind i dag'),
      r.reminded_on.length ? button('mark-undo', 'Ångra påminnelse', { kind: 'undo' }, 'Ångra påminnelsen') : null,
    ];
  return h('tr', { class: [r.overdue ? 'is-late' : null, `status-${r.status}`], dataset: { party: r.party_id, status: r.status } },
    h('th', { scope: 'row' },
      h('button', { type: 'button', class: 'link-button edit-recipient', text: r.party_name, 'aria-label': `Svar och anteckning – ${r.party_name}`, on: { click: () => editRecipient(container, status, r) } }),
      r.note ? h('span', { class: 'recipient-note', text: r.note }) : null),
    h('td', {}, h('span', { class: `badge badge-${r.status}`, text: r.overdue ? `${r.feedbackname} – sen` : r.feedbackname })),
    h('td', { class: 'nowrap', text: formatDate(r.sent_on) }),
    h('td', { class: 'nowrap', text: r.reminded_on.length ? r.reminded_on.map(formatDate).join(', ') : DASH }),
    h('td', { class: 'nowrap', text: formatDate(r.received_on || r.declined_on) }),
    h('td', {}, r.status === 'svar_inkommet' ? positions : (r.status === 'avstar' ? 'Avstår' : DASH)),
    h('td', {}, h('div', { class: 'button-row button-row-tight' }, actions)));
}

/** Svar och anteckning: the answer's date and position, and a note. */
function editRecipient(container, status, r) {
  const dateInput = h('input', { type: 'text', id: 'recipient-date', name: 'date', placeholder: 'ÅÅÅÅ-MM-DD' });
  dateInput.value = r.received_on || '';
  const position = h('select', { id: 'recipient-position', name: 'position' },
    h('option', { value: '', text: 'Ej angiven' }),
    ctx.reference.positions.filter((p) => p.code !== 'avstar').map((p) => h('option', { value: p.code, text: p.name })));
  position.value = r.position || '';
  const note = h('textarea', { id: 'recipient-note', name: 'note', rows: '4' });
  note.value = r.note || '';
  const feedback = h('div', { class: 'status-area' });
  const save = h('button', { type: 'submit', class: 'button button-primary', id: 'recipient-save', text: 'Spara' });
  const cancel = h('button', { type: 'button', class: 'button', text: 'Avbryt' });
  const form = h('form', { novalidate: true },
    h('div', { class: 'field', dataset: { field: 'date' } },
      h('label', { for: 'recipient-date', text: 'Svar inkommet (datum)' }),
      h('span', { class: 'hint', text: 'Tomt = inget svar registrerat. Skriv som ÅÅÅÅ-MM-DD.' }),
      dateInput),
    h('div', { class: 'field', dataset: { field: 'position' } },
      h('label', { for: 'recipient-position', text: 'Ställning' }),
      position),
    h('div', { class: 'field', dataset: { field: 'note' } },
      h('label', { for: 'recipient-note', text: 'Anteckning' }),
      note),
    feedback,
    h('div', { class: 'button-row' }, save, cancel));
  const { close } = formDialog({ id: 'recipient-dialog', title: `${r.party_name}: svar och anteckning`, form });
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      let next = null;
      if (note.value.trim() !== (r.note || '')) {
        next = await api.markRound(status.id, r.party_id, { kind: 'note', note: note.value });
      }
      const date = dateInput.value.trim();
      if (date && (date !== (r.received_on || '') || position.value !== (r.position || ''))) {
        next = await api.markRound(status.id, r.party_id, { kind: 'received', date, position: position.value || null });
      }
      close();
      draw(container, next || await api.roundStatus(status.id), null);
      markRendered('round');
    } catch (error) {
      feedback.replaceChildren(errorBanner(error, 'Uppgifterna sparades inte.'));
      save.disabled = false;
    }
  });
}

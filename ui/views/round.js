// One round: every recipient in Swedish order with its status, one click
// to tick off an answer today, declining, reminders, undo; the progress bar;
// after the deadline the missing answers stand out. Returned svarsmallar
// are read in here (chosen, or dropped on the view outside a party's row),
// comments that came as a letter are added on the party's row, and the
// compilation is one click away. An adoption round (antagande) records each
// party's decision instead (round-adoption.js): no svarsmallar, comments or
// compilation there, and a dropped protokollsutdrag belongs on a party's row.

import * as api from '../api.js';
import { ctx, labels } from '../context.js';
import { h, fill, formatDate, errorBanner, notice, count, DASH } from '../dom.js';
import { markRendered } from '../router.js';
import { daysText, progressBar } from './rounds.js';
import { packageSection } from './round-package.js';
import { remindSection } from './round-remind.js';
import { formDialog } from './dialogs.js';
import { importDialog } from './round-import.js';
import { commentDialog } from './comment-dialog.js';
import {
  adoptionHeadings, decisionCells, decisionDialog, hasDecided,
} from './round-adoption.js';

let stopDrop = null;

/** The round's comments, per view: for the counts on the rows and the link. */
const commentsOf = new WeakMap();

export async function render(route) {
  const [status, comments] = await Promise.all([api.roundStatus(route.id), loadComments(route.id)]);
  const container = h('section', { class: 'view', id: 'round-view', dataset: { id: status.id } });
  commentsOf.set(container, comments);
  draw(container, status, null);
  listenForDrops(container, status.id, status.kind === 'antagande');
  return container;
}

/** The round's comments, or null when they cannot be fetched (the view still works). */
async function loadComments(roundId) {
  try {
    return (await api.roundComments(roundId)).comments;
  } catch (error) {
    console.warn('Samdok: the comments of the round could not be fetched', error);
    return null;
  }
}

/** Draws the round again from the store, comments included. */
async function redraw(container, roundId, message = null, extra = null) {
  const [status, comments] = await Promise.all([api.roundStatus(roundId), loadComments(roundId)]);
  commentsOf.set(container, comments);
  draw(container, status, null, message, extra);
  markRendered('round');
}

/**
 * Files dropped on a party's row are attached to that party's answer;
 * dropped anywhere else on the round they are read as returned
 * svarsmallar (the import dialog).
 */
async function listenForDrops(container, roundId, adoption) {
  if (stopDrop) stopDrop();
  const rowAt = (position) => {
    if (!position) return null;
    const el = document.elementFromPoint(position.x, position.y);
    return el ? el.closest('#recipients-table tr[data-party]') : null;
  };
  const clear = () => {
    for (const row of container.querySelectorAll('tr.is-drop-target')) row.classList.remove('is-drop-target');
    container.classList.remove('is-drop-zone');
  };
  stopDrop = await api.onFileDrop(async ({ type, paths, position }) => {
    if (!document.body.contains(container)) {
      if (stopDrop) stopDrop();
      stopDrop = null;
      return;
    }
    clear();
    // A dialog is open: the drop is not for the view behind it.
    if (document.querySelector('dialog[open]')) return;
    const row = rowAt(position);
    if (type === 'over') {
      if (row) row.classList.add('is-drop-target');
      else container.classList.add('is-drop-zone');
    }
    if (type !== 'drop' || paths.length === 0) return;
    if (!row && adoption) {
      const out = container.querySelector('#import-read-status');
      if (out) {
        out.replaceChildren(h('div', { class: 'banner banner-warning', role: 'alert' },
          h('p', { text: 'Släpp protokollsutdraget på partens rad i tabellen, så bifogas det till den parten.' })));
      }
      return;
    }
    if (!row) {
      await readForms(container, roundId, () => api.previewAnswerForms(roundId, paths));
      return;
    }
    try {
      const next = await api.attachAnswerPaths(roundId, Number(row.dataset.party), paths);
      draw(container, next, null, `${paths.length === 1 ? 'Filen har' : 'Filerna har'} bifogats till ${row.querySelector('th button').textContent}.`);
    } catch (error) {
      const current = await api.roundStatus(roundId);
      draw(container, current, error);
    }
    markRendered('round');
  });
}

/**
 * Reads returned forms (`read` resolves to their previews) and opens the
 * import dialog; nothing happens when the user cancelled the file dialog.
 */
async function readForms(container, roundId, read) {
  const out = container.querySelector('#import-read-status');
  const button = container.querySelector('#import-forms');
  if (button) button.disabled = true;
  if (out) out.replaceChildren(h('p', { class: 'muted', role: 'status', text: 'Läser svarsmallarna …' }));
  let files;
  try {
    files = await read();
  } catch (error) {
    if (out) out.replaceChildren(errorBanner(error, 'Svarsmallarna kunde inte läsas.'));
    if (button) button.disabled = false;
    return;
  }
  if (out) out.replaceChildren();
  if (button) button.disabled = false;
  if (!files.length) return;
  let recipients = [];
  try {
    recipients = (await api.roundStatus(roundId)).recipients;
  } catch (error) {
    console.warn('Samdok: the round could not be fetched for the import', error);
  }
  importDialog(roundId, files, recipients, async ({ message, failures }) => {
    const extra = failures.length
      ? h('div', { class: 'banner banner-error', role: 'alert', id: 'import-failures' },
        h('p', { class: 'banner-heading', text: failures.length === 1 ? 'En svarsmall registrerades inte:' : `${failures.length} svarsmallar registrerades inte:` }),
        h('ul', {}, failures.map((f) => h('li', { text: `${f.file_name}: ${f.error.message}` }))))
      : null;
    await redraw(container, roundId, message || null, extra);
  });
}

function draw(container, status, error, message = null, extra = null) {
  const adoption = status.kind === 'antagande';
  const done = status.answered === status.total;
  const late = status.days_left < 0 && !done;
  const comments = commentsOf.get(container) || null;
  const rows = status.recipients.map((r) => (adoption
    ? adoptionRow(container, status, r)
    : recipientRow(container, status, r, comments)));
  const importButton = adoption ? null : h('button', { type: 'button', class: 'button', id: 'import-forms', text: 'Läs in svarsmallar …' });
  if (importButton) importButton.addEventListener('click', () => readForms(container, status.id, () => api.chooseAnswerForms(status.id)));
  const waiting = status.total - status.answered;
  const headings = adoption
    ? adoptionHeadings()
    : ['Part', 'Status', 'Skickad', 'Påmind', 'Svar', 'Ställning', 'Åtgärder'];
  fill(container,
    h('p', { class: 'breadcrumb' },
      h('a', { href: '#/rundor', text: '← Alla rundor' }),
      ' · ',
      h('a', { href: `#/dokument/${status.document_id}`, text: status.document_title })),
    h('div', { class: 'view-header' },
      h('div', {},
        h('p', { class: 'eyebrow', text: `${status.kind_name} · version ${status.version_no}` }),
        h('h1', { class: 'view-title', tabindex: '-1', text: status.subject })),
      adoption ? null : h('div', { class: 'button-row round-header-actions' },
        importButton,
        h('a', {
          class: 'button button-primary',
          id: 'open-compilation',
          href: `#/rundor/${status.id}/sammanstallning`,
          text: comments ? `Sammanställning (${count(comments.length, 'synpunkt', 'synpunkter')})` : 'Sammanställning',
        }))),
    h('div', { class: 'status-area', id: 'import-read-status' }),
    error ? errorBanner(error, 'Markeringen gjordes inte.') : null,
    message ? notice(message) : null,
    extra,
    h('div', { class: ['panel', 'round-summary', late ? 'is-late' : null] },
      h('dl', { class: 'meta-list meta-list-compact' },
        h('dt', { text: adoption ? labels().adoption_round_fields.deadline : 'Sista svarsdag' }), h('dd', { id: 'round-deadline', text: formatDate(status.deadline) }),
        h('dt', { text: 'Utskick' }), h('dd', { id: 'round-sent', text: sentText(status) }),
        h('dt', { text: 'Diarienummer' }), h('dd', { text: status.diarienummer || DASH }),
        adoption ? [h('dt', { text: 'Protokollsutdrag till' }), h('dd', { text: status.reply_address || DASH })] : null,
        adoption ? [h('dt', { text: 'Antagande' }), h('dd', { id: 'round-adoption', text: status.adoption_text })] : null,
        h('dt', { text: 'Läge' }), h('dd', { id: 'round-days', text: daysText(status.days_left, done, adoption) })),
      progressBar(status.answered, status.total, 'round-progress', adoption),
      late ? h('p', { class: 'late-note', text: adoption
        ? `${status.overdue} ${status.overdue === 1 ? 'part har' : 'parter har'} inte beslutat trots att sista dag för beslut har passerat.`
        : `${status.overdue} ${status.overdue === 1 ? 'part har' : 'parter har'} inte svarat trots att sista svarsdag har passerat.` }) : null,
      adoption && waiting > 0 && !late
        ? h('p', { class: 'undecided-note', id: 'round-undecided', text: `${waiting} ${waiting === 1 ? 'part har' : 'parter har'} inte beslutat ännu; de är markerade «Väntar på beslut» i tabellen.` })
        : null,
      h('p', { class: 'hint drop-hint', text: adoption
        ? 'Dra en parts protokollsutdrag till partens rad i tabellen, så bifogas det till den parten.'
        : 'Dra ifyllda svarsmallar (.docx) hit för att läsa in dem. Andra filer, som ett protokollsutdrag, dras till partens rad och bifogas.' })),
    h('div', { class: 'table-wrap' },
      h('table', { class: ['data-table', adoption ? 'adoption-table' : null], id: 'recipients-table' },
        h('thead', {}, h('tr', {}, headings.map((text) => h('th', { scope: 'col', text })))),
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

/**
 * When the round went out: its send date, or, for a round sent party by
 * party, how many have it so far.
 */
function sentText(status) {
  if (status.sent_date) return formatDate(status.sent_date);
  const sent = status.recipients.filter((r) => r.sent_on).length;
  if (sent === 0) return 'Förbereds – inte skickad';
  return `Skickad till ${sent} av ${status.total} ${status.total === 1 ? 'part' : 'parter'}`;
}

function recipientRow(container, status, r, comments) {
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
  const addComment = h('button', {
    type: 'button',
    class: 'button button-small add-comment',
    text: 'Lägg till synpunkt …',
    'aria-label': `Lägg till synpunkt – ${r.party_name}`,
    on: { click: () => addCommentDialog(container, status, r) },
  });
  const mine = comments ? comments.filter((c) => c.party_id === r.party_id).length : 0;
  const actions = r.status === 'svar_inkommet' || r.status === 'avstar'
    ? [r.status === 'svar_inkommet' ? addComment : null, button('mark-undo', 'Ångra', { kind: 'undo' }, 'Ångra svaret')]
    : [
      button('button-primary mark-received', 'Svar inkommet i dag', { kind: 'received' }, 'Svar inkommet i dag'),
      button('mark-declined', 'Avstår', { kind: 'declined' }, 'Avstår'),
      button('mark-reminded', 'Påmind i dag', { kind: 'reminded' }, 'Påmind i dag'),
      r.reminded_on.length ? button('mark-undo', 'Ångra påminnelse', { kind: 'undo' }, 'Ångra påminnelsen') : null,
    ];
  return h('tr', { class: [r.overdue ? 'is-late' : null, `status-${r.status}`], dataset: { party: r.party_id, status: r.status } },
    h('th', { scope: 'row' },
      h('button', { type: 'button', class: 'link-button edit-recipient', text: r.party_name, 'aria-label': `Svar och anteckning – ${r.party_name}`, on: { click: () => editRecipient(container, status, r) } }),
      r.note ? h('span', { class: 'recipient-note', text: r.note }) : null,
      r.files.length ? h('span', { class: 'recipient-files', text: `${r.files.length} ${r.files.length === 1 ? 'bifogad fil' : 'bifogade filer'}` }) : null,
      mine ? h('a', { class: 'recipient-comments', href: `#/rundor/${status.id}/sammanstallning`, text: count(mine, 'synpunkt', 'synpunkter') }) : null),
    h('td', {}, h('span', { class: `badge badge-${r.status}`, text: r.overdue ? `${r.status_name} – sen` : r.status_name })),
    h('td', { class: 'nowrap', text: formatDate(r.sent_on) }),
    // Each date whole; a second reminder wraps to its own line.
    h('td', {}, r.reminded_on.length
      ? r.reminded_on.map((d, i) => [i ? ', ' : null, h('span', { class: 'nowrap', text: formatDate(d) })])
      : DASH),
    h('td', { class: 'nowrap', text: formatDate(r.received_on || r.declined_on) }),
    h('td', {}, r.status === 'svar_inkommet' ? positions : (r.status === 'avstar' ? 'Avstår' : DASH)),
    h('td', {}, h('div', { class: 'button-row button-row-tight recipient-actions' }, actions)));
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
  const fileList = h('ul', { class: 'file-list', id: 'recipient-files' });
  const showFiles = (files) => fileList.replaceChildren(...(files.length ? files : [null]).map((f) => (f
    ? h('li', {}, h('button', { type: 'button', class: 'link-button', text: f.file_name, on: { click: () => api.openAnswerFile(f.id).catch((e) => feedback.replaceChildren(errorBanner(e))) } }))
    : h('li', { class: 'muted', text: 'Inga filer bifogade.' }))));
  showFiles(r.files);
  let changedFiles = false;
  const attach = h('button', { type: 'button', class: 'button', id: 'recipient-attach', text: 'Bifoga fil …' });
  attach.addEventListener('click', async () => {
    try {
      const next = await api.attachAnswerFile(status.id, r.party_id);
      if (next) {
        changedFiles = true;
        showFiles(next.recipients.find((x) => x.party_id === r.party_id).files);
      }
    } catch (error) {
      feedback.replaceChildren(errorBanner(error, 'Filen bifogades inte.'));
    }
  });
  const save = h('button', { type: 'submit', class: 'button button-primary', id: 'recipient-save', text: 'Spara' });
  const cancel = h('button', { type: 'button', class: 'button', id: 'recipient-cancel', text: 'Avbryt' });
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
    h('div', { class: 'field' },
      h('span', { class: 'group-label', text: 'Filer (yttrande, protokollsutdrag)' }),
      fileList,
      h('div', { class: 'button-row' }, attach),
      h('span', { class: 'hint', text: 'Du kan också dra filer till partens rad i tabellen.' })),
    feedback,
    h('div', { class: 'button-row' }, save, cancel));
  const { close } = formDialog({
    id: 'recipient-dialog',
    title: `${r.party_name}: svar och anteckning`,
    form,
    onClose: async () => {
      if (changedFiles) {
        draw(container, await api.roundStatus(status.id), null);
        markRendered('round');
      }
    },
  });
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

/** Lägg till synpunkt: a comment that came as a letter or a PDF. */
function addCommentDialog(container, status, r) {
  commentDialog({
    title: `${r.party_name}: lägg till synpunkt`,
    save: (input) => api.addComment(status.id, r.party_id, input),
    onSaved: async () => {
      await redraw(container, status.id, `Synpunkten har lagts till för ${r.party_name}.`);
      const back = container.querySelector(`tr[data-party="${r.party_id}"] .add-comment`);
      if (back) back.focus();
    },
  });
}

/**
 * A party's row in an adoption round: its decision, or «Väntar på beslut»
 * and the button that records it; reminders as in any round.
 */
function adoptionRow(container, status, r) {
  const act = async (mark) => {
    try {
      const next = await api.markRound(status.id, r.party_id, mark);
      draw(container, next, null);
      markRendered('round');
      const back = container.querySelector(`tr[data-party="${r.party_id}"] button`);
      if (back) back.focus();
    } catch (error) {
      draw(container, status, error);
    }
  };
  const button = (cls, text, mark, label) => {
    const b = h('button', { type: 'button', class: `button button-small ${cls}`, text, 'aria-label': `${label} – ${r.party_name}` });
    b.addEventListener('click', () => act(mark));
    return b;
  };
  const open = () => decisionDialog(status, r, {
    onDone: (next, message) => {
      draw(container, next, null, message);
      markRendered('round');
      const back = container.querySelector(`tr[data-party="${r.party_id}"] .edit-recipient`);
      if (back) back.focus();
    },
    onFilesChanged: async (next) => {
      draw(container, next || await api.roundStatus(status.id), null);
      markRendered('round');
    },
  });
  const decided = hasDecided(r);
  const record = h('button', {
    type: 'button',
    class: 'button button-small button-primary mark-decided',
    text: 'Registrera beslut …',
    'aria-label': `Registrera beslut – ${r.party_name}`,
    on: { click: open },
  });
  const actions = decided
    ? [button('mark-undo', 'Ångra', { kind: 'undo' }, 'Ångra beslutet')]
    : [
      // The two everyday actions stay side by side; an undo wraps below.
      h('span', { class: 'action-pair' },
        record,
        button('mark-reminded', 'Påmind i dag', { kind: 'reminded' }, 'Påmind i dag')),
      r.adoption
        ? button('mark-undo', 'Ångra', { kind: 'undo' }, 'Ångra återremitteringen')
        : (r.reminded_on.length ? button('mark-undo', 'Ångra påminnelse', { kind: 'undo' }, 'Ångra påminnelsen') : null),
    ];
  return h('tr', {
    class: [r.overdue ? 'is-late' : null, decided ? null : 'is-undecided', `status-${r.status}`],
    dataset: { party: r.party_id, status: r.status },
  },
  h('th', { scope: 'row' },
    h('button', { type: 'button', class: 'link-button edit-recipient', text: r.party_name, 'aria-label': `Beslut och protokollsutdrag – ${r.party_name}`, on: { click: open } }),
    r.note ? h('span', { class: 'recipient-note', text: r.note }) : null,
    r.files.length ? h('span', { class: 'recipient-files', text: r.files.length === 1 ? `Bifogat: ${r.files[0].file_name}` : `${r.files.length} bifogade filer` }) : null),
  h('td', {}, h('span', { class: `badge badge-${r.status}`, text: r.overdue ? `${r.status_name} – sen` : r.status_name })),
  h('td', { class: 'nowrap', text: formatDate(r.sent_on) }),
  h('td', {}, r.reminded_on.length
    ? r.reminded_on.map((d, i) => [i ? ', ' : null, h('span', { class: 'nowrap', text: formatDate(d) })])
    : DASH),
  decisionCells(r),
  h('td', {}, h('div', { class: 'button-row button-row-tight recipient-actions' }, actions)));
}

// The round view of an adoption round (antagande): each party's decision on
// its row (outcome, deciding body and day, the party's own diarienummer),
// "Registrera beslut …" for a party that has not decided, and the dialog
// that records a decision with its protokollsutdrag. The labels come from
// the core; the deciding bodies are reference data per kind of party.

import * as api from '../api.js';
import { ctx, labels } from '../context.js';
import {
  h, formatDate, errorBanner, clearFieldErrors, showFormError, DASH,
} from '../dom.js';
import { formDialog } from './dialogs.js';

/** Antagen or ej antagen: nothing more is expected from the party. */
export function hasDecided(r) {
  return r.status === 'antagen' || r.status === 'ej_antagen';
}

/** The column headings of an adoption round's recipients table. */
export function adoptionHeadings() {
  const f = labels().decision_fields;
  return ['Part', 'Status', 'Skickad', 'Påmind', 'Beslut', f.their_diarienummer, 'Åtgärder'];
}

/**
 * The cells after Påmind on a party's row: the decision (body and day, or
 * that it is awaited) and the party's diarienummer.
 */
export function decisionCells(r) {
  const a = r.adoption;
  const decision = a
    ? h('td', { class: 'decision-cell' },
      h('span', { class: 'decision-body', text: a.body }),
      ' ',
      h('span', { class: 'nowrap', text: formatDate(a.decided_on) }),
      r.status === 'aterremitterad' ? h('span', { class: 'awaiting', text: 'Väntar på nytt beslut' }) : null)
    : h('td', { class: 'decision-cell' }, h('span', { class: 'awaiting', text: 'Väntar på beslut' }));
  return [
    decision,
    h('td', { class: 'nowrap', text: (a && a.their_diarienummer) || DASH }),
  ];
}

/** The party's kind (kommun or region), from the parties list. */
function partyKind(partyId) {
  const party = ctx.parties.find((p) => p.id === Number(partyId));
  return party ? party.kind : null;
}

/** The deciding bodies a party of this kind has (all of them when unknown). */
function bodiesFor(partyId) {
  const kind = partyKind(partyId);
  const all = ctx.reference.deciding_bodies || [];
  const mine = all.filter((b) => b.kind === kind);
  return mine.length ? mine : all;
}

function field(name, label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id, text: label }),
    hint ? h('span', { class: 'hint', id: hintId, text: hint }) : null,
    control);
}

/**
 * Registrera beslut: the party's decision and its protokollsutdrag.
 * `onDone(status, message)` redraws the round; `onFilesChanged()` when the
 * dialog closes after a file was attached without a decision saved.
 */
export function decisionDialog(status, r, { onDone, onFilesChanged }) {
  const f = labels().decision_fields;
  const a = r.adoption;
  const outcomeGroup = h('div', {
    class: 'field',
    role: 'radiogroup',
    'aria-labelledby': 'decision-outcome-label',
    dataset: { field: 'outcome' },
  },
  h('span', { class: 'group-label', id: 'decision-outcome-label', text: f.outcome }),
  h('div', { class: 'outcome-choices' }, labels().outcomes.map((o) => h('div', { class: 'check' },
    h('input', { type: 'radio', name: 'outcome', id: `decision-outcome-${o.code}`, value: o.code }),
    h('label', { for: `decision-outcome-${o.code}`, text: o.name })))));
  const chosen = outcomeGroup.querySelector(`input[value="${a ? a.outcome : 'antagen'}"]`);
  if (chosen) chosen.checked = true;

  const bodies = bodiesFor(r.party_id);
  const body = h('select', { id: 'decision-body', name: 'body' },
    h('option', { value: '', text: 'Välj organ' }),
    bodies.map((b) => h('option', { value: b.name, text: b.name })));
  body.value = a ? a.body : '';
  const date = h('input', {
    type: 'text', id: 'decision-date', name: 'date', placeholder: 'ÅÅÅÅ-MM-DD', autocomplete: 'off', inputmode: 'numeric',
  });
  date.value = a ? a.decided_on : ((ctx.info && ctx.info.today) || '');
  const dnr = h('input', { type: 'text', id: 'decision-dnr', name: 'their_diarienummer', autocomplete: 'off' });
  dnr.value = a ? a.their_diarienummer : '';
  const note = h('textarea', { id: 'decision-note', name: 'note', rows: '3' });
  note.value = r.note || '';

  const feedback = h('div', { class: 'status-area', id: 'decision-files-status' });
  const fileList = h('ul', { class: 'file-list', id: 'decision-files' });
  const showFiles = (files) => fileList.replaceChildren(...(files.length ? files : [null]).map((file) => (file
    ? h('li', {}, h('button', {
      type: 'button',
      class: 'link-button',
      text: file.file_name,
      on: { click: () => api.openAnswerFile(file.id).catch((e) => feedback.replaceChildren(errorBanner(e))) },
    }))
    : h('li', { class: 'muted', text: 'Inget protokollsutdrag bifogat ännu.' }))));
  showFiles(r.files);
  let changedFiles = false;
  let latest = null;
  const attach = h('button', { type: 'button', class: 'button', id: 'decision-attach', text: 'Bifoga protokollsutdrag …' });
  attach.addEventListener('click', async () => {
    feedback.replaceChildren();
    try {
      const next = await api.attachAnswerFile(status.id, r.party_id);
      if (next) {
        changedFiles = true;
        latest = next;
        const mine = next.recipients.find((x) => x.party_id === r.party_id);
        showFiles(mine ? mine.files : []);
        feedback.replaceChildren(h('p', { class: 'muted', role: 'status', text: 'Filen har bifogats.' }));
      }
    } catch (error) {
      feedback.replaceChildren(errorBanner(error, 'Filen bifogades inte.'));
    }
  });

  const summaryArea = h('div', { class: 'form-summary', id: 'decision-summary' });
  const save = h('button', { type: 'submit', class: 'button button-primary', id: 'decision-save', text: a ? 'Spara beslutet' : 'Registrera beslutet' });
  const cancel = h('button', { type: 'button', class: 'button', id: 'decision-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'decision-form', novalidate: true },
    summaryArea,
    outcomeGroup,
    h('div', { class: 'form-grid' },
      field('body', f.deciding_body, body),
      field('date', f.decided_on, date),
      field('their_diarienummer', f.their_diarienummer, dnr, 'Står i protokollsutdraget; får vara tomt.')),
    h('div', { class: 'field' },
      h('span', { class: 'group-label', text: 'Protokollsutdrag' }),
      fileList,
      h('div', { class: 'button-row' }, attach),
      h('span', { class: 'hint', text: 'Du kan också dra protokollsutdraget till partens rad i tabellen.' }),
      feedback),
    field('note', 'Anteckning', note),
    h('div', { class: 'button-row dialog-buttons' }, save, cancel));
  const { close } = formDialog({
    id: 'decision-dialog',
    title: `${r.party_name}: beslut om antagande`,
    form,
    onClose: () => {
      if (changedFiles && !saved) onFilesChanged(latest);
    },
  });
  let saved = false;
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    const outcome = form.querySelector('[name=outcome]:checked');
    try {
      let next = await api.markRound(status.id, r.party_id, {
        kind: 'decided',
        outcome: outcome ? outcome.value : '',
        body: body.value,
        date: date.value.trim() || null,
        their_diarienummer: dnr.value,
      });
      if (note.value.trim() !== (r.note || '')) {
        next = await api.markRound(status.id, r.party_id, { kind: 'note', note: note.value });
      }
      saved = true;
      close();
      const mine = next.recipients.find((x) => x.party_id === r.party_id);
      onDone(next, mine && mine.adoption
        ? `${r.party_name}: ${mine.adoption.outcome_name.toLowerCase()} av ${mine.adoption.body.toLowerCase()} ${formatDate(mine.adoption.decided_on)}.`
        : null);
    } catch (error) {
      save.disabled = false;
      showFormError(form, summaryArea, error, 'Beslutet registrerades inte.');
    }
  });
}

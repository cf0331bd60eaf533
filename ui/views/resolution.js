// Ställningstagande: the positions forums have taken on the document (forum,
// meeting date, the decision's numbered points, whether all parties are
// recommended to adopt it), and the dialog that records one. The core checks
// the input; its field errors show under the fields, and its refusal while a
// significant change waits for the networks' approval shows above them.

import * as api from '../api.js';
import { ctx } from '../context.js';
import {
  h, fill, formatDate, errorBanner, clearFieldErrors, showFormError,
} from '../dom.js';
import { formDialog, confirmDialog } from './dialogs.js';

/**
 * The section on the document page. `onChanged(message)` runs after a
 * ställningstagande was recorded or removed (the document's stage may have
 * moved), to redraw the page.
 */
export function resolutionSection(detail, onChanged) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Hämtar ställningstaganden …' }));
  const recordButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    id: 'record-resolution',
    text: 'Registrera ställningstagande',
    on: { click: () => resolutionDialog(detail, onChanged) },
  });
  api.listResolutions(detail.id).then((list) => {
    fill(body,
      list.length === 0
        ? h('p', { class: 'muted', id: 'no-resolutions', text: 'Inget ställningstagande är registrerat ännu.' })
        : h('ul', { class: 'resolution-list', id: 'document-resolutions' },
          list.map((r) => resolutionItem(r, onChanged))),
      h('div', { class: 'button-row' }, recordButton));
    body.removeAttribute('aria-busy');
  }).catch((error) => {
    fill(body, errorBanner(error, 'Ställningstagandena kunde inte hämtas.'));
    body.removeAttribute('aria-busy');
  });
  return h('section', { class: 'panel', id: 'resolution-panel', 'aria-labelledby': 'resolution-heading' },
    h('h2', { class: 'panel-title', id: 'resolution-heading', text: 'Ställningstagande' }),
    body);
}

function resolutionItem(r, onChanged) {
  const remove = h('button', {
    type: 'button',
    class: 'link-button',
    id: `remove-resolution-${r.id}`,
    text: 'Ta bort',
    'aria-label': `Ta bort ställningstagandet i ${r.forum} ${formatDate(r.meeting_date)}`,
  });
  remove.addEventListener('click', async () => {
    const result = await confirmDialog({
      id: 'remove-resolution-dialog',
      title: 'Ta bort ställningstagandet?',
      message: `Ställningstagandet i ${r.forum} ${formatDate(r.meeting_date)} tas bort, till exempel om det registrerades av misstag. Dokumentets steg ändras inte.`,
      confirmLabel: 'Ta bort',
      danger: true,
      action: () => api.removeResolution(r.id),
    });
    if (result) await onChanged('Ställningstagandet har tagits bort.');
  });
  return h('li', { class: 'resolution', dataset: { id: r.id } },
    h('p', { class: 'resolution-heading' },
      h('strong', { text: r.forum }),
      ` ${formatDate(r.meeting_date)}`,
      h('span', { class: 'muted', text: ` · version ${r.version_no}` })),
    h('ol', { class: 'resolution-points' }, r.points.map((p) => h('li', { text: p }))),
    r.recommends_adoption
      ? h('p', { class: 'resolution-adoption', text: 'Alla parter rekommenderas att anta dokumentet.' })
      : null,
    h('p', { class: 'resolution-meta muted' },
      `Registrerat av ${r.actor} `, remove));
}

function field(name, label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id, text: label }),
    hint ? h('span', { class: 'hint', id: hintId, text: hint }) : null,
    control);
}

/** The dialog that records a ställningstagande on the document. */
export function resolutionDialog(detail, onChanged) {
  const forum = h('select', { id: 'resolution-forum', name: 'forum' },
    h('option', { value: '', text: 'Välj forum' }),
    ctx.reference.forums.map((f) => h('option', { value: f, text: f })));
  const date = h('input', { type: 'text', id: 'resolution-date', name: 'meeting_date', placeholder: 'ÅÅÅÅ-MM-DD', autocomplete: 'off' });
  const text = h('textarea', { id: 'resolution-text', name: 'text', rows: '8' });
  const adoption = h('input', { type: 'checkbox', id: 'resolution-adoption', name: 'recommends_adoption' });
  adoption.checked = true;
  const summaryArea = h('div', { class: 'form-summary', id: 'resolution-summary' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'resolution-save', text: 'Registrera' });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'resolution-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'resolution-form', novalidate: true },
    summaryArea,
    field('forum', 'Forum', forum),
    field('meeting_date', 'Mötesdatum', date, 'Skriv som ÅÅÅÅ-MM-DD.'),
    field('text', 'Beslut', text, 'En punkt per rad. Numrering som «1.» eller «2)» tas bort; Samdok numrerar punkterna.'),
    h('div', { class: 'field', dataset: { field: 'recommends_adoption' } },
      h('div', { class: 'check' },
        adoption,
        h('label', { for: 'resolution-adoption', text: 'Alla parter rekommenderas att anta dokumentet' }))),
    h('div', { class: 'button-row dialog-buttons' }, saveButton, cancelButton));
  const { close } = formDialog({
    id: 'resolution-dialog',
    title: `Ställningstagande – ${detail.current.title}`,
    form,
  });
  cancelButton.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    try {
      await api.recordResolution(detail.id, {
        forum: forum.value,
        meeting_date: date.value,
        text: text.value,
        recommends_adoption: adoption.checked,
      });
      close();
      await onChanged(`Ställningstagandet i ${forum.value} har registrerats.`);
    } catch (error) {
      saveButton.disabled = false;
      const refusal = error.code === 'invalid' && (error.fields || []).find((f) => f.field === 'reapproval');
      if (refusal) {
        summaryArea.replaceChildren(h('div', {
          class: 'banner banner-warning',
          role: 'alert',
          id: 'resolution-refused',
        }, h('p', { class: 'banner-heading', text: refusal.message })));
      } else {
        showFormError(form, summaryArea, error, 'Ställningstagandet registrerades inte.');
      }
    }
  });
}

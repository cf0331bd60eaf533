// A comment entered or corrected by hand (an answer that came as a letter
// or a PDF): the section it is about, the comment and the proposed change.
// The sections are the template's headings from the core, "Övrigt" last;
// the core checks the input and its field errors show under the fields.

import { ctx } from '../context.js';
import {
  h, clearFieldErrors, showFormError,
} from '../dom.js';
import { formDialog } from './dialogs.js';

/**
 * Opens the dialog. `comment` (to correct) or null (a new one); `save(input)`
 * stores `{ section, text, proposal }` and rejects with the core's error,
 * which is shown in the dialog. `onSaved()` runs after the dialog closed.
 */
export function commentDialog({ title, comment = null, save, onSaved }) {
  const sections = [...(ctx.reference.comment_sections || [])];
  // A section the party named itself is kept as a choice of its own.
  if (comment && comment.section && !sections.includes(comment.section)) sections.push(comment.section);
  const section = h('select', { id: 'comment-section', name: 'section' },
    sections.map((s) => h('option', { value: s, text: s })));
  section.value = comment ? comment.section : sections[sections.length - 1] || '';
  const text = h('textarea', { id: 'comment-text', name: 'text', rows: '5' });
  text.value = comment ? comment.text : '';
  const proposal = h('textarea', { id: 'comment-proposal', name: 'proposal', rows: '4' });
  proposal.value = comment ? comment.proposal : '';
  const summaryArea = h('div', { class: 'form-summary' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'comment-save', text: 'Spara' });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'comment-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'comment-form', novalidate: true },
    summaryArea,
    h('div', { class: 'field', dataset: { field: 'section' } },
      h('label', { for: 'comment-section', text: 'Avsnitt' }),
      h('span', { class: 'hint', id: 'comment-section-hint', text: 'Rubriken i dokumentet som synpunkten gäller.' }),
      section),
    h('div', { class: 'field', dataset: { field: 'text' } },
      h('label', { for: 'comment-text', text: 'Synpunkt' }),
      text),
    h('div', { class: 'field', dataset: { field: 'proposal' } },
      h('label', { for: 'comment-proposal', text: 'Förslag till ändring' }),
      h('span', { class: 'hint', id: 'comment-proposal-hint', text: 'Frivilligt.' }),
      proposal),
    h('div', { class: 'button-row dialog-buttons' }, saveButton, cancelButton));
  section.setAttribute('aria-describedby', 'comment-section-hint');
  proposal.setAttribute('aria-describedby', 'comment-proposal-hint');
  const { close } = formDialog({ id: 'comment-dialog', title, form });
  cancelButton.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    try {
      await save({ section: section.value, text: text.value, proposal: proposal.value });
      close();
      await onSaved();
    } catch (error) {
      saveButton.disabled = false;
      showFormError(form, summaryArea, error, 'Synpunkten sparades inte.');
    }
  });
}

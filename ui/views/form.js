// The document form, for a new document and for editing the current
// version. Input names are the `DocumentInput` field names. Validation is the
// core's: its field errors are shown under the inputs, and what the user
// typed stays in the form.

import * as api from '../api.js';
import {
  ctx, labels, fieldLabel, setNotice,
} from '../context.js';
import {
  h, uid, errorBanner, showFieldErrors, clearFieldErrors, errorSummary,
} from '../dom.js';
import { navigate } from '../router.js';

function textField(name, label, options = {}) {
  const id = `doc-${name}`;
  const hintId = options.hint ? uid('hint') : null;
  const control = options.multiline
    ? h('textarea', { id, name, rows: options.rows || 3 })
    : h('input', {
      type: 'text',
      id,
      name,
      autocomplete: 'off',
      placeholder: options.placeholder || null,
      inputmode: options.inputmode || null,
      list: options.list || null,
      class: options.className || null,
    });
  if (hintId) control.setAttribute('aria-describedby', hintId);
  if (options.required) control.setAttribute('aria-required', 'true');
  return h('div', { class: ['field', options.wide ? 'field-wide' : null], dataset: { field: name } },
    h('label', { for: id },
      label,
      options.required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
    options.hint ? h('span', { class: 'hint', id: hintId, text: options.hint }) : null,
    control);
}

function selectField(name, label, choices, options = {}) {
  const id = `doc-${name}`;
  const control = h('select', { id, name },
    choices.map((c) => h('option', { value: c.value, text: c.label })));
  if (options.required) control.setAttribute('aria-required', 'true');
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id },
      label,
      options.required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
    control);
}

function checkboxGroup(name, label, choices, options = {}) {
  const labelId = uid('group');
  const boxes = choices.map((c) => {
    const id = `doc-${name}-${c.value}`;
    return h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, name, value: String(c.value) }),
      h('label', { for: id, text: c.label }));
  });
  const tools = options.tools || null;
  return h('div', { class: ['field', 'field-wide', 'check-group'], role: 'group', 'aria-labelledby': labelId, dataset: { field: name } },
    h('div', { class: 'check-group-head' },
      h('span', { class: 'group-label', id: labelId, text: label }),
      tools),
    options.hint ? h('span', { class: 'hint', text: options.hint }) : null,
    h('div', { class: ['check-grid', options.gridClass] }, boxes));
}

function fieldset(legend, ...children) {
  return h('fieldset', { class: 'form-section' },
    h('legend', { text: legend }),
    h('div', { class: 'form-grid' }, children));
}

/** Fills the form from a version (editing) or with the defaults (new). */
function fillForm(form, version) {
  const set = (name, value) => {
    const el = form.elements.namedItem(name);
    if (el && !(el instanceof RadioNodeList)) el.value = value === null || value === undefined ? '' : String(value);
  };
  if (!version) {
    set('organisation', 'Region Värmland');
    for (const box of form.querySelectorAll('input[name="parties"]')) box.checked = true;
    return;
  }
  for (const name of ['doc_type', 'title', 'developed_within', 'organisation', 'owner', 'approver',
    'valid_from', 'valid_to', 'prepared_by', 'diarienummer', 'vida_link', 'legal_basis',
    'followup_owner', 'notes']) {
    set(name, version[name]);
  }
  const interval = version.followup_interval_months;
  const intervalSelect = form.elements.namedItem('followup_interval_months');
  if (interval !== null && interval !== undefined
      && ![...intervalSelect.options].some((o) => o.value === String(interval))) {
    // An interval stored outside the usual choices, named by the core.
    intervalSelect.append(h('option', { value: String(interval), text: version.followup_interval_name }));
  }
  set('followup_interval_months', interval);
  const areas = version.areas || [];
  for (const box of form.querySelectorAll('input[name="areas"]')) box.checked = areas.includes(box.value);
  const parties = (version.parties || []).map(String);
  for (const box of form.querySelectorAll('input[name="parties"]')) box.checked = parties.includes(box.value);
}

/** The `DocumentInput` the form holds. */
function readForm(form) {
  const value = (name) => form.elements.namedItem(name).value;
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((b) => b.value);
  const optionalDate = (name) => (value(name).trim() ? value(name).trim() : null);
  const interval = value('followup_interval_months');
  return {
    doc_type: value('doc_type'),
    title: value('title'),
    developed_within: value('developed_within'),
    organisation: value('organisation'),
    owner: value('owner'),
    approver: value('approver'),
    valid_from: optionalDate('valid_from'),
    valid_to: optionalDate('valid_to'),
    areas: checked('areas'),
    prepared_by: value('prepared_by'),
    parties: checked('parties').map(Number),
    diarienummer: value('diarienummer'),
    vida_link: value('vida_link'),
    legal_basis: value('legal_basis'),
    followup_interval_months: interval === '' ? null : Number(interval),
    followup_owner: value('followup_owner'),
    notes: value('notes'),
  };
}

export async function render(route) {
  const editing = route.id !== null && route.id !== undefined;
  const detail = editing ? await api.getDocument(route.id) : null;
  const version = detail ? detail.current : null;

  const forumsId = 'forums-list';
  const forums = h('datalist', { id: forumsId }, ctx.reference.forums.map((f) => h('option', { value: f })));

  const partyTools = h('span', { class: 'group-tools' },
    h('button', { type: 'button', class: 'link-button', id: 'parties-all', text: 'Markera alla' }),
    h('button', { type: 'button', class: 'link-button', id: 'parties-none', text: 'Avmarkera alla' }));

  const dateHint = 'Skriv som ÅÅÅÅ-MM-DD';
  const summaryArea = h('div', { class: 'form-summary' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'save-document', text: 'Spara' });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'cancel-document', text: 'Avbryt' });

  const form = h('form', { id: 'document-form', class: 'document-form', novalidate: true, autocomplete: 'off' },
    summaryArea,
    fieldset('Grunduppgifter',
      selectField('doc_type', fieldLabel('doc_type'), [
        { value: '', label: 'Välj dokumenttyp …' },
        ...ctx.reference.document_types.map((t) => ({ value: t.code, label: t.name })),
      ], { required: true }),
      textField('title', fieldLabel('title'), { required: true, wide: true }),
      textField('developed_within', fieldLabel('developed_within'), { list: forumsId }),
      textField('organisation', fieldLabel('organisation')),
      textField('owner', fieldLabel('owner')),
      textField('approver', fieldLabel('approver')),
      textField('prepared_by', fieldLabel('prepared_by')),
      textField('diarienummer', fieldLabel('diarienummer'))),
    fieldset('Giltighet',
      textField('valid_from', fieldLabel('valid_from'), { placeholder: 'ÅÅÅÅ-MM-DD', hint: dateHint, inputmode: 'numeric', className: 'input-date' }),
      textField('valid_to', fieldLabel('valid_to'), { placeholder: 'ÅÅÅÅ-MM-DD', hint: dateHint, inputmode: 'numeric', className: 'input-date' })),
    fieldset('Parter och områden',
      checkboxGroup('areas', fieldLabel('areas'), ctx.reference.areas.map((a) => ({ value: a.code, label: a.name })),
        { gridClass: 'check-grid-areas' }),
      checkboxGroup('parties', fieldLabel('parties'), ctx.parties.map((p) => ({ value: p.id, label: p.name })),
        { tools: partyTools, gridClass: 'check-grid-parties' })),
    fieldset('Uppföljning',
      selectField('followup_interval_months', fieldLabel('followup_interval_months'), [
        { value: '', label: 'Ej angivet' },
        ...labels().followup_intervals.map((i) => ({ value: String(i.months), label: i.name })),
      ]),
      textField('followup_owner', fieldLabel('followup_owner'))),
    fieldset('Övrigt',
      textField('vida_link', fieldLabel('vida_link'), { placeholder: 'https://', wide: true }),
      textField('legal_basis', fieldLabel('legal_basis'), { multiline: true, wide: true }),
      textField('notes', fieldLabel('notes'), { multiline: true, rows: 4, wide: true })),
    forums,
    h('div', { class: 'form-actions' }, saveButton, cancelButton));

  fillForm(form, version);
  // What the form held when it was filled: the save sends it along, so the
  // core changes only the fields the user changed, and refuses at the field
  // one that someone else changed meanwhile.
  const original = editing ? readForm(form) : null;

  const setParties = (on) => {
    for (const box of form.querySelectorAll('input[name="parties"]')) box.checked = on;
  };
  partyTools.querySelector('#parties-all').addEventListener('click', () => setParties(true));
  partyTools.querySelector('#parties-none').addEventListener('click', () => setParties(false));

  const backHash = editing ? `#/dokument/${route.id}` : '#/dokument';
  cancelButton.addEventListener('click', () => navigate(backHash));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    const input = readForm(form);
    try {
      if (editing) {
        const changed = await api.updateDocument(route.id, input, original);
        setNotice(changed.length ? 'Dokumentet har sparats.' : 'Inga ändringar att spara; dokumentet är oförändrat.');
        navigate(`#/dokument/${route.id}`);
      } else {
        const id = await api.createDocument(input);
        setNotice('Dokumentet har sparats.');
        navigate(`#/dokument/${id}`);
      }
    } catch (error) {
      saveButton.disabled = false;
      if (error.code === 'invalid' && error.fields.length) {
        const unplaced = showFieldErrors(form, error.fields);
        const summary = errorSummary(form, error.fields.filter((f) => !unplaced.includes(f.message)), unplaced);
        summaryArea.replaceChildren(summary);
        summary.focus();
      } else {
        const banner = errorBanner(error, 'Dokumentet kunde inte sparas.');
        banner.setAttribute('tabindex', '-1');
        summaryArea.replaceChildren(banner);
        banner.focus();
      }
    }
  });

  return h('section', { class: 'view view-form', id: 'form-view' },
    h('p', { class: 'breadcrumb' },
      h('a', { href: backHash, text: editing ? '← Tillbaka till dokumentet' : '← Tillbaka till registret' })),
    h('div', { class: 'view-header' },
      h('div', {},
        editing ? h('p', { class: 'eyebrow', text: `Redigera version ${version.version_no}` }) : null,
        h('h1', { class: 'view-title', text: editing ? version.title : 'Nytt dokument' }))),
    h('p', { class: 'form-intro' },
      'Fält markerade med ',
      h('span', { class: 'required', text: '*' }),
      ' måste fyllas i. Datum skrivs som ÅÅÅÅ-MM-DD.'),
    form);
}

// Parter: the 17 parties in the guideline's order, and their contacts per
// level — the political level a remiss goes to and the official level a
// synpunktsrunda goes to. A missing contact is shown as missing.

import * as api from '../api.js';
import { ctx, reloadParties, labels, takeNotice } from '../context.js';
import {
  h, fill as fillEl, errorBanner, notice, showFieldErrors, clearFieldErrors, errorSummary, count,
} from '../dom.js';
import { markRendered } from '../router.js';
import { confirmDialog, formDialog } from './dialogs.js';

export async function render() {
  await reloadParties();
  const section = h('section', { class: 'view view-parties', id: 'parties-view' });
  fill(section, takeNotice());
  return section;
}

async function refill(section, message, focusKey) {
  try {
    await reloadParties();
  } catch (error) {
    section.querySelector('.status-area').replaceChildren(errorBanner(error, 'Parterna kunde inte hämtas.'));
    return;
  }
  fill(section, message);
  markRendered('parties');
  const target = focusKey && section.querySelector(`[data-focus-key="${focusKey}"]`);
  if (target) target.focus();
}

function missingCounts() {
  const result = {};
  for (const level of labels().contact_levels) {
    result[level.code] = ctx.parties.filter((p) => !p.contacts.some((c) => c.level === level.code)).length;
  }
  return result;
}

function fill(section, message) {
  const missing = missingCounts();
  const levels = labels().contact_levels;
  const summaryText = levels.every((l) => missing[l.code] === 0)
    ? 'Alla parter har kontakter på båda nivåerna.'
    : `Kontakt saknas för ${count(missing.politisk, 'part', 'parter')} på politisk nivå `
      + `och för ${count(missing.tjansteperson, 'part', 'parter')} på tjänstepersonsnivå.`;

  const table = h('table', { class: 'data-table parties-table', id: 'parties-table' },
    h('caption', { class: 'visually-hidden', text: 'Parterna och deras kontakter per nivå' }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'col-party', text: 'Part' }),
      levels.map((l) => h('th', { scope: 'col', class: 'col-level', text: l.name })))),
    h('tbody', {}, ctx.parties.map((party) => partyRow(section, party))));

  fillEl(section,
    h('div', { class: 'view-header' },
      h('div', {},
        h('h1', { class: 'view-title', text: 'Parter' }),
        h('p', { class: 'view-intro', text: 'Region Värmland och de 16 kommunerna. Remisser går till den politiska nivån, synpunktsrundor till tjänstepersonsnivån.' }))),
    message ? notice(message) : null,
    h('div', { class: 'status-area' }),
    h('p', { class: 'count-line', id: 'contacts-summary', text: summaryText }),
    h('div', { class: 'table-wrap' }, table));
}

function partyRow(section, party) {
  return h('tr', { dataset: { partyId: party.id } },
    h('th', { scope: 'row', class: 'col-party' },
      h('a', { class: 'party-name', href: `#/parter/${party.id}`, text: party.name }),
      h('span', { class: 'party-kind', text: party.kind === 'region' ? 'Region' : 'Kommun' })),
    labels().contact_levels.map((level) => levelCell(section, party, level)));
}

function levelCell(section, party, level) {
  const contacts = party.contacts.filter((c) => c.level === level.code);
  const cell = h('td', { class: 'col-level', dataset: { level: level.code } });
  if (!contacts.length) {
    cell.append(h('p', { class: 'missing', text: 'Ingen kontakt angiven' }));
  }
  for (const contact of contacts) {
    const who = contact.name || contact.email;
    cell.append(h('div', { class: 'contact', dataset: { contactId: contact.id } },
      h('p', { class: 'contact-name', text: contact.name || 'Namn ej angivet' }),
      contact.role ? h('p', { class: 'contact-line' }, h('span', { class: 'visually-hidden', text: 'Roll: ' }), contact.role) : null,
      contact.email ? h('p', { class: 'contact-line path' }, h('span', { class: 'contact-key', text: 'E-post ' }), contact.email) : null,
      contact.phone ? h('p', { class: 'contact-line' }, h('span', { class: 'contact-key', text: 'Telefon ' }), contact.phone) : null,
      h('div', { class: 'contact-actions' },
        h('button', {
          type: 'button',
          class: 'link-button',
          'aria-label': `Ändra kontakten ${who} för ${party.name}`,
          dataset: { focusKey: `edit-${contact.id}`, action: 'edit-contact' },
          text: 'Ändra',
          on: { click: () => openContactForm(section, party, contact, level.code) },
        }),
        h('button', {
          type: 'button',
          class: 'link-button link-danger',
          'aria-label': `Ta bort kontakten ${who} för ${party.name}`,
          dataset: { action: 'delete-contact' },
          text: 'Ta bort',
          on: { click: () => removeContact(section, party, contact, level.code) },
        }))));
  }
  cell.append(h('button', {
    type: 'button',
    class: 'button button-small add-contact',
    'aria-label': `Lägg till kontakt för ${party.name}, ${level.name.toLowerCase()}`,
    dataset: { focusKey: `add-${party.id}-${level.code}`, action: 'add-contact' },
    text: '+ Lägg till kontakt',
    on: { click: () => openContactForm(section, party, null, level.code) },
  }));
  return cell;
}

function contactField(name, label, type = 'text', autocomplete = 'off') {
  const id = `contact-${name}`;
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id, text: label }),
    h('input', { type, id, name, autocomplete }));
}

function openContactForm(section, party, contact, levelCode) {
  const summaryArea = h('div', { class: 'form-summary' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'save-contact', text: 'Spara' });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'cancel-contact', text: 'Avbryt' });
  const levelSelect = h('select', { id: 'contact-level', name: 'level' },
    labels().contact_levels.map((l) => h('option', { value: l.code, text: l.name })));
  const form = h('form', { id: 'contact-form', class: 'contact-form', novalidate: true },
    summaryArea,
    h('div', { class: 'form-grid' },
      h('div', { class: 'field field-wide', dataset: { field: 'level' } },
        h('label', { for: 'contact-level', text: 'Nivå' }),
        levelSelect),
      contactField('name', 'Namn'),
      contactField('role', 'Roll'),
      contactField('email', 'E-post', 'email'),
      contactField('phone', 'Telefon', 'tel')),
    h('p', { class: 'hint', text: 'Ange minst ett namn eller en e-postadress.' }),
    h('div', { class: 'form-actions' }, saveButton, cancelButton));

  levelSelect.value = contact ? contact.level : levelCode;
  if (contact) {
    for (const name of ['name', 'role', 'email', 'phone']) form.elements.namedItem(name).value = contact[name] || '';
  }

  const focusKey = contact ? `edit-${contact.id}` : `add-${party.id}-${levelCode}`;
  const { close } = formDialog({
    id: 'contact-dialog',
    title: contact ? `Ändra kontakt – ${party.name}` : `Ny kontakt – ${party.name}`,
    form,
    onClose: () => {
      const back = section.querySelector(`[data-focus-key="${focusKey}"]`);
      if (back) back.focus();
    },
  });
  cancelButton.addEventListener('click', close);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    const input = {
      level: levelSelect.value,
      name: form.elements.namedItem('name').value,
      role: form.elements.namedItem('role').value,
      email: form.elements.namedItem('email').value,
      phone: form.elements.namedItem('phone').value,
    };
    try {
      const saved = contact
        ? await api.updateContact(contact.id, input)
        : await api.addContact(party.id, input);
      close();
      await refill(section,
        contact ? `Kontakten för ${party.name} har ändrats.` : `Kontakten har lagts till för ${party.name}.`,
        `edit-${saved.id}`);
    } catch (error) {
      saveButton.disabled = false;
      if (error.code === 'invalid' && error.fields.length) {
        const unplaced = showFieldErrors(form, error.fields);
        const summary = errorSummary(form, error.fields.filter((f) => !unplaced.includes(f.message)), unplaced);
        summaryArea.replaceChildren(summary);
        summary.focus();
      } else {
        summaryArea.replaceChildren(errorBanner(error, 'Kontakten kunde inte sparas.'));
      }
    }
  });
}

async function removeContact(section, party, contact, levelCode) {
  const who = contact.name || contact.email;
  const result = await confirmDialog({
    id: 'delete-contact-dialog',
    title: 'Ta bort kontakt',
    message: `Vill du ta bort ${who} som kontakt för ${party.name}?`,
    confirmLabel: 'Ta bort',
    danger: true,
    action: () => api.deleteContact(contact.id),
  });
  if (result && result.ok) {
    await refill(section, `Kontakten ${who} har tagits bort för ${party.name}.`, `add-${party.id}-${levelCode}`);
  } else {
    const back = section.querySelector(`[data-focus-key="edit-${contact.id}"]`);
    if (back) back.focus();
  }
}

// Inställningar: which Samdok this is, which database file is open and why
// that one, and a way to choose another; the check of the register; the
// register's yearly review.

import * as api from '../api.js';
import { databaseChooser } from './database.js';
import { ctx, labels, setNotice, takeNotice } from '../context.js';
import {
  h, notice, DASH, errorBanner, formatDate, count, showFormError, clearFieldErrors,
} from '../dom.js';
import { confirmDialog, formDialog } from './dialogs.js';
import { restartApp } from '../router.js';

export async function render() {
  const info = await api.appInfo();
  ctx.info = info;
  const { buttons, status } = databaseChooser({
    failText: 'Databasen kunde inte öppnas. Den tidigare databasen är fortfarande öppen.',
    onChosen: async () => {
      setNotice('Databasen har bytts. Alla vyer visar nu innehållet i den valda filen.');
      await restartApp();
    },
  });

  const message = takeNotice();
  const reviews = await reviewPanel();
  return h('section', { class: 'view view-settings', id: 'settings-view' },
    h('div', { class: 'view-header' }, h('h1', { class: 'view-title', text: 'Inställningar' })),
    message ? notice(message) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'db-heading' },
      h('h2', { class: 'panel-title', id: 'db-heading', text: 'Databas' }),
      h('dl', { class: 'meta-list', id: 'settings-list' },
        h('dt', { text: 'Databasfil' }),
        h('dd', { class: 'path', id: 'db-path', text: info.db_path }),
        h('dt', { text: 'Vald genom' }),
        h('dd', { id: 'db-source', text: labels().db_sources[info.db_source] || DASH }),
        h('dt', { text: 'Schemaversion' }),
        h('dd', { id: 'schema-version', text: info.schema_version === null || info.schema_version === undefined ? DASH : String(info.schema_version) })),
      h('p', { class: 'panel-intro', text: 'Du kan öppna en annan databasfil eller skapa en ny. Valet sparas och används nästa gång Samdok startar, om ingen annan databas anges med --db eller miljövariabeln SAMDOK_DB.' }),
      buttons,
      status),
    verifyPanel(),
    reviews,
    h('section', { class: 'panel', 'aria-labelledby': 'about-heading' },
      h('h2', { class: 'panel-title', id: 'about-heading', text: 'Om Samdok' }),
      h('dl', { class: 'meta-list' },
        h('dt', { text: 'Version' }),
        h('dd', { id: 'settings-version', text: `Samdok ${info.version}` }),
        h('dt', { text: 'Användare' }),
        h('dd', { id: 'os-user', text: info.user || DASH }),
        h('dt', { text: 'Dagens datum' }),
        h('dd', { text: info.today || DASH })),
      h('p', { class: 'panel-intro', text: 'Alla ändringar i registret sparas i ändringsloggen med användarnamnet ovan.' })));
}

// ------------------------------------------------------------ the check

/** "Kontrollera registret": the check of `samdok verify`, on demand. */
function verifyPanel() {
  const result = h('div', { class: 'status-area', id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button', class: 'button', id: 'verify-register', text: 'Kontrollera registret',
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.setAttribute('aria-busy', 'true');
    result.replaceChildren(h('p', { class: 'panel-intro', text: 'Kontrollerar …' }));
    try {
      const found = await api.verifyRegister();
      result.replaceChildren(found.ok
        ? notice(`Registret är i ordning: ${count(found.documents, 'dokument', 'dokument')}, `
          + `${count(found.rounds, 'runda', 'rundor')} och ${count(found.attachments, 'bilaga', 'bilagor')} kontrollerade.`)
        : h('div', { class: 'banner banner-warning', id: 'verify-problems', role: 'alert' },
          h('p', { text: `Kontrollen hittade ${count(found.problems.length, 'fel', 'fel')}. Inget har ändrats.` }),
          h('ul', {}, found.problems.map((p) => h('li', { text: p.message })))));
    } catch (error) {
      result.replaceChildren(errorBanner(error, 'Registret kunde inte kontrolleras.'));
    } finally {
      result.removeAttribute('aria-busy');
      button.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'verify-heading', id: 'verify-panel' },
    h('h2', { class: 'panel-title', id: 'verify-heading', text: 'Kontrollera registret' }),
    h('p', { class: 'panel-intro', text: 'Kontrollen läser databasfilen, referenserna mellan uppgifterna, varje bifogad fil (att den finns och har samma innehåll som när den sparades) och de räknare som listan och Översikten läser. Inget ändras.' }),
    h('div', { class: 'button-row' }, button),
    result);
}

// ------------------------------------------------------------ yearly review

/** "Årlig granskning": the reviews recorded, and "Registrera årets granskning …". */
async function reviewPanel() {
  const status = h('div', { class: 'status-area', id: 'review-status' });
  const body = h('div', { id: 'review-list' });
  const recordButton = h('button', {
    type: 'button', class: 'button button-primary', id: 'record-review', text: 'Registrera årets granskning …',
  });
  const refillList = async (message = null) => {
    let reviews;
    try {
      reviews = await api.listReviews();
    } catch (error) {
      body.replaceChildren(errorBanner(error, 'Granskningarna kunde inte hämtas.'));
      return;
    }
    status.replaceChildren(message ? notice(message) : '');
    body.replaceChildren(reviews.length ? reviewTable(reviews, status, refillList)
      : h('p', { class: 'empty-state', id: 'no-reviews', text: 'Ingen årlig granskning är registrerad ännu.' }));
  };
  recordButton.addEventListener('click', () => openReviewDialog(async (saved) => {
    await refillList(`Granskningen för ${saved.year} har registrerats med förteckningen (${count(saved.documents, 'dokument', 'dokument')}).`);
    recordButton.focus();
  }, () => recordButton.focus()));
  await refillList();
  return h('section', { class: 'panel', 'aria-labelledby': 'review-heading', id: 'review-panel' },
    h('h2', { class: 'panel-title', id: 'review-heading', text: 'Årlig granskning' }),
    h('p', { class: 'panel-intro', text: 'Registret granskas en gång om året. Förteckningen som den såg ut vid granskningen sparas och kan öppnas igen.' }),
    status,
    body,
    h('div', { class: 'button-row' }, recordButton));
}

function reviewTable(reviews, status, refillList) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table review-table', id: 'review-table' },
      h('caption', { class: 'visually-hidden', text: 'Registrerade årliga granskningar, senaste året först' }),
      h('thead', {}, h('tr', {},
        ['År', 'Granskad', 'Av', 'Anteckning', 'Dokument', 'Förteckning'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, reviews.map((r) => {
        const open = h('button', {
          type: 'button', class: 'link-button', dataset: { action: 'open-review' },
          'aria-label': `Öppna förteckningen från granskningen ${r.year}`, text: 'Öppna förteckningen',
        });
        open.addEventListener('click', async () => {
          try {
            await api.openReviewReport(r.year);
          } catch (error) {
            status.replaceChildren(errorBanner(error, 'Förteckningen kunde inte öppnas.'));
          }
        });
        const remove = h('button', {
          type: 'button', class: 'link-button link-danger', dataset: { action: 'remove-review' },
          'aria-label': `Ta bort granskningen ${r.year}`, text: 'Ta bort',
        });
        remove.addEventListener('click', async () => {
          const result = await confirmDialog({
            id: 'remove-review-dialog',
            title: 'Ta bort granskning',
            message: `Vill du ta bort granskningen för ${r.year}? Den sparade förteckningen tas också bort.`,
            confirmLabel: 'Ta bort',
            danger: true,
            action: () => api.removeReview(r.year),
          });
          if (result && result.ok) await refillList(`Granskningen för ${r.year} har tagits bort.`);
        });
        return h('tr', { dataset: { year: r.year } },
          h('th', { scope: 'row', class: 'num', text: String(r.year) }),
          h('td', { text: formatDate(r.reviewed_on) }),
          h('td', { text: r.reviewed_by }),
          h('td', { class: 'pre-wrap', text: r.note || DASH }),
          h('td', { class: 'num', text: String(r.documents) }),
          h('td', {}, h('div', { class: 'button-row button-row-tight' }, open, remove)));
      }))));
}

function openReviewDialog(onSaved, onCancel) {
  const summary = h('div', { class: 'form-summary' });
  const field = (name, label, control) => h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id, text: label }), control);
  const date = h('input', { type: 'text', id: 'review-date', name: 'reviewed_on', inputmode: 'numeric', placeholder: 'ÅÅÅÅ-MM-DD' });
  date.value = (ctx.info && ctx.info.today) || '';
  const by = h('input', { type: 'text', id: 'review-by', name: 'reviewed_by', autocomplete: 'name' });
  const note = h('textarea', { id: 'review-note', name: 'note', rows: 3 });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'review-save', text: 'Registrera' });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'review-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'review-form', novalidate: true },
    summary,
    h('p', { class: 'hint', text: 'Förteckningen över registret som det ser ut i dag sparas med granskningen.' }),
    field('reviewed_on', 'Granskad (datum)', date),
    field('reviewed_by', 'Granskad av', by),
    field('note', 'Anteckning', note),
    h('div', { class: 'form-actions' }, saveButton, cancelButton));
  let saved = null;
  const { close } = formDialog({
    id: 'review-dialog',
    title: 'Registrera årets granskning',
    form,
    onClose: () => (saved ? onSaved(saved) : onCancel()),
  });
  by.focus();
  cancelButton.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summary.replaceChildren();
    clearFieldErrors(form);
    try {
      saved = await api.recordReview({ reviewed_on: date.value, reviewed_by: by.value, note: note.value });
      close();
    } catch (error) {
      saveButton.disabled = false;
      showFormError(form, summary, error, 'Granskningen kunde inte registreras.');
    }
  });
}

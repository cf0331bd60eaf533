// Dokument: the register. Search, filters, sortable columns; a row opens
// the document. The query is kept while the app runs, so coming back from a
// document shows the register as it was left. One page of rows at a time
// (ui/pager.js): the search, filters and sort go with each request, and a
// new search, filter or sort starts again from the first page.

import * as api from '../api.js';
import { ctx, labels, fieldLabel, takeNotice } from '../context.js';
import {
  h, debounce, errorBanner, formatDate, count, notice, DASH, showFormError, clearFieldErrors,
} from '../dom.js';
import { navigate } from '../router.js';
import { PAGE_SIZE, pageSummary, pager } from '../pager.js';
import { confirmDialog, formDialog } from './dialogs.js';

const COLUMNS = [
  { sort: 'title', label: 'Titel', className: 'col-title' },
  { sort: 'doc_type', label: 'Typ', className: 'col-type' },
  { sort: 'version', label: 'Version', className: 'col-version' },
  { sort: 'stage', label: 'Steg', className: 'col-stage' },
  { sort: 'owner', label: 'Dokument\u00ADägare', className: 'col-owner' },
  { sort: 'diarienummer', label: 'Diarie\u00ADnummer', className: 'col-dnr' },
  { sort: 'valid_to', label: 'Giltig t.o.m.', className: 'col-date' },
  { sort: null, label: 'Giltighet', className: 'col-validity' },
  { sort: null, label: 'Antagen av', className: 'col-adoption' },
];

const state = {
  search: '',
  doc_type: '',
  stage: '',
  area: '',
  validity: '',
  adoption: '',
  sort: 'title',
  descending: false,
  offset: 0,
};

function query() {
  const blankToNull = (v) => (v && v.trim() ? v.trim() : null);
  return {
    search: blankToNull(state.search),
    doc_type: blankToNull(state.doc_type),
    stage: blankToNull(state.stage),
    area: blankToNull(state.area),
    validity: blankToNull(state.validity),
    adoption: blankToNull(state.adoption),
    sort: state.sort,
    descending: state.descending,
    offset: state.offset,
    limit: PAGE_SIZE,
  };
}

function filtersActive() {
  return Boolean(state.search.trim() || state.doc_type || state.stage || state.area || state.validity || state.adoption);
}

/** The coloured badge of a validity code. */
export function validityBadge(code, name) {
  return h('span', { class: ['badge', `badge-${code}`], text: name });
}

function select(id, label, options, key) {
  const el = h('select', { id, name: key },
    h('option', { value: '', text: 'Alla' }),
    options.map((o) => h('option', { value: o.code, text: o.name })));
  el.value = state[key];
  el.addEventListener('change', () => {
    state[key] = el.value;
    state.offset = 0;
    queryChanged();
    reload();
  });
  return h('div', { class: 'field field-inline' }, h('label', { for: id, text: label }), el);
}

let current = null; // { table, tbody, countLine, status, empty, headers, views }

/** The user changed the search, a filter or the sort: no saved view is shown any more. */
function queryChanged() {
  if (current && current.views) current.views.deselect();
}

async function reload() {
  if (!current) return;
  const view = current;
  const requestId = ++view.requests;
  view.table.setAttribute('aria-busy', 'true');
  try {
    const page = await api.listDocuments(query());
    if (view !== current || requestId !== view.requests) return;
    view.status.replaceChildren();
    fillRows(view, page);
  } catch (error) {
    if (view !== current || requestId !== view.requests) return;
    view.status.replaceChildren(errorBanner(error, 'Registret kunde inte hämtas.'));
  } finally {
    if (view === current && requestId === view.requests) view.table.removeAttribute('aria-busy');
  }
}

function fillRows(view, page) {
  const rows = page.rows;
  const body = h('tbody');
  for (const row of rows) {
    // The title is a real link (keyboard and screen readers); the whole row
    // is also clickable for the mouse.
    const tr = h('tr', {
      class: 'row-link',
      dataset: { id: row.id },
    },
    h('td', { class: 'col-title' }, h('a', { class: 'row-title', href: `#/dokument/${row.id}`, text: row.title })),
    h('td', { class: 'col-type', text: row.doc_type_name || DASH }),
    h('td', { class: 'col-version num', text: String(row.version_no) }),
    h('td', { class: 'col-stage', text: row.stage_name }),
    h('td', { class: 'col-owner', text: row.owner || DASH }),
    h('td', { class: 'col-dnr', text: row.diarienummer || DASH }),
    h('td', { class: 'col-date', text: formatDate(row.valid_to) }),
    h('td', { class: 'col-validity' }, validityBadge(row.validity, row.validity_name)),
    h('td', {
      class: ['col-adoption', row.adoption && row.adoption.adopted < row.adoption.total ? 'is-awaiting' : null],
      text: row.adoption ? row.adoption.short : '',
    }));
    const open = () => navigate(`#/dokument/${row.id}`);
    tr.addEventListener('click', (event) => {
      if (!event.target.closest('a')) open();
    });
    body.append(tr);
  }
  view.table.tBodies[0].replaceWith(body);
  view.countLine.textContent = pageSummary(page, 'dokument', 'dokument');
  view.pager.update(page, 'dokument', 'dokument', (offset) => {
    state.offset = offset;
    reload().then(() => view.table.scrollIntoView({ block: 'start' }));
  });
  if (rows.length === 0 && page.total > 0 && state.offset > 0) {
    // The page asked for lies past the end (documents went away): the last page.
    state.offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    reload();
    return;
  }
  if (rows.length === 0) {
    view.empty.hidden = false;
    view.empty.textContent = filtersActive()
      ? 'Inga dokument matchar sökningen.'
      : 'Registret är tomt. Skapa det första dokumentet med Nytt dokument.';
    view.table.hidden = true;
  } else {
    view.empty.hidden = true;
    view.table.hidden = false;
  }
  view.clearButton.hidden = !filtersActive();
  updateHeaders(view);
}

function updateHeaders(view) {
  for (const th of view.headers) {
    const key = th.dataset.sort;
    const arrow = th.querySelector('.sort-arrow');
    if (key === state.sort) {
      th.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
      arrow.textContent = state.descending ? '▼' : '▲';
      th.classList.add('is-sorted');
    } else {
      th.removeAttribute('aria-sort');
      arrow.textContent = '';
      th.classList.remove('is-sorted');
    }
  }
}

export async function render() {
  const searchInput = h('input', {
    type: 'search',
    id: 'search',
    name: 'search',
    value: state.search,
    placeholder: 'Titel, ägare, diarienummer …',
    autocomplete: 'off',
  });
  // A page of results costs a few milliseconds: a short pause after the
  // last keystroke is enough.
  const runSearch = debounce(() => reload(), 120);
  searchInput.addEventListener('input', () => {
    state.search = searchInput.value;
    state.offset = 0;
    queryChanged();
    runSearch();
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && searchInput.value) {
      searchInput.value = '';
      state.search = '';
      state.offset = 0;
      queryChanged();
      reload();
    }
  });

  const filters = h('div', { class: 'filters' },
    select('filter-type', fieldLabel('doc_type'), ctx.reference.document_types, 'doc_type'),
    select('filter-stage', 'Steg', ctx.reference.stages, 'stage'),
    select('filter-area', 'Område', ctx.reference.areas, 'area'),
    select('filter-validity', 'Giltighet', labels().validity_filters, 'validity'),
    select('filter-adoption', 'Antagande', labels().adoption_filters, 'adoption'));

  const clearButton = h('button', {
    type: 'button',
    class: 'button button-quiet',
    id: 'clear-filters',
    text: 'Rensa sökning och filter',
    hidden: !filtersActive(),
  });

  const headers = [];
  const headRow = h('tr');
  for (const col of COLUMNS) {
    if (!col.sort) {
      headRow.append(h('th', { scope: 'col', class: col.className, text: col.label }));
      continue;
    }
    // A label in parts may break between them (<wbr>) when the column is narrow.
    const parts = Array.isArray(col.label) ? col.label : [col.label];
    const button = h('button', { type: 'button', class: 'sort-button' },
      h('span', {}, parts.flatMap((part, i) => (i ? [h('wbr'), part] : [part]))),
      h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }));
    const th = h('th', { scope: 'col', class: col.className, dataset: { sort: col.sort } }, button);
    button.addEventListener('click', () => {
      if (state.sort === col.sort) state.descending = !state.descending;
      else {
        state.sort = col.sort;
        state.descending = false;
      }
      state.offset = 0;
      queryChanged();
      updateHeaders(current);
      reload();
    });
    headers.push(th);
    headRow.append(th);
  }
  const table = h('table', { id: 'register-table', class: 'data-table register-table' },
    h('caption', { class: 'visually-hidden', text: 'Registret över kommun- och regiongemensamma dokument. Kolumnrubrikerna sorterar.' }),
    h('thead', {}, headRow),
    h('tbody'));

  const countLine = h('p', { class: 'count-line', id: 'document-count', 'aria-live': 'polite' });
  const empty = h('p', { class: 'empty-state', id: 'register-empty', hidden: true });
  const status = h('div', { class: 'status-area' });

  const newButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    id: 'new-document',
    text: 'Nytt dokument',
  });
  newButton.addEventListener('click', () => navigate('#/dokument/ny'));

  const exportStatus = h('div', { class: 'status-area', id: 'export-status' });
  const views = savedViews(() => {
    searchInput.value = state.search;
    for (const sel of filters.querySelectorAll('select')) sel.value = state[sel.name] || '';
    updateHeaders(current);
    reload();
  });

  const section = h('section', { class: 'view view-register', id: 'register-view' },
    h('div', { class: 'view-header' },
      h('h1', { class: 'view-title', text: 'Dokument' }),
      h('div', { class: 'button-row register-actions' }, exportMenu(exportStatus), newButton)),
    exportStatus,
    (() => {
      const text = takeNotice();
      return text ? notice(text) : null;
    })(),
    h('div', { class: 'toolbar', role: 'search' },
      h('div', { class: 'field field-search' },
        h('label', { for: 'search', text: 'Sök' }),
        searchInput),
      filters),
    views.element,
    h('div', { class: 'table-meta' }, countLine, clearButton),
    status,
    h('div', { class: 'table-wrap' }, table),
    empty);
  const pages = pager('register-pager', 'Registrets sidor');
  section.append(pages.element);

  const view = { table, countLine, empty, status, headers, clearButton, pager: pages, requests: 0, views };
  clearButton.addEventListener('click', () => {
    Object.assign(state, { search: '', doc_type: '', stage: '', area: '', validity: '', adoption: '', offset: 0 });
    searchInput.value = '';
    for (const sel of filters.querySelectorAll('select')) sel.value = '';
    queryChanged();
    reload();
    searchInput.focus();
  });
  current = view;
  updateHeaders(view);
  await views.load();
  // The first load happens before the view is shown, so it appears whole.
  try {
    const page = await api.listDocuments(query());
    fillRows(view, page);
  } catch (error) {
    status.replaceChildren(errorBanner(error, 'Registret kunde inte hämtas.'));
    countLine.textContent = '';
  }
  return section;
}

// ------------------------------------------------------------ saved views

/** The state a saved view's query gives (the first page). */
function applyQuery(saved) {
  const text = (v) => (typeof v === 'string' ? v : '');
  Object.assign(state, {
    search: text(saved.search),
    doc_type: text(saved.doc_type),
    stage: text(saved.stage),
    area: text(saved.area),
    validity: text(saved.validity),
    adoption: text(saved.adoption),
    sort: text(saved.sort) || 'title',
    descending: Boolean(saved.descending),
    offset: 0,
  });
}

/**
 * "Sparade vyer": a select that opens a view (its query becomes the
 * register's; `applied` then updates the controls and the rows), "Ta bort
 * vyn" and "Spara vy …". `load()` fetches the list.
 */
function savedViews(applied) {
  let list = [];
  let opened = ''; // the view the register shows, if any
  const status = h('div', { class: 'status-area', id: 'views-status' });
  let picker = h('select', { id: 'saved-view', name: 'saved-view' });
  const removeButton = h('button', {
    type: 'button', class: 'button button-quiet', id: 'remove-view', text: 'Ta bort vyn', disabled: true,
  });
  const saveButton = h('button', { type: 'button', class: 'button', id: 'save-view', text: 'Spara vy …' });

  // WebKit fires no change when the user picks the option last picked, even
  // after the value was set from code in between: the select is made anew
  // each time its value is set from here.
  const fillPicker = (selected = '') => {
    const fresh = h('select', { id: 'saved-view', name: 'saved-view' });
    fresh.addEventListener('input', open);
    fresh.addEventListener('change', open);
    const focused = document.activeElement === picker;
    picker.replaceWith(fresh);
    picker = fresh;
    if (focused) picker.focus();
    picker.replaceChildren(
      h('option', { value: '', text: list.length ? 'Välj en sparad vy …' : 'Inga sparade vyer' }),
      ...list.map((v) => h('option', { value: v.name, text: v.name })));
    picker.value = list.some((v) => v.name === selected) ? selected : '';
    picker.disabled = !list.length;
    removeButton.disabled = !picker.value;
    opened = picker.value;
  };
  const load = async (selected = picker.value) => {
    try {
      list = await api.listViews();
      fillPicker(selected);
    } catch (error) {
      status.replaceChildren(errorBanner(error, 'De sparade vyerna kunde inte hämtas.'));
    }
  };

  // The view opens as soon as it is chosen ('input'; 'change' as well, for
  // whichever comes first — the second finds it open already).
  function open() {
    removeButton.disabled = !picker.value;
    const chosen = list.find((v) => v.name === picker.value);
    if (!chosen || chosen.name === opened) return;
    opened = chosen.name;
    applyQuery(chosen.query);
    status.replaceChildren(notice(`Vyn «${chosen.name}» visas.`));
    applied();
  }
  removeButton.addEventListener('click', async () => {
    const name = picker.value;
    if (!name) return;
    const result = await confirmDialog({
      id: 'remove-view-dialog',
      title: 'Ta bort sparad vy',
      message: `Vill du ta bort vyn «${name}»? Dokumenten påverkas inte.`,
      confirmLabel: 'Ta bort',
      danger: true,
      action: () => api.removeView(name),
    });
    if (result && result.ok) {
      await load('');
      status.replaceChildren(notice(`Vyn «${name}» har tagits bort.`));
      picker.focus();
    } else {
      removeButton.focus();
    }
  });
  saveButton.addEventListener('click', () => openSaveDialog(list, picker.value, async (saved) => {
    await load(saved.name);
    status.replaceChildren(notice(`Vyn «${saved.name}» har sparats.`));
    picker.focus();
  }, () => saveButton.focus()));

  const element = h('div', { class: 'views-bar', id: 'views-bar' },
    h('div', { class: 'field field-inline' },
      h('label', { for: 'saved-view', text: 'Sparade vyer' }),
      picker),
    removeButton,
    saveButton,
    status);
  const deselect = () => {
    if (picker.value) fillPicker('');
    removeButton.disabled = true;
  };
  return { element, load, deselect };
}

/** "Spara vy …": the name; a name in use is refused, then "Ersätt" is offered. */
function openSaveDialog(list, suggested, onSaved, onCancel) {
  const summary = h('div', { class: 'form-summary' });
  const nameInput = h('input', {
    type: 'text', id: 'view-name', name: 'name', autocomplete: 'off', maxlength: 100, value: suggested || '',
  });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: 'view-save', text: 'Spara' });
  const replaceButton = h('button', {
    type: 'button', class: 'button button-primary', id: 'view-replace', text: 'Ersätt', hidden: true,
  });
  const cancelButton = h('button', { type: 'button', class: 'button', id: 'view-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'view-form', novalidate: true },
    summary,
    h('p', { class: 'hint', text: 'Vyn sparar sökningen, filtren och sorteringen som registret visar nu.' }),
    h('div', { class: 'field', dataset: { field: 'name' } },
      h('label', { for: 'view-name', text: 'Namn' }),
      nameInput),
    h('div', { class: 'form-actions' }, saveButton, replaceButton, cancelButton));
  let saved = null;
  const { close } = formDialog({
    id: 'view-dialog',
    title: 'Spara vy',
    form,
    onClose: () => {
      if (saved) onSaved(saved);
      else onCancel();
    },
  });
  cancelButton.addEventListener('click', close);
  nameInput.addEventListener('input', () => {
    replaceButton.hidden = true;
    saveButton.hidden = false;
  });

  const submit = async (replace) => {
    saveButton.disabled = true;
    replaceButton.disabled = true;
    summary.replaceChildren();
    clearFieldErrors(form);
    try {
      saved = await api.saveView(nameInput.value, query(), replace);
      close();
    } catch (error) {
      saveButton.disabled = false;
      replaceButton.disabled = false;
      showFormError(form, summary, error, 'Vyn kunde inte sparas.', nameInput);
      const taken = nameInput.value.trim().toLowerCase();
      if (error.code === 'invalid' && list.some((v) => v.name.toLowerCase() === taken)) {
        replaceButton.hidden = false;
        saveButton.hidden = true;
        replaceButton.focus();
      }
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(false);
  });
  replaceButton.addEventListener('click', () => submit(true));
}

// ------------------------------------------------------------ exports

const REPORT_FORMATS = [
  { format: 'docx', label: 'Förteckning (Word) …' },
  { format: 'xlsx', label: 'Förteckning (Excel) …' },
  { format: 'html', label: 'Förteckning (webbsida) …' },
];

/**
 * "Exportera": the register report in three formats and the calendar, each
 * written where the user chooses; what was written (or why not) is shown in
 * `status`.
 */
function exportMenu(status) {
  const menu = h('details', { class: 'menu export-menu', id: 'export-menu' },
    h('summary', { class: 'button', text: 'Exportera' }));
  const run = async (button, action, describe, failText) => {
    menu.open = false;
    button.disabled = true;
    status.replaceChildren(h('p', { class: 'hint', role: 'status', text: 'Skriver filen …' }));
    try {
      const written = await action();
      status.replaceChildren(written ? notice(describe(written)) : h('p', { class: 'hint', role: 'status', text: 'Ingen fil skrevs.' }));
    } catch (error) {
      status.replaceChildren(errorBanner(error, failText));
    } finally {
      button.disabled = false;
    }
  };
  const items = REPORT_FORMATS.map(({ format, label }) => {
    const button = h('button', {
      type: 'button', class: 'menu-item', id: `export-report-${format}`, text: label,
    });
    button.addEventListener('click', () => run(button, () => api.exportReport(format),
      (w) => `Förteckningen har skrivits till ${w.path} (${count(w.documents, 'dokument', 'dokument')}).`,
      'Förteckningen kunde inte skrivas.'));
    return button;
  });
  const calendar = h('button', { type: 'button', class: 'menu-item', id: 'export-calendar', text: 'Kalender (.ics) …' });
  calendar.addEventListener('click', () => run(calendar, () => api.exportCalendar(),
    (w) => `Kalendern har skrivits till ${w.path} (${count(w.events, 'händelse', 'händelser')}).`,
    'Kalendern kunde inte skrivas.'));
  menu.append(h('div', { class: 'menu-list' }, items, calendar));
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });
  return menu;
}

// Dokument: the register. Search, filters, sortable columns; a row opens
// the document. The query is kept while the app runs, so coming back from a
// document shows the register as it was left. One page of rows at a time
// (ui/pager.js): the search, filters and sort go with each request, and a
// new search, filter or sort starts again from the first page.

import * as api from '../api.js';
import { ctx, labels, fieldLabel, takeNotice } from '../context.js';
import { h, debounce, errorBanner, formatDate, count, notice, DASH } from '../dom.js';
import { navigate } from '../router.js';
import { PAGE_SIZE, pageSummary, pager } from '../pager.js';

const COLUMNS = [
  { sort: 'title', label: 'Titel', className: 'col-title' },
  { sort: 'doc_type', label: 'Typ', className: 'col-type' },
  { sort: 'version', label: 'Version', className: 'col-version' },
  { sort: 'stage', label: 'Steg', className: 'col-stage' },
  { sort: 'owner', label: 'Dokument\u00ADägare', className: 'col-owner' },
  { sort: 'diarienummer', label: 'Diarie\u00ADnummer', className: 'col-dnr' },
  { sort: 'valid_to', label: 'Giltig t.o.m.', className: 'col-date' },
  { sort: null, label: 'Giltighet', className: 'col-validity' },
  { sort: null, label: 'Antagande', className: 'col-adoption' },
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
    reload();
  });
  return h('div', { class: 'field field-inline' }, h('label', { for: id, text: label }), el);
}

let current = null; // { table, tbody, countLine, status, empty, headers }

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
      text: row.adoption ? row.adoption.text : '',
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
    runSearch();
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && searchInput.value) {
      searchInput.value = '';
      state.search = '';
      state.offset = 0;
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

  const section = h('section', { class: 'view view-register', id: 'register-view' },
    h('div', { class: 'view-header' },
      h('h1', { class: 'view-title', text: 'Dokument' }),
      newButton),
    (() => {
      const text = takeNotice();
      return text ? notice(text) : null;
    })(),
    h('div', { class: 'toolbar', role: 'search' },
      h('div', { class: 'field field-search' },
        h('label', { for: 'search', text: 'Sök' }),
        searchInput),
      filters),
    h('div', { class: 'table-meta' }, countLine, clearButton),
    status,
    h('div', { class: 'table-wrap' }, table),
    empty);
  const pages = pager('register-pager', 'Registrets sidor');
  section.append(pages.element);

  const view = { table, countLine, empty, status, headers, clearButton, pager: pages, requests: 0 };
  clearButton.addEventListener('click', () => {
    Object.assign(state, { search: '', doc_type: '', stage: '', area: '', validity: '', adoption: '', offset: 0 });
    searchInput.value = '';
    for (const sel of filters.querySelectorAll('select')) sel.value = '';
    reload();
    searchInput.focus();
  });
  current = view;
  updateHeaders(view);
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

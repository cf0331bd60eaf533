// Sammanställning: every comment of a round, grouped by the section of the
// template it is about (in the order the core gives), each with its party,
// text, proposed change and the decision on it — disposition, motivation,
// significant change. Several comments can be decided together (the same
// point from several parties). The view says how far the decisions have
// come, with the core's own words, says plainly when an accepted
// significant change sends the document back to the networks, exports the
// compilation and sends the återkoppling.

import * as api from '../api.js';
import { labels, takeNotice } from '../context.js';
import {
  h, fill, count, errorBanner, notice, formatDate, formatDateTime, clearFieldErrors, DASH, showFormError,
} from '../dom.js';
import { markRendered } from '../router.js';
import { confirmDialog, formDialog } from './dialogs.js';
import { commentDialog } from './comment-dialog.js';

/** "Visa bara ohanterade", kept while the window is open. */
let onlyOpen = false;
/** The comments chosen for a shared decision, per round. */
const selections = new Map();

export async function render(route) {
  const view = await api.roundComments(route.id);
  const container = h('section', { class: 'view view-compilation', id: 'compilation-view', dataset: { id: route.id } });
  draw(container, view, { message: takeNotice() });
  return container;
}

function selectionOf(roundId) {
  if (!selections.has(roundId)) selections.set(roundId, new Set());
  return selections.get(roundId);
}

/** The disposition's name, from the core's labels. */
function dispositionName(code) {
  const d = labels().dispositions.find((x) => x.code === code);
  return d ? d.name : '';
}

/**
 * Loads the round's comments again and redraws in place. What the user has
 * typed into other comments' decisions and not saved stays.
 */
async function reload(container, roundId, options = {}) {
  const unsaved = unsavedDecisions(container, options.saved || []);
  let view;
  try {
    view = await api.roundComments(roundId);
  } catch (error) {
    const area = container.querySelector('#compilation-status');
    if (area) area.replaceChildren(errorBanner(error, 'Sammanställningen kunde inte hämtas på nytt.'));
    return;
  }
  draw(container, view, options);
  restoreDecisions(container, unsaved);
  markRendered('compilation');
  const target = options.focus && options.focus(container);
  if (target) target.focus();
}

function unsavedDecisions(container, saved) {
  const out = new Map();
  for (const form of container.querySelectorAll('form.decision-form[data-dirty="1"]')) {
    const id = Number(form.dataset.comment);
    if (saved.includes(id)) continue;
    out.set(id, {
      disposition: form.elements.namedItem('disposition').value,
      motivation: form.elements.namedItem('motivation').value,
      significant: form.elements.namedItem('significant').checked,
    });
  }
  return out;
}

function restoreDecisions(container, unsaved) {
  for (const [id, value] of unsaved) {
    const card = container.querySelector(`.comment-card[data-comment="${id}"]`);
    if (!card) continue;
    if (!card.querySelector('form.decision-form') && editors.has(card)) editors.get(card)();
    const form = card.querySelector('form.decision-form');
    if (!form) continue;
    form.elements.namedItem('disposition').value = value.disposition;
    form.elements.namedItem('motivation').value = value.motivation;
    form.elements.namedItem('significant').checked = value.significant;
    form.dataset.dirty = '1';
  }
}

function draw(container, view, options = {}) {
  const { round, comments, progress } = view;
  const roundId = round.id;
  const selected = selectionOf(roundId);
  for (const id of [...selected]) {
    if (!comments.some((c) => c.id === id)) selected.delete(id);
  }
  const numbers = new Map(comments.map((c, i) => [c.id, i + 1]));
  const shown = onlyOpen ? comments.filter((c) => !c.decision) : comments;
  const ctxFor = { container, view, numbers, selected };

  const filter = h('input', { type: 'checkbox', id: 'only-open' });
  filter.checked = onlyOpen;
  filter.addEventListener('change', () => {
    onlyOpen = filter.checked;
    const unsaved = unsavedDecisions(container, []);
    draw(container, view, {});
    restoreDecisions(container, unsaved);
    markRendered('compilation');
    const again = container.querySelector('#only-open');
    if (again) again.focus();
  });

  const status = h('div', { class: 'status-area', id: 'compilation-status' });
  const exportButton = (format, text) => {
    const b = h('button', { type: 'button', class: 'button', id: `export-${format}`, text });
    b.addEventListener('click', async () => {
      for (const x of container.querySelectorAll('.export-buttons button')) x.disabled = true;
      status.replaceChildren(h('p', { class: 'muted', role: 'status', text: 'Skriver sammanställningen …' }));
      try {
        const written = await api.exportCompilation(roundId, format);
        status.replaceChildren(written
          ? h('div', { class: 'banner banner-success', role: 'status', id: 'compilation-written' },
            h('p', {},
              'Sammanställningen har sparats: ',
              h('span', { class: 'path', text: written.path }),
              ` (${count(written.comments, 'synpunkt', 'synpunkter')}, ${written.handled} ${written.handled === 1 ? 'hanterad' : 'hanterade'}).`))
          : null);
      } catch (error) {
        status.replaceChildren(errorBanner(error, 'Sammanställningen sparades inte.'));
      }
      for (const x of container.querySelectorAll('.export-buttons button')) x.disabled = false;
    });
    return b;
  };

  fill(container,
    h('p', { class: 'breadcrumb' },
      h('a', { href: `#/rundor/${roundId}`, id: 'back-to-round', text: '← Tillbaka till rundan' }),
      ' · ',
      h('a', { href: `#/dokument/${round.document_id}`, text: round.document_title })),
    h('div', { class: 'view-header' },
      h('div', {},
        h('p', { class: 'eyebrow', text: `${round.kind_name} · version ${round.version_no}` }),
        h('h1', { class: 'view-title', tabindex: '-1', text: 'Sammanställning' }),
        h('p', { class: 'view-subline', id: 'compilation-subject', text: round.subject })),
      h('div', { class: 'button-row export-buttons' },
        exportButton('docx', 'Exportera sammanställning (.docx)'),
        exportButton('xlsx', 'Exportera sammanställning (.xlsx)'))),
    options.message ? notice(options.message) : null,
    status,
    reapprovalBanner(container, view),
    h('div', { class: 'panel compilation-summary', id: 'compilation-summary' },
      h('div', { class: 'compilation-progress' },
        h('p', { class: 'compilation-progress-text', id: 'compilation-progress-text', text: progress.text }),
        progressBar(progress)),
      h('div', { class: 'compilation-tools' },
        h('div', { class: 'check' }, filter, h('label', { for: 'only-open', text: 'Visa bara ohanterade' })),
        selectionBar(ctxFor))),
    comments.length === 0
      ? h('p', { class: 'empty-state', id: 'no-comments', text: 'Rundan har inga synpunkter ännu. Läs in svarsmallar eller lägg till synpunkter på partens rad i rundan.' })
      : null,
    comments.length > 0 && shown.length === 0
      ? h('p', { class: 'empty-state', id: 'all-handled', text: 'Alla synpunkter har ett ställningstagande.' })
      : null,
    sectionGroups(shown, comments).map((group) => sectionBlock(ctxFor, group)),
    feedbackPanel(container, view, options.feedback || null));
}

function progressBar(progress) {
  const fillEl = h('div', { class: 'progress-fill' });
  fillEl.style.width = `${progress.percent}%`;
  return h('div', { class: 'progress compilation-bar', id: 'compilation-progress' },
    h('progress', { class: 'visually-hidden', max: String(Math.max(progress.total, 1)), value: String(progress.handled) }),
    h('div', { class: 'progress-track', 'aria-hidden': 'true' }, fillEl));
}

/** The comments in runs of the same section, in the order given. */
function sectionGroups(shown, all) {
  const groups = [];
  for (const c of shown) {
    const last = groups[groups.length - 1];
    if (last && last.section === c.section) last.comments.push(c);
    else groups.push({ section: c.section, comments: [c] });
  }
  for (const g of groups) {
    const every = all.filter((c) => c.section === g.section);
    g.total = every.length;
    g.open = every.filter((c) => !c.decision).length;
  }
  return groups;
}

function sectionBlock(ctxFor, group) {
  const summary = group.open
    ? `${count(group.total, 'synpunkt', 'synpunkter')}, ${group.open} ohanterad${group.open === 1 ? '' : 'e'}`
    : `${count(group.total, 'synpunkt', 'synpunkter')}, alla hanterade`;
  return h('section', { class: 'comment-section', dataset: { section: group.section } },
    h('h2', { class: 'comment-section-title' },
      group.section,
      h('span', { class: 'comment-section-count', text: summary })),
    h('ol', { class: 'comment-list' }, group.comments.map((c) => commentCard(ctxFor, c))));
}

// ---------------------------------------------------------------- reapproval

function reapprovalBanner(container, view) {
  const { round, reapproval } = view;
  if (!reapproval) {
    if (!round.reapproved_on) return null;
    const undo = h('button', { type: 'button', class: 'link-button', id: 'undo-reapproval', text: 'Ta bort godkännandet' });
    const out = h('div', { class: 'status-area' });
    undo.addEventListener('click', async () => {
      try {
        await api.recordReapproval(round.id, null, true);
        await reload(container, round.id, {
          message: 'Godkännandet i nätverken har tagits bort.',
          focus: (c) => c.querySelector('#reapproval-date'),
        });
      } catch (error) {
        out.replaceChildren(errorBanner(error, 'Godkännandet togs inte bort.'));
      }
    });
    return h('div', { class: 'reapproved-line', id: 'reapproved' },
      h('p', {},
        `Dokumentet godkändes på nytt i nätverken ${formatDate(round.reapproved_on)} efter de betydande ändringarna. `,
        undo),
      out);
  }
  const date = h('input', {
    type: 'text',
    id: 'reapproval-date',
    name: 'date',
    class: 'input-date',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'ÅÅÅÅ-MM-DD',
  });
  const save = h('button', { type: 'submit', class: 'button', id: 'record-reapproval', text: 'Registrera godkännandet' });
  const out = h('div', { class: 'status-area' });
  const form = h('form', { class: 'reapproval-form', novalidate: true },
    h('div', { class: 'field', dataset: { field: 'date' } },
      h('div', { class: 'inline-field' },
        h('label', { for: 'reapproval-date', text: 'Godkänt på nytt i nätverken' }),
        date,
        save)),
    out);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    out.replaceChildren();
    save.disabled = true;
    try {
      await api.recordReapproval(round.id, date.value.trim() || null, false);
      await reload(container, round.id, {
        message: 'Godkännandet i nätverken har registrerats. Dokumentet behöver inte längre gå tillbaka till nätverken för den här rundans ändringar.',
      });
    } catch (error) {
      save.disabled = false;
      showFormError(form, out, error, 'Godkännandet registrerades inte.', date);
    }
  });
  return h('div', { class: 'banner banner-warning reapproval-banner', role: 'alert', id: 'reapproval-banner' },
    h('p', { class: 'banner-heading', id: 'reapproval-message', text: reapproval.message }),
    h('p', { text: `${count(reapproval.significant, 'synpunkt har', 'synpunkter har')} lett till en betydande ändring. Registrera dagen då nätverken godkände dokumentet på nytt (ÅÅÅÅ-MM-DD; tomt = i dag).` }),
    form);
}

// ---------------------------------------------------------------- selection

function selectionBar(ctxFor) {
  const { container, view, selected } = ctxFor;
  const n = selected.size;
  const decide = h('button', {
    type: 'button',
    class: 'button button-primary',
    id: 'decide-selected',
    text: 'Samma ställningstagande för valda …',
    disabled: n < 2,
  });
  decide.addEventListener('click', () => groupDecisionDialog(ctxFor));
  const none = h('button', { type: 'button', class: 'link-button', id: 'select-none', text: 'Avmarkera', hidden: n === 0 });
  none.addEventListener('click', () => {
    selected.clear();
    for (const box of container.querySelectorAll('.comment-select')) box.checked = false;
    updateSelectionBar(container, view, selected);
  });
  return h('div', { class: 'selection-bar', id: 'selection-bar' },
    h('span', { class: 'selection-count', id: 'selection-count', role: 'status', text: selectionText(n) }),
    decide,
    none);
}

function selectionText(n) {
  if (n === 0) return 'Markera synpunkter som tar upp samma sak för att besluta om dem tillsammans.';
  return `${count(n, 'synpunkt vald', 'synpunkter valda')}${n < 2 ? ' – välj minst en till' : ''}`;
}

function updateSelectionBar(container, view, selected) {
  const n = selected.size;
  const text = container.querySelector('#selection-count');
  if (text) text.textContent = selectionText(n);
  const decide = container.querySelector('#decide-selected');
  if (decide) decide.disabled = n < 2;
  const none = container.querySelector('#select-none');
  if (none) none.hidden = n === 0;
  for (const card of container.querySelectorAll('.comment-card')) {
    card.classList.toggle('is-selected', selected.has(Number(card.dataset.comment)));
  }
}

function groupDecisionDialog(ctxFor) {
  const { container, view, numbers, selected } = ctxFor;
  const chosen = view.comments.filter((c) => selected.has(c.id));
  const fields = decisionFields('group-decision', null);
  const summaryArea = h('div', { class: 'form-summary' });
  const save = h('button', { type: 'submit', class: 'button button-primary', id: 'group-decision-save', text: `Spara för ${chosen.length}` });
  const cancel = h('button', { type: 'button', class: 'button', id: 'group-decision-cancel', text: 'Avbryt' });
  const form = h('form', { id: 'group-decision-form', class: 'decision-fields', novalidate: true },
    h('p', { class: 'dialog-message', text: 'Samma ställningstagande, motivering och markering sparas för alla dessa synpunkter. En synpunkt som hade ett eget ställningstagande får det här i stället.' }),
    h('ul', { class: 'chosen-comments', id: 'group-decision-comments' }, chosen.map((c) => h('li', {},
      h('strong', { text: `Nr ${numbers.get(c.id)} ${c.party_name}` }),
      h('span', { class: 'muted', text: ` · ${c.section}` }),
      h('span', { class: 'chosen-text', text: shorten(c.text || c.proposal, 160) })))),
    summaryArea,
    fields.element,
    h('div', { class: 'button-row dialog-buttons' }, save, cancel));
  const { close } = formDialog({ id: 'group-decision-dialog', title: `Samma ställningstagande för ${count(chosen.length, 'synpunkt', 'synpunkter')}`, form });
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    summaryArea.replaceChildren();
    save.disabled = true;
    const ids = chosen.map((c) => c.id);
    try {
      await api.decideComments(ids, fields.value());
      close();
      selected.clear();
      await reload(container, view.round.id, {
        saved: ids,
        message: `Ställningstagandet har sparats för nr ${listText(ids.map((id) => String(numbers.get(id))))}.`,
        focus: (c) => c.querySelector(`.comment-card[data-comment="${ids[0]}"] .decision-disposition`) || c.querySelector('h1'),
      });
    } catch (error) {
      save.disabled = false;
      showFormError(form, summaryArea, error, 'Ställningstagandet sparades inte.');
    }
  });
}

function shorten(text, max) {
  const t = String(text || '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** "3, 5 och 7". */
function listText(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------- a comment

/**
 * The decision's fields: disposition, motivation, significant change.
 * `prefix` makes the ids unique; `decision` fills them.
 */
function decisionFields(prefix, decision) {
  const needing = ['delvis_beaktad', 'ej_beaktad'].map((code) => dispositionName(code).toLowerCase()).filter(Boolean);
  const disposition = h('select', { id: `${prefix}-disposition`, name: 'disposition', class: 'decision-disposition' },
    h('option', { value: '', text: 'Välj …' }),
    labels().dispositions.map((d) => h('option', { value: d.code, text: d.name })));
  disposition.value = decision ? decision.disposition : '';
  const motivation = h('textarea', { id: `${prefix}-motivation`, name: 'motivation', rows: '3', class: 'decision-motivation' });
  motivation.value = decision ? decision.motivation : '';
  const significant = h('input', { type: 'checkbox', id: `${prefix}-significant`, name: 'significant', class: 'decision-significant' });
  significant.checked = Boolean(decision && decision.significant);
  const element = h('div', { class: 'decision-grid' },
    h('div', { class: 'field', dataset: { field: 'disposition' } },
      h('label', { for: `${prefix}-disposition`, text: 'Ställningstagande' }),
      disposition),
    h('div', { class: 'field', dataset: { field: 'motivation' } },
      h('label', { for: `${prefix}-motivation` },
        'Motivering',
        h('span', { class: 'label-hint', text: ` – krävs för ${listText(needing)}` })),
      motivation),
    h('div', { class: 'field', dataset: { field: 'significant' } },
      h('div', { class: 'check' },
        significant,
        h('label', { for: `${prefix}-significant` },
          'Betydande ändring',
          h('span', { class: 'label-hint', text: ' – dokumentet ska då godkännas på nytt i nätverken' })))));
  return {
    element,
    value: () => ({ disposition: disposition.value, motivation: motivation.value, significant: significant.checked }),
  };
}


/** Opens a decided comment's decision for editing, per card. */
const editors = new WeakMap();

function commentCard(ctxFor, c) {
  const { container, view, numbers, selected } = ctxFor;
  const nr = numbers.get(c.id);
  const box = h('input', { type: 'checkbox', class: 'comment-select', id: `select-${c.id}`, 'aria-label': `Välj synpunkt nr ${nr} från ${c.party_name}` });
  box.checked = selected.has(c.id);
  box.addEventListener('change', () => {
    if (box.checked) selected.add(c.id);
    else selected.delete(c.id);
    updateSelectionBar(container, view, selected);
  });

  const handActions = c.from_form ? null : h('span', { class: 'comment-edit' },
    h('button', { type: 'button', class: 'link-button edit-comment', text: 'Ändra synpunkten', 'aria-label': `Ändra synpunkt nr ${nr}`, on: { click: () => editComment(ctxFor, c) } }),
    h('button', { type: 'button', class: 'link-button link-danger remove-comment', text: 'Ta bort', 'aria-label': `Ta bort synpunkt nr ${nr}`, on: { click: () => removeComment(ctxFor, c) } }));

  const side = h('div', { class: 'decision-side' });
  const card = h('li', { class: ['comment-card', c.decision ? 'is-decided' : 'is-open', selected.has(c.id) ? 'is-selected' : null], dataset: { comment: c.id } },
    h('div', { class: 'comment-main' },
      h('div', { class: 'comment-head' },
        box,
        h('label', { for: `select-${c.id}`, class: 'comment-who' },
          h('span', { class: 'comment-nr', text: `Nr ${nr}` }),
          h('span', { class: 'comment-party', text: c.party_name })),
        h('span', { class: 'comment-source', text: sourceText(c) }),
        handActions),
      h('p', { class: 'comment-label', text: 'Synpunkt' }),
      h('p', { class: 'comment-text pre-wrap', text: c.text || DASH }),
      h('p', { class: 'comment-label', text: 'Förslag till ändring' }),
      h('p', { class: ['comment-proposal', 'pre-wrap', c.proposal ? null : 'muted'], text: c.proposal || 'Inget förslag.' })),
    side);
  const edit = () => {
    fill(side, decisionForm(ctxFor, c, () => fill(side, decisionSummary(ctxFor, c, edit))));
    const select = side.querySelector('.decision-disposition');
    if (select) select.focus();
  };
  editors.set(card, edit);
  if (c.decision) fill(side, decisionSummary(ctxFor, c, edit));
  else fill(side, decisionForm(ctxFor, c, null));
  return card;
}

/** The other comments sharing `c`'s decision, as "nr 4 (Arvika)". */
function sharedText(ctxFor, c) {
  const { view, numbers } = ctxFor;
  const d = c.decision;
  const others = d && d.comment_ids.length > 1 ? d.comment_ids.filter((id) => id !== c.id) : [];
  if (!others.length) return null;
  return `Gemensamt ställningstagande med ${listText(others.map((id) => {
    const other = view.comments.find((x) => x.id === id);
    return `nr ${numbers.get(id)} (${other ? other.party_name : DASH})`;
  }))}.`;
}

/** A decided comment at rest: the decision, its motivation, and the ways to change it. */
function decisionSummary(ctxFor, c, edit) {
  const { container, view, numbers } = ctxFor;
  const d = c.decision;
  const nr = numbers.get(c.id);
  const shared = sharedText(ctxFor, c);
  const change = h('button', { type: 'button', class: 'button button-small decision-edit', text: 'Ändra', 'aria-label': `Ändra ställningstagandet för nr ${nr}`, on: { click: edit } });
  const undecide = h('button', { type: 'button', class: 'link-button decision-remove', text: 'Ta bort ställningstagande', 'aria-label': `Ta bort ställningstagandet för nr ${nr}` });
  undecide.addEventListener('click', async () => {
    const result = await confirmDialog({
      id: 'undecide-dialog',
      title: 'Ta bort ställningstagande',
      message: shared
        ? `Nr ${nr} lämnar det gemensamma ställningstagandet och blir ohanterad. De andra synpunkterna behåller det.`
        : `Ställningstagandet för nr ${nr} (${d.disposition_name.toLowerCase()}) och dess motivering tas bort. Synpunkten blir ohanterad.`,
      confirmLabel: 'Ta bort',
      danger: true,
      action: () => api.undecideComments([c.id]),
    });
    if (result && result.ok) {
      await reload(container, view.round.id, {
        saved: [c.id],
        message: `Ställningstagandet för nr ${nr} har tagits bort.`,
        focus: (again) => again.querySelector(`.comment-card[data-comment="${c.id}"] .decision-disposition`),
      });
    } else {
      undecide.focus();
    }
  });
  return h('div', { class: 'decision-summary' },
    h('div', { class: 'decision-state' },
      h('span', { class: `badge badge-decided badge-${d.disposition}`, text: d.disposition_name }),
      d.significant ? h('span', { class: 'badge badge-significant', text: 'Betydande ändring' }) : null),
    h('p', { class: 'comment-label', text: 'Motivering' }),
    h('p', { class: ['decision-motivation-text', 'pre-wrap', d.motivation ? null : 'muted'], text: d.motivation || 'Ingen motivering.' }),
    shared ? h('p', { class: 'shared-note', text: shared }) : null,
    h('div', { class: 'button-row decision-actions' }, change, undecide));
}

/**
 * The decision's form: for an open comment, or a decided one being
 * changed (`back` returns to its summary). A shared decision is saved for
 * every comment that shares it.
 */
function decisionForm(ctxFor, c, back) {
  const { container, view, numbers } = ctxFor;
  const d = c.decision;
  const nr = numbers.get(c.id);
  const fields = decisionFields(`decision-${c.id}`, d);
  const summaryArea = h('div', { class: 'form-summary' });
  const save = h('button', { type: 'submit', class: 'button button-primary button-small decision-save', text: 'Spara', 'aria-label': `Spara ställningstagandet för nr ${nr}` });
  const cancel = back
    ? h('button', { type: 'button', class: 'button button-small decision-cancel', text: 'Avbryt', on: { click: back } })
    : null;
  const shared = sharedText(ctxFor, c);
  const form = h('form', { class: 'decision-form', novalidate: true, dataset: { comment: c.id } },
    d ? null : h('div', { class: 'decision-state' }, h('span', { class: 'badge badge-open', text: 'Ohanterad' })),
    shared ? h('p', { class: 'shared-note', text: `${shared} Ändringen sparas för alla.` }) : null,
    summaryArea,
    fields.element,
    h('div', { class: 'button-row' }, save, cancel));
  form.addEventListener('input', () => { form.dataset.dirty = '1'; });
  form.addEventListener('change', () => { form.dataset.dirty = '1'; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    summaryArea.replaceChildren();
    save.disabled = true;
    const ids = d ? d.comment_ids : [c.id];
    try {
      await api.decideComments(ids, fields.value());
      await reload(container, view.round.id, {
        saved: ids,
        message: `Ställningstagandet för nr ${listText(ids.map((id) => String(numbers.get(id))))} har sparats.`,
        focus: (again) => nextFocus(again, c.id, view),
      });
    } catch (error) {
      save.disabled = false;
      showFormError(form, summaryArea, error, 'Ställningstagandet sparades inte.');
    }
  });
  return form;
}

function sourceText(c) {
  if (!c.from_form) return 'inlagd för hand';
  return c.form_row ? `svarsmall, rad ${c.form_row}` : 'svarsmall';
}

/** After a save: the same comment, or (when it left the list) the next open one. */
function nextFocus(container, id, view) {
  const same = container.querySelector(`.comment-card[data-comment="${id}"] .decision-edit, .comment-card[data-comment="${id}"] .decision-save`);
  if (same) return same;
  const after = view.comments.slice(view.comments.findIndex((c) => c.id === id) + 1);
  for (const c of after) {
    const el = container.querySelector(`.comment-card[data-comment="${c.id}"] .decision-disposition`);
    if (el) return el;
  }
  return container.querySelector('#compilation-progress-text');
}

function editComment(ctxFor, c) {
  const { container, view, numbers } = ctxFor;
  commentDialog({
    title: `Ändra synpunkt nr ${numbers.get(c.id)} – ${c.party_name}`,
    comment: c,
    save: (input) => api.editComment(c.id, input),
    onSaved: () => reload(container, view.round.id, {
      message: `Synpunkt nr ${numbers.get(c.id)} har ändrats.`,
      focus: (again) => again.querySelector(`.comment-card[data-comment="${c.id}"] .edit-comment`),
    }),
  });
}

/** What happens to a removed comment's decision. */
function decisionFate(c) {
  if (!c.decision) return '';
  if (c.decision.comment_ids.length > 1) return 'Det gemensamma ställningstagandet gäller fortsatt för de andra synpunkterna. ';
  return 'Dess ställningstagande tas också bort. ';
}

async function removeComment(ctxFor, c) {
  const { container, view, numbers } = ctxFor;
  const result = await confirmDialog({
    id: 'remove-comment-dialog',
    title: 'Ta bort synpunkt',
    message: `Vill du ta bort synpunkt nr ${numbers.get(c.id)} från ${c.party_name}? ${decisionFate(c)}Borttagningen syns i dokumentets ändringslogg.`,
    confirmLabel: 'Ta bort',
    danger: true,
    action: () => api.removeComment(c.id),
  });
  if (result && result.ok) {
    await reload(container, view.round.id, { message: `Synpunkten från ${c.party_name} har tagits bort.` });
  }
}

// ---------------------------------------------------------------- återkoppling

function feedbackPanel(container, view, result) {
  const { round, feedback } = view;
  const out = h('div', { class: 'status-area', id: 'feedback-status' });
  const send = h('button', { type: 'button', class: 'button button-primary', id: 'send-feedback', text: 'Skicka återkoppling …' });
  send.addEventListener('click', async () => {
    send.disabled = true;
    out.replaceChildren();
    try {
      const done = await api.sendFeedback(round.id);
      if (done) {
        await reload(container, round.id, {
          feedback: done,
          focus: (again) => again.querySelector('#feedback-result'),
        });
        return;
      }
    } catch (error) {
      out.replaceChildren(errorBanner(error, 'Återkopplingen skrevs inte.'));
    }
    send.disabled = false;
  });
  return h('section', { class: 'panel', id: 'feedback-panel', 'aria-labelledby': 'feedback-heading' },
    h('h2', { class: 'panel-title', id: 'feedback-heading', text: 'Återkoppling' }),
    h('p', { class: 'panel-intro', text: 'Sammanställningen (.docx) och ett e-postutkast med den bifogad till varje part som har svarat skrivs i en ny mapp i den mapp du väljer. Utkasten öppnas i Outlook och skickas därifrån. Återkopplingen registreras på rundan.' }),
    h('div', { class: 'button-row' }, send),
    out,
    result ? feedbackResult(result) : null,
    h('h3', { class: 'subheading', text: 'Tidigare återkopplingar' }),
    feedback.length
      ? h('ul', { class: 'feedback-history', id: 'feedback-history' }, [...feedback].reverse().map((f) => h('li', {},
        h('span', { class: 'feedback-when', text: formatDateTime(f.created_at) }),
        h('span', { text: f.parties.length ? `till ${f.parties.join(', ')}` : 'till ingen part' }),
        h('span', { class: 'path', text: f.destination }))))
      : h('p', { class: 'muted', id: 'feedback-history', text: 'Ingen återkoppling har skickats för rundan.' }));
}

function feedbackResult(result) {
  return h('div', { class: 'banner banner-success', role: 'status', id: 'feedback-result', tabindex: '-1' },
    h('p', {},
      'Återkopplingen har skrivits till ',
      h('span', { class: 'path', text: result.folder }),
      `: sammanställningen «${result.file_name}» och ${result.sent_to.length
        ? `e-postutkast till ${listText(result.sent_to)}`
        : 'inga e-postutkast'}.`),
    result.without_email.length
      ? h('p', { text: `Ingen giltig e-postadress för rundans nivå, så inget utkast: ${listText(result.without_email)}. Skicka sammanställningen till dem på annat sätt.` })
      : null);
}

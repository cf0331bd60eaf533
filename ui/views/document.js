// One document: its stage in the process, how to move it on, its fields in
// the guideline's header order, its versions, stage history and audit trail.

import { draftsSection } from './drafts.js';
import { roundsSection, reapprovalSection } from './document-rounds.js';
import { resolutionSection } from './resolution.js';
import { adoptionSection } from './document-adoption.js';
import { afterDecisionSection } from './after-decision.js';
import * as api from '../api.js';
import {
  ctx, stageName, typeName, areaName, partiesText, fieldLabel, takeNotice,
} from '../context.js';
import { h, fill as fillEl, errorBanner, formatDate, formatDateTime, notice, DASH, uid } from '../dom.js';
import { navigate, markRendered } from '../router.js';
import { validityBadge } from './register.js';
import { confirmDialog } from './dialogs.js';
import { MORE_SIZE, number } from '../pager.js';

export async function render(route) {
  const detail = await api.getDocument(route.id);
  const container = h('section', { class: 'view view-document', id: 'document-view', dataset: { id: detail.id } });
  fill(container, detail, takeNotice());
  return container;
}

/** Loads the document again and redraws the view in place. */
async function reload(container, id, message, focusSelector) {
  let detail;
  try {
    detail = await api.getDocument(id);
  } catch (error) {
    container.prepend(errorBanner(error, 'Dokumentet kunde inte hämtas på nytt.'));
    return;
  }
  fill(container, detail, message);
  markRendered('document');
  const target = focusSelector && container.querySelector(focusSelector);
  if (target) target.focus();
}

function fill(container, detail, message) {
  const doc = detail.current;
  const title = h('h1', { class: 'view-title document-title', tabindex: '-1', text: doc.title });

  const editButton = h('button', {
    type: 'button',
    class: 'button',
    id: 'edit-document',
    text: 'Redigera',
    on: { click: () => navigate(`#/dokument/${detail.id}/redigera`) },
  });
  const revisionButton = h('button', {
    type: 'button',
    class: 'button',
    id: 'open-revision',
    text: 'Påbörja revidering',
  });
  const actionStatus = h('div', { class: 'status-area' });
  revisionButton.addEventListener('click', () => startRevision(container, detail, actionStatus));

  fillEl(container,
    h('p', { class: 'breadcrumb' },
      h('a', { href: '#/dokument', id: 'back-to-register', text: '← Tillbaka till registret' })),
    message ? notice(message) : null,
    h('div', { class: 'view-header document-header' },
      h('div', { class: 'document-heading' },
        h('p', { class: 'eyebrow', text: `${doc.doc_type_name || typeName(doc.doc_type)} · version ${doc.version_no}` }),
        title,
        h('p', { class: 'document-subline' },
          validityBadge(detail.validity, detail.validity_name),
          doc.diarienummer ? h('span', { class: 'muted', text: `Diarienummer ${doc.diarienummer}` }) : null)),
      h('div', { class: 'button-row' }, editButton, revisionButton)),
    actionStatus,
    reapprovalSection(detail),
    stagePanel(container, detail),
    draftsSection(detail),
    roundsSection(detail),
    resolutionSection(detail, (text) => reload(container, detail.id, text, 'h1')),
    adoptionSection(detail),
    afterDecisionSection(detail, (text) => reload(container, detail.id, text, 'h1')),
    h('div', { class: 'document-columns' },
      h('div', { class: 'document-main' },
        metadataSection(detail)),
      h('div', { class: 'document-side' },
        versionsSection(detail),
        historySection(detail))),
    auditSection(detail),
  );
}

// ---------------------------------------------------------------- stage

function stagePanel(container, detail) {
  const doc = detail.current;
  const stages = ctx.reference.stages;
  const index = stages.findIndex((s) => s.code === doc.stage);
  const stage = stages[index] || { code: doc.stage, name: doc.stage_name, phase: '', description: '' };

  const strip = h('ol', { class: 'process', 'aria-label': 'Processens steg' });
  stages.forEach((s, i) => {
    const state = i < index ? 'done' : i === index ? 'current' : 'todo';
    const stateText = state === 'done' ? 'avklarat' : state === 'current' ? 'nuvarande steg' : 'kommande';
    strip.append(h('li', {
      class: ['process-step', `is-${state}`],
      'aria-current': state === 'current' ? 'step' : null,
      title: `${s.phase}: ${s.description}`,
    },
    h('span', { class: 'process-number', 'aria-hidden': 'true', text: String(i + 1) }),
    h('span', { class: 'process-name', text: s.name }),
    h('span', { class: 'visually-hidden', text: ` (${stateText})` })));
  });

  const commentId = 'stage-comment';
  const dateId = 'stage-date';
  const comment = h('input', { type: 'text', id: commentId, name: 'stage_comment', autocomplete: 'off' });
  const date = h('input', {
    type: 'text',
    id: dateId,
    name: 'stage_date',
    class: 'input-date',
    placeholder: 'ÅÅÅÅ-MM-DD',
    inputmode: 'numeric',
    autocomplete: 'off',
    'aria-describedby': 'stage-date-hint',
  });
  // Errors show under the row whose button was pressed.
  const errorArea = h('div', { class: 'stage-error', id: 'stage-error' });
  const moveErrorArea = h('div', { class: 'stage-error', id: 'move-stage-error' });

  const next = detail.next_stage;
  const nextButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    id: 'next-stage',
    text: next ? `Nästa steg: ${next.name}` : 'Nästa steg',
    hidden: !next,
  });

  const selectId = 'stage-select';
  const select = h('select', { id: selectId, name: 'stage' },
    h('option', { value: '', text: 'Välj steg …' }),
    stages.map((s) => h('option', {
      value: s.code,
      text: s.code === doc.stage ? `${s.name} (nuvarande)` : s.name,
      disabled: s.code === doc.stage,
    })));
  const moveButton = h('button', { type: 'button', class: 'button', id: 'move-stage', text: 'Flytta' });

  const busy = (on) => {
    nextButton.disabled = on;
    moveButton.disabled = on;
  };

  const move = async (target, focusSelector, area) => {
    errorArea.replaceChildren();
    moveErrorArea.replaceChildren();
    for (const el of [comment, date, select]) el.removeAttribute('aria-invalid');
    if (!target) {
      area.append(h('p', { class: 'field-error', dataset: { for: 'stage' }, role: 'alert', text: 'Välj vilket steg dokumentet ska flyttas till.' }));
      select.setAttribute('aria-invalid', 'true');
      select.focus();
      return;
    }
    busy(true);
    try {
      await api.setStage(detail.id, target, comment.value, date.value.trim() || null);
      await reload(container, detail.id, `Dokumentet har flyttats till steget ${stageName(target)}.`, focusSelector);
    } catch (error) {
      busy(false);
      showStageError(area, error, { on_date: date, stage: select, comment });
    }
  };
  nextButton.addEventListener('click', () => move(next && next.code, '#current-stage', errorArea));
  moveButton.addEventListener('click', () => move(select.value, '#current-stage', moveErrorArea));

  return h('section', { class: 'panel stage-panel', 'aria-labelledby': 'stage-heading' },
    h('div', { class: 'stage-banner' },
      h('div', {},
        h('h2', { class: 'panel-title', id: 'stage-heading', text: 'Var dokumentet står' }),
        h('p', { class: 'stage-current' },
          h('span', { class: 'stage-label', text: 'Nuvarande steg: ' }),
          h('strong', { id: 'current-stage', tabindex: '-1', dataset: { stage: doc.stage }, text: doc.stage_name }),
          stage.phase ? h('span', { class: 'stage-phase', text: ` · Fas: ${stage.phase}` }) : null),
        stage.description ? h('p', { class: 'stage-description', text: stage.description }) : null)),
    strip,
    h('div', { class: 'stage-controls' },
      h('div', { class: 'field field-grow' },
        h('label', { for: commentId, text: 'Kommentar till stegbytet (valfri)' }),
        comment),
      h('div', { class: 'field' },
        h('label', { for: dateId, text: 'Datum (valfritt)' }),
        date,
        h('span', { class: 'hint', id: 'stage-date-hint', text: 'Tomt = i dag' })),
      h('div', { class: 'field field-action' }, nextButton),
    ),
    errorArea,
    h('div', { class: 'stage-controls stage-controls-secondary' },
      h('div', { class: 'field' },
        h('label', { for: selectId, text: 'Flytta till ett annat steg' }),
        h('div', { class: 'input-with-button' }, select, moveButton))),
    moveErrorArea);
}

function showStageError(area, error, controls) {
  area.replaceChildren();
  if (error.code === 'invalid' && error.fields.length) {
    for (const f of error.fields) {
      const control = controls[f.field];
      const id = uid('err');
      area.append(h('p', { class: 'field-error', id, dataset: { for: f.field }, role: 'alert', text: f.message }));
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
      }
    }
    const first = error.fields.map((f) => controls[f.field]).find(Boolean);
    if (first) first.focus();
  } else {
    area.append(errorBanner(error, 'Steget kunde inte ändras.'));
  }
}

// ---------------------------------------------------------------- revision

async function startRevision(container, detail, statusArea) {
  const nextNo = detail.current.version_no + 1;
  const result = await confirmDialog({
    id: 'revision-dialog',
    title: 'Påbörja revidering',
    message: `En ny version (version ${nextNo}) skapas som en kopia av version ${detail.current.version_no} `
      + `och börjar i steget ${ctx.reference.stages[0] ? ctx.reference.stages[0].name : 'Initiering'}. `
      + `Version ${detail.current.version_no} sparas oförändrad.`,
    confirmLabel: 'Påbörja revidering',
    comment: { id: 'revision-comment', label: 'Kommentar (valfri)', placeholder: 'Till exempel varför dokumentet revideras' },
    action: (comment) => api.openRevision(detail.id, comment),
  });
  if (result && result.ok) {
    await reload(container, detail.id, `Revidering påbörjad: version ${result.value} har skapats.`, 'h1');
  } else {
    statusArea.replaceChildren();
    revisionButtonFocus(container);
  }
}

function revisionButtonFocus(container) {
  const button = container.querySelector('#open-revision');
  if (button) button.focus();
}

// ---------------------------------------------------------------- metadata

function text(value) {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s ? s : null;
}

function metaRow(label, value, options = {}) {
  const shown = text(value);
  return [
    h('dt', { text: label }),
    h('dd', { class: shown ? options.className : 'is-empty' }, shown || 'Ej angivet'),
  ];
}

function metadataSection(detail) {
  const doc = detail.current;
  const followup = [doc.followup_interval_name, doc.followup_owner ? `ansvarig: ${doc.followup_owner}` : '']
    .filter(Boolean).join(', ');
  const areas = (doc.area_names && doc.area_names.length ? doc.area_names : (doc.areas || []).map(areaName)).join(', ');
  return h('section', { class: 'panel', 'aria-labelledby': 'meta-heading' },
    h('h2', { class: 'panel-title', id: 'meta-heading', text: 'Uppgifter' }),
    h('dl', { class: 'meta-list', id: 'document-metadata' },
      metaRow(fieldLabel('doc_type'), doc.doc_type_name || typeName(doc.doc_type)),
      metaRow(fieldLabel('developed_within'), doc.developed_within),
      metaRow(fieldLabel('organisation'), doc.organisation),
      metaRow('Version', doc.version_no),
      metaRow(fieldLabel('owner'), doc.owner),
      metaRow(fieldLabel('approver'), doc.approver),
      metaRow(fieldLabel('valid_from'), doc.valid_from),
      metaRow(fieldLabel('valid_to'), doc.valid_to),
      metaRow(fieldLabel('areas'), areas),
      metaRow(fieldLabel('prepared_by'), doc.prepared_by),
      metaRow(fieldLabel('parties'), partiesText(doc.parties)),
      metaRow(fieldLabel('diarienummer'), doc.diarienummer),
      metaRow(fieldLabel('vida_link'), doc.vida_link, { className: 'path' }),
      metaRow(fieldLabel('legal_basis'), doc.legal_basis, { className: 'pre-wrap' }),
      metaRow('Uppföljning', followup),
      metaRow(fieldLabel('notes'), doc.notes, { className: 'pre-wrap' }),
    ));
}

function versionsSection(detail) {
  const table = h('table', { class: 'data-table compact-table', id: 'versions-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Version' }),
      h('th', { scope: 'col', text: 'Steg' }),
      h('th', { scope: 'col', text: fieldLabel('valid_from') }),
      h('th', { scope: 'col', text: fieldLabel('valid_to') }))),
    h('tbody', {}, detail.versions.map((v) => h('tr', {
      class: v.version_no === detail.current.version_no ? 'is-current' : null,
      dataset: { version: v.version_no },
    },
    h('td', { class: 'num' }, String(v.version_no),
      v.version_no === detail.current.version_no ? h('span', { class: 'tag', text: 'aktuell' }) : null),
    h('td', { text: v.stage_name }),
    h('td', { class: 'nowrap', text: formatDate(v.valid_from) }),
    h('td', { class: 'nowrap', text: formatDate(v.valid_to) })))));
  return h('section', { class: 'panel', 'aria-labelledby': 'versions-heading' },
    h('h2', { class: 'panel-title', id: 'versions-heading', text: 'Versioner' }),
    h('div', { class: 'table-wrap' }, table));
}

/**
 * "Visa fler" under a list that shows the newest entries only: appends the
 * next `MORE_SIZE` from `fetch(offset, limit)` with `item(entry)`, and
 * hides when everything is shown.
 */
function moreButton(id, list, shown, total, fetch, item) {
  let count = shown;
  const status = h('div', { class: 'status-area' });
  const button = h('button', { type: 'button', class: 'button button-quiet', id });
  const label = () => {
    button.textContent = `Visa fler (${number(count)} av ${number(total)} visas)`;
    button.hidden = count >= total;
  };
  label();
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const page = await fetch(count, MORE_SIZE);
      for (const entry of page.rows) list.append(item(entry));
      count += page.rows.length;
      total = page.total;
      status.replaceChildren();
      label();
    } catch (error) {
      status.replaceChildren(errorBanner(error, 'Fler händelser kunde inte hämtas.'));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'more-row' }, button, status);
}

function historySection(detail) {
  const list = h('ol', { class: 'timeline', id: 'stage-history' });
  for (const change of detail.history) list.append(historyItem(change));
  return h('section', { class: 'panel', 'aria-labelledby': 'history-heading' },
    h('h2', { class: 'panel-title', id: 'history-heading', text: 'Historik' }),
    list,
    detail.history.length ? null : h('p', { class: 'muted', text: 'Ingen historik ännu.' }),
    moreButton('more-history', list, detail.history.length, detail.history_total,
      (offset, limit) => api.documentHistory(detail.id, offset, limit), historyItem));
}

function historyItem(change) {
  const from = change.from_stage ? (change.from_stage_name || stageName(change.from_stage)) : null;
  const to = change.to_stage_name || stageName(change.to_stage);
  return h('li', { class: 'timeline-item', dataset: { stage: change.to_stage } },
    h('div', { class: 'timeline-head' },
      h('span', { class: 'timeline-date', text: formatDate(change.on_date) }),
      h('span', { class: 'tag', text: `v${change.version_no}` })),
    h('p', { class: 'timeline-main' },
      from ? [
        h('span', { text: from }),
        h('span', { class: 'arrow', 'aria-hidden': 'true', text: ' → ' }),
        h('span', { class: 'visually-hidden', text: ' till ' }),
      ] : null,
      h('strong', { text: to })),
    h('p', { class: 'timeline-meta', text: change.actor || DASH }),
    change.comment ? h('p', { class: 'timeline-comment', text: change.comment }) : null);
}

// ---------------------------------------------------------------- audit

/**
 * What an event changed, as the core describes it: `changes` holds one
 * `{ field, label, before, after }` per field whose value changed, with
 * Swedish display strings ("" for an empty value). Nothing else of the
 * event is shown, so no stored key or raw value reaches the window.
 */
function changeTable(event) {
  const changes = Array.isArray(event.changes) ? event.changes : [];
  if (!changes.length) return null;
  const shown = (value) => (value === '' || value === null || value === undefined ? DASH : String(value));
  const registered = changes.every((c) => !c.before);
  const removed = !registered && changes.every((c) => !c.after);
  if (registered || removed) {
    // A creation or a removal: one column of values.
    const values = changes.filter((c) => (registered ? c.after : c.before));
    if (!values.length) return null;
    return h('details', { class: 'change-details' },
      h('summary', { text: registered ? 'Visa registrerade uppgifter' : 'Visa borttagna uppgifter' }),
      h('table', { class: 'change-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'Fält' }),
          h('th', { scope: 'col', text: registered ? 'Värde' : 'Värde före' }))),
        h('tbody', {}, values.map((c) => h('tr', {},
          h('th', { scope: 'row', text: c.label }),
          h('td', { class: 'pre-wrap', text: shown(registered ? c.after : c.before) }))))));
  }
  return h('table', { class: 'change-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Fält' }),
      h('th', { scope: 'col', text: 'Före' }),
      h('th', { scope: 'col', text: 'Efter' }))),
    h('tbody', {}, changes.map((c) => h('tr', {},
      h('th', { scope: 'row', text: c.label }),
      h('td', { class: ['pre-wrap', 'change-before'], text: shown(c.before) }),
      h('td', { class: ['pre-wrap', 'change-after'], text: shown(c.after) })))));
}

function auditSection(detail) {
  const list = h('ol', { class: 'audit-list', id: 'audit-trail' });
  for (const event of detail.events) list.append(auditItem(event));
  return h('section', { class: 'panel', 'aria-labelledby': 'audit-heading' },
    h('h2', { class: 'panel-title', id: 'audit-heading', text: 'Ändringslogg' }),
    h('p', { class: 'panel-intro', text: 'Varje ändring av dokumentet, med tid, vem som gjorde den och vad som ändrades.' }),
    list,
    detail.events.length ? null : h('p', { class: 'muted', text: 'Inga händelser ännu.' }),
    moreButton('more-events', list, detail.events.length, detail.events_total,
      (offset, limit) => api.documentEvents(detail.id, offset, limit), auditItem));
}

function auditItem(event) {
  return h('li', { class: 'audit-item', dataset: { action: event.action } },
    h('div', { class: 'audit-head' },
      h('time', { class: 'audit-time', datetime: event.at, text: formatDateTime(event.at) }),
      h('span', { class: 'audit-actor', text: event.actor || DASH }),
      h('span', { class: 'audit-summary', text: event.summary })),
    changeTable(event));
}

// What every view needs besides its own data: the app info, the reference
// data (types, areas, forums, stages, positions and the core's labels), the
// parties, and a one-shot confirmation message carried across a navigation.

import * as api from './api.js';

export const ctx = {
  info: null,
  reference: { document_types: [], areas: [], forums: [], stages: [], positions: [], labels: null },
  parties: [],
};

/** Loads the reference data and the parties (the database must be open). */
export async function loadContext() {
  const [reference, parties] = await Promise.all([api.referenceData(), api.listParties()]);
  ctx.reference = reference;
  ctx.parties = parties;
}

/** Reloads the parties, e.g. after a contact changed. */
export async function reloadParties() {
  ctx.parties = await api.listParties();
  return ctx.parties;
}

/**
 * The core's Swedish labels (`reference_data().labels`): `fields` (document
 * field names), `followup_intervals` ({ months, name }), `validity_filters`
 * and `contact_levels` ({ code, name }), `db_sources` (source → text). The
 * window keeps no copies of its own.
 */
export function labels() {
  return ctx.reference.labels;
}

/**
 * The Swedish name of a document field. A field the core has no label for
 * is a defect: it is logged (the tour fails on it) and shown as nothing,
 * never as its identifier.
 */
export function fieldLabel(field) {
  const label = labels().fields[field];
  if (label) return label;
  console.error(`Samdok: no label for the document field ${field}`);
  return '';
}

export function stageName(code) {
  const stage = ctx.reference.stages.find((s) => s.code === code);
  return stage ? stage.name : code;
}

export function typeName(code) {
  const type = ctx.reference.document_types.find((t) => t.code === code);
  return type ? type.name : code;
}

export function areaName(code) {
  const area = ctx.reference.areas.find((a) => a.code === code);
  return area ? area.name : code;
}

export function partyName(id) {
  const party = ctx.parties.find((p) => p.id === Number(id));
  return party ? party.name : `Part ${id}`;
}

/** "Alla 17 parter" when every party is included, else the names. */
export function partiesText(ids) {
  const list = ids || [];
  if (ctx.parties.length && list.length === ctx.parties.length
      && ctx.parties.every((p) => list.includes(p.id))) {
    return `Alla ${ctx.parties.length} parter`;
  }
  return list.map(partyName).join(', ');
}

let pendingNotice = null;

/** Keeps a confirmation to show on the next view that asks for it. */
export function setNotice(text) {
  pendingNotice = text;
}

/** The kept confirmation, once. */
export function takeNotice() {
  const text = pendingNotice;
  pendingNotice = null;
  return text;
}

/**
 * The core's labels of the steps after the decision
 * (`labels().lifecycle`): `title`, `steps` ({ code, name }), `records`
 * (entity → { one, many }), `fields` (entity → field → label) and
 * `session_kinds` (`digital`, `on_site`).
 */
export function lifecycleLabels() {
  return labels().lifecycle;
}

/**
 * The Swedish label of a field of a step after the decision
 * (`stepFieldLabel('implementation_mailing', 'sent_on')`). A missing label
 * is a defect, logged and shown as nothing, as with `fieldLabel`.
 */
export function stepFieldLabel(entity, key) {
  const label = (lifecycleLabels().fields[entity] || {})[key];
  if (label) return label;
  console.error(`Samdok: no label for ${key} of ${entity}`);
  return '';
}

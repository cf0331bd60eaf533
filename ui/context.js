// What every view needs besides its own data: the app info, the reference
// data (types, areas, forums, stages), the parties, and a one-shot
// confirmation message carried across a navigation.

import * as api from './api.js';

export const ctx = {
  info: null,
  reference: { document_types: [], areas: [], forums: [], stages: [] },
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

export const FOLLOWUP_INTERVALS = [
  { months: 6, name: 'Var sjätte månad' },
  { months: 12, name: 'Varje år' },
  { months: 24, name: 'Vartannat år' },
  { months: 36, name: 'Vart tredje år' },
  { months: 48, name: 'Vart fjärde år' },
];

export const VALIDITY_FILTERS = [
  { code: 'gallande', name: 'Gällande' },
  { code: 'gar_ut', name: 'Går ut inom 12 mån' },
  { code: 'utgangen', name: 'Utgången' },
  { code: 'kommande', name: 'Kommande' },
  { code: 'ej_angiven', name: 'Giltighet ej angiven' },
];

export const CONTACT_LEVELS = [
  { code: 'politisk', name: 'Politisk nivå (remiss)' },
  { code: 'tjansteperson', name: 'Tjänstepersonsnivå (synpunktsrunda)' },
];

export const DB_SOURCES = {
  option: 'angiven med --db',
  environment: 'miljövariabeln SAMDOK_DB',
  settings: 'vald i inställningarna',
  default: 'standardplats',
};

/** Swedish labels of the document fields, as in the form and the audit trail. */
export const FIELD_LABELS = {
  doc_type: 'Dokumenttyp',
  title: 'Titel',
  developed_within: 'Framtagen inom',
  organisation: 'Organisation',
  owner: 'Dokumentägare',
  approver: 'Fastställare',
  valid_from: 'Giltig fr.o.m.',
  valid_to: 'Giltig t.o.m.',
  areas: 'Gäller för',
  prepared_by: 'Utarbetad av',
  parties: 'Ingående parter',
  diarienummer: 'Diarienummer',
  vida_link: 'Länk i Vida',
  legal_basis: 'Lagstöd',
  followup_interval_months: 'Uppföljningsintervall',
  followup_owner: 'Ansvarig för uppföljning',
  notes: 'Anteckningar',
  stage: 'Steg',
  on_date: 'Datum',
  comment: 'Kommentar',
  version_no: 'Version',
  level: 'Nivå',
  name: 'Namn',
  role: 'Roll',
  email: 'E-post',
  phone: 'Telefon',
};

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

export function levelName(code) {
  const level = CONTACT_LEVELS.find((l) => l.code === code);
  return level ? level.name : code;
}

export function intervalName(months) {
  if (months === null || months === undefined || months === '') return '';
  const known = FOLLOWUP_INTERVALS.find((i) => i.months === Number(months));
  return known ? known.name : `Var ${months}:e månad`;
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

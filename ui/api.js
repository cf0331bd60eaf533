// The window's only door to the Rust side: one async function per Tauri
// command. Arguments are passed as Tauri expects them (camelCase keys for
// plain parameters, snake_case fields inside struct payloads). Every
// function rejects with `{ code, message, fields }` as the command sends it;
// anything else (a missing command, a broken payload) is turned into the same
// shape with a Swedish message and the original text in `detail`.

function tauriInvoke() {
  const tauri = window.__TAURI__;
  return tauri && tauri.core && typeof tauri.core.invoke === 'function' ? tauri.core.invoke : null;
}

function normaliseError(raw) {
  if (raw && typeof raw === 'object' && typeof raw.code === 'string' && typeof raw.message === 'string') {
    return {
      code: raw.code,
      message: raw.message,
      fields: Array.isArray(raw.fields) ? raw.fields : [],
      detail: typeof raw.detail === 'string' ? raw.detail : null,
    };
  }
  return {
    code: 'internal',
    message: 'Ett oväntat fel inträffade i Samdok. Försök igen; om felet kvarstår, starta om programmet.',
    fields: [],
    detail: raw instanceof Error ? raw.message : String(raw),
  };
}

async function call(command, args = {}) {
  const invoke = tauriInvoke();
  if (!invoke) {
    throw {
      code: 'no_backend',
      message: 'Samdok måste startas som skrivbordsprogram; sidan kan inte användas i en vanlig webbläsare.',
      fields: [],
    };
  }
  try {
    return await invoke(command, args);
  } catch (raw) {
    throw normaliseError(raw);
  }
}

/** Version, database path and source, schema version, OS user, today, open error. */
export function appInfo() {
  return call('app_info');
}

/** Document types, areas, forums and stages. */
export function referenceData() {
  return call('reference_data');
}

/** The 17 parties with their contacts, in the guideline's order. */
export function listParties() {
  return call('list_parties');
}

/** Adds a contact (`{ level, name, role, email, phone }`) to a party. */
export function addContact(partyId, contact) {
  return call('add_contact', { partyId, contact });
}

/** Changes a contact. */
export function updateContact(contactId, contact) {
  return call('update_contact', { contactId, contact });
}

/** Removes a contact. */
export function deleteContact(contactId) {
  return call('delete_contact', { contactId });
}

/**
 * A party's page: `{ party, rounds, tally, tally_text, comments, adopted }`,
 * the rounds latest deadline first.
 */
export function partyPage(partyId) {
  return call('party_page', { partyId: Number(partyId) });
}

/**
 * "Förteckning …" in `format` (`docx`, `xlsx` or `html`) where the user
 * chooses; resolves to `{ path, format, documents }`, or null when cancelled.
 */
export function exportReport(format) {
  return call('export_report', { format });
}

/** "Kalender …" (.ics) where the user chooses: `{ path, events }`, or null when cancelled. */
export function exportCalendar() {
  return call('export_calendar');
}

/** Checks the register without changing anything (`samdok verify`). */
export function verifyRegister() {
  return call('verify_register');
}

/** The yearly reviews, the latest year first. */
export function listReviews() {
  return call('list_reviews');
}

/** Records this year's review (`{ reviewed_on, reviewed_by, note }`). */
export function recordReview(input) {
  return call('record_review', { input });
}

/** Removes a year's review recorded by mistake. */
export function removeReview(year) {
  return call('remove_review', { year: Number(year) });
}

/** Opens the report kept with a year's review in its default program. */
export function openReviewReport(year) {
  return call('open_review_report', { year: Number(year) });
}

/** The register's saved views (`{ id, name, query, … }`), in Swedish order. */
export function listViews() {
  return call('list_views');
}

/** Saves the register's query under `name`; `replace` overwrites a view of that name. */
export function saveView(name, query, replace = false) {
  return call('save_view', { name, query, replace });
}

/** Removes a saved view. */
export function removeView(name) {
  return call('remove_view', { name });
}

/**
 * One page of the register for a query:
 * `{ search, doc_type, stage, area, validity, adoption, sort, descending, offset, limit }`.
 * Resolves to `{ rows, total, offset }`; each row's `adoption` is the
 * tally of its latest adoption round (`{ text, adopted, decided, total }`)
 * or null.
 */
export function listDocuments(query) {
  return call('list_documents', { query });
}

/**
 * One document with its versions, and the newest 50 entries of its stage
 * history and change log (`history_total`, `events_total` count them all).
 */
export function getDocument(id) {
  return call('get_document', { id: Number(id) });
}

/** More of a document's change log, newest first: `{ rows, total, offset }`. */
export function documentEvents(id, offset, limit) {
  return call('document_events', { id: Number(id), offset: Number(offset), limit: Number(limit) });
}

/** More of a document's stage history, newest first: `{ rows, total, offset }`. */
export function documentHistory(id, offset, limit) {
  return call('document_history', { id: Number(id), offset: Number(offset), limit: Number(limit) });
}

/** Registers a new document; resolves to its id. */
export function createDocument(input) {
  return call('create_document', { input });
}

/**
 * Changes a document's current version; resolves to the changed field
 * names. `original` is what the form was filled with: only the fields that
 * differ from it are written.
 */
export function updateDocument(id, input, original = null) {
  return call('update_document', { id: Number(id), input, original });
}

/** Moves a document to a stage; `onDate` `YYYY-MM-DD` or null for today. */
export function setStage(id, stage, comment, onDate) {
  return call('set_stage', { id: Number(id), stage, comment: comment || '', onDate: onDate || null });
}

/** Opens a revision; resolves to the new version number. */
export function openRevision(id, comment) {
  return call('open_revision', { id: Number(id), comment: comment || '' });
}

/**
 * Opens an existing database file (`create` false) or creates a new one
 * (`create` true) through the system's file dialog. Resolves false when the
 * user cancels; the current database stays open when the chosen one fails.
 */
export function chooseDatabase(create) {
  return call('choose_database', { create: Boolean(create) });
}

/** The document's drafts, its current working draft and that draft's check. */
export function draftOverview(id) {
  return call('draft_overview', { id: Number(id) });
}

/** "Skapa utkast": save dialog, then the draft is written and recorded. Null when cancelled. */
export function createDraft(id) {
  return call('create_draft', { id: Number(id) });
}

/** "Bifoga arbetsversion": open dialog, check, store. `{ draft, check }` or null when cancelled. */
export function attachDraft(id) {
  return call('attach_draft', { id: Number(id) });
}

/** Checks any .docx chosen from disk. `{ file_name, check }` or null when cancelled. */
export function checkDocx() {
  return call('check_docx');
}

/** Opens a recorded draft in the default program (Word). */
export function openDraft(draftId) {
  return call('open_draft', { draftId: Number(draftId) });
}

/**
 * One page of rounds, nearest deadline first: those waiting for answers, or
 * all with `includeDone`; only one document's with `documentId`. Resolves to
 * `{ rows, total, offset }`.
 */
export function listRounds({ includeDone = false, documentId = null, offset = 0, limit = null } = {}) {
  return call('list_rounds', {
    query: {
      include_done: Boolean(includeDone),
      document_id: documentId === null ? null : Number(documentId),
      offset: Number(offset),
      limit: limit === null ? null : Number(limit),
    },
  });
}

/** A round with every recipient's status. */
export function roundStatus(id) {
  return call('round_status', { id: Number(id) });
}

/** Opens a round on a document's current version; resolves to its id. */
export function openRound(documentId, input) {
  return call('open_round', { documentId: Number(documentId), input });
}

/**
 * Marks one recipient: `{ kind: received|declined|reminded|sent|note|undo,
 * date?, position?, note? }`, or in an adoption round `{ kind: 'decided',
 * outcome, body, date?, their_diarienummer? }`. Resolves to the round's new
 * status.
 */
export function markRound(roundId, partyId, mark) {
  return call('mark_round', { roundId: Number(roundId), partyId: Number(partyId), mark });
}

/**
 * Where the document's adoption stands: `{ round_id, adopted, decided,
 * total, text, undecided, not_adopted }` ("Antagen av 2 av 17", the parties
 * still to decide and those that said no), or null before its first
 * adoption round.
 */
export function documentAdoption(documentId) {
  return call('document_adoption', { documentId: Number(documentId) });
}

/** What an export of the round's package would send (draft, warnings, parties without e-mail). */
export function packagePlan(roundId) {
  return call('package_plan', { roundId: Number(roundId) });
}

/** Exports the package (zip or a new folder); null when cancelled. */
export function exportPackage(roundId, zip) {
  return call('export_package', { roundId: Number(roundId), zip: Boolean(zip) });
}

/** Calls `callback({ done, total })` while a package is written; resolves to a function that stops it. */
export async function onPackageProgress(callback) {
  const events = window.__TAURI__ && window.__TAURI__.event;
  if (!events) return () => {};
  return events.listen('package-progress', (event) => callback(event.payload));
}

/** The parties of a round without an answer, with the address a reminder would go to. */
export function reminderList(roundId) {
  return call('reminder_list', { roundId: Number(roundId) });
}

/** Writes reminder e-mail drafts into a chosen folder and records the reminders; null when cancelled. */
export function writeReminders(roundId) {
  return call('write_reminders', { roundId: Number(roundId) });
}

/** The template's missiv text for a round on the document (to prefill the form). */
export function defaultMissiv(documentId, { kind, deadline, diarienummer, replyAddress }) {
  return call('default_missiv', {
    documentId: Number(documentId),
    kind,
    deadline: deadline || '',
    diarienummer: diarienummer || '',
    replyAddress: replyAddress || '',
  });
}

/** "Bifoga fil" for a party's answer (file dialog); the round's new status, or null when cancelled. */
export function attachAnswerFile(roundId, partyId) {
  return call('attach_answer_file', { roundId: Number(roundId), partyId: Number(partyId) });
}

/** Attaches files dropped on a party's row; resolves to the round's new status. */
export function attachAnswerPaths(roundId, partyId, paths) {
  return call('attach_answer_paths', { roundId: Number(roundId), partyId: Number(partyId), paths });
}

/** Opens an answer file in its default program. */
export function openAnswerFile(fileId) {
  return call('open_answer_file', { fileId: Number(fileId) });
}

/**
 * Calls `handler({ type, paths, position })` for files dragged over or
 * dropped on the window (`type` is over, drop or leave; `position` in CSS
 * pixels). Resolves to a function that stops listening.
 */
export async function onFileDrop(handler) {
  const webview = window.__TAURI__ && window.__TAURI__.webview;
  if (!webview || !webview.getCurrentWebview) return () => {};
  return webview.getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload || {};
    const ratio = window.devicePixelRatio || 1;
    handler({
      type: p.type,
      paths: p.paths || [],
      position: p.position ? { x: p.position.x / ratio, y: p.position.y / ratio } : null,
    });
  });
}

/**
 * "Läs in svarsmallar": a dialog for one or many returned forms, each read
 * and matched to the round (nothing stored). Resolves to
 * `[{ path, file_name, preview, error }]`, empty when cancelled.
 */
export function chooseAnswerForms(roundId) {
  return call('choose_answer_forms', { roundId: Number(roundId) });
}

/** As {@link chooseAnswerForms}, for files dropped on the round. */
export function previewAnswerForms(roundId, paths) {
  return call('preview_answer_forms', { roundId: Number(roundId), paths });
}

/**
 * Records the confirmed forms: `items` `[{ path, choice: replace|add|null,
 * received_on }]`. Resolves to `[{ path, file_name, imported, error }]`,
 * one per item (each in its own transaction).
 */
export function importAnswerForms(roundId, items) {
  return call('import_answer_forms', { roundId: Number(roundId), items });
}

/**
 * The compilation view of a round: `{ round, comments, progress,
 * reapproval, feedback }`.
 */
export function roundComments(roundId) {
  return call('round_comments', { roundId: Number(roundId) });
}

/** Adds a comment by hand (`{ section, text, proposal }`); resolves to its id. */
export function addComment(roundId, partyId, input) {
  return call('add_comment', { roundId: Number(roundId), partyId: Number(partyId), input });
}

/** Corrects a comment's section, text or proposal. */
export function editComment(id, input) {
  return call('edit_comment', { id: Number(id), input });
}

/** Removes a comment (and its decision when it was the only one). */
export function removeComment(id) {
  return call('remove_comment', { id: Number(id) });
}

/** One decision for all `ids`: `{ disposition, motivation, significant }`. */
export function decideComments(ids, input) {
  return call('decide_comments', { ids: ids.map(Number), input });
}

/** Takes the decision off `ids`. */
export function undecideComments(ids) {
  return call('undecide_comments', { ids: ids.map(Number) });
}

/** Saves the compilation as `docx` or `xlsx` (save dialog); null when cancelled. */
export function exportCompilation(roundId, format) {
  return call('export_compilation', { roundId: Number(roundId), format });
}

/** Writes the återkoppling into a chosen folder and records it; null when cancelled. */
export function sendFeedback(roundId) {
  return call('send_feedback', { roundId: Number(roundId) });
}

/** "Godkänt på nytt i nätverken" on `date` (`YYYY-MM-DD`, today when empty), or `undo`. */
export function recordReapproval(roundId, date, undo = false) {
  return call('record_reapproval', { roundId: Number(roundId), date: date || null, undo: Boolean(undo) });
}

/** The document's rounds whose significant changes wait for the networks' approval. */
export function documentReapprovals(documentId) {
  return call('document_reapprovals', { documentId: Number(documentId) });
}

/** The document's ställningstaganden, the latest meeting first. */
export function listResolutions(documentId) {
  return call('list_resolutions', { documentId: Number(documentId) });
}

/**
 * Records a forum's ställningstagande (`{ forum, meeting_date, text,
 * recommends_adoption }`); resolves to its id. Refused (field `reapproval`)
 * while a significant change waits for the networks' approval.
 */
export function recordResolution(documentId, input) {
  return call('record_resolution', { documentId: Number(documentId), input });
}

/** Removes a ställningstagande recorded by mistake. */
export function removeResolution(id) {
  return call('remove_resolution', { id: Number(id) });
}

// ---- after the decision: each step resolves to the fresh lifecycle view

/** The document's life after the decision, with the core's warnings. */
export function documentLifecycle(documentId) {
  return call('document_lifecycle', { documentId: Number(documentId) });
}

/** Information sent (`{ sent_on, sent_to, minor_revision }`). */
export function recordMailing(documentId, input) {
  return call('record_mailing', { documentId: Number(documentId), input });
}

/** An information session (`{ planned_on, held_on, digital, note }`). */
export function addSession(documentId, input) {
  return call('add_session', { documentId: Number(documentId), input });
}

/** A planned session held on `heldOn` (`YYYY-MM-DD`). */
export function markSessionHeld(sessionId, heldOn) {
  return call('mark_session_held', { sessionId: Number(sessionId), heldOn });
}

/** The publication (`{ published_on, vida_link }`). */
export function publishDocument(documentId, input) {
  return call('publish_document', { documentId: Number(documentId), input });
}

/** The follow-up plan (`{ indicators, interval_months, owner }`). */
export function planFollowup(documentId, input) {
  return call('plan_followup', { documentId: Number(documentId), input });
}

/** A follow-up done (`{ done_on, result }`). */
export function recordFollowup(documentId, input) {
  return call('record_followup', { documentId: Number(documentId), input });
}

/** The decision to retire (`{ forum, decided_on }`). */
export function decideRetirement(documentId, input) {
  return call('decide_retirement', { documentId: Number(documentId), input });
}

/** The day the document was marked inaktuell on the web. */
export function markInaktuell(documentId, inaktuellOn) {
  return call('mark_inaktuell', { documentId: Number(documentId), inaktuellOn });
}

/** The day the retired document was removed from the web. */
export function markRemovedFromWeb(documentId, removedOn) {
  return call('mark_removed_from_web', { documentId: Number(documentId), removedOn });
}

/** Removes a mailing recorded by mistake; resolves to the fresh lifecycle. */
export function removeMailing(mailingId) {
  return call('remove_mailing', { mailingId: Number(mailingId) });
}

/** Removes an information session recorded by mistake. */
export function removeSession(sessionId) {
  return call('remove_session', { sessionId: Number(sessionId) });
}

/** Takes back "held" on a session marked held by mistake. */
export function unmarkSessionHeld(sessionId) {
  return call('unmark_session_held', { sessionId: Number(sessionId) });
}

// ---- Översikt

/**
 * Everything that needs attention today, most urgent first, a page at a
 * time: `{ today, horizon_months, items, offset, total, active, snoozed,
 * groups }` (src/watch/mod.rs). `items` are `limit` items from `offset`;
 * `groups` (heading, line and count of the whole list) in the order shown;
 * snoozed items only with `includeSnoozed`, marked by their `snoozed`.
 */
export function attention({
  horizonMonths = 12, includeSnoozed = false, offset = 0, limit = null,
} = {}) {
  return call('attention', {
    options: {
      horizon_months: Number(horizonMonths),
      include_snoozed: Boolean(includeSnoozed),
      offset: Number(offset),
      limit: limit === null ? null : Number(limit),
    },
  });
}

/** Snoozes an item until `until` (`YYYY-MM-DD`), with a note. */
export function snoozeItem(key, until, note) {
  return call('snooze_item', { key: String(key), until: String(until || ''), note: String(note || '') });
}

/** Shows a snoozed item again. */
export function unsnoozeItem(key) {
  return call('unsnooze_item', { key: String(key) });
}

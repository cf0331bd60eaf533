// Efter beslutet: the document's life after the decision — implementation
// (information sent, information sessions), publication, follow-up (the plan
// and the follow-ups done) and retirement — with the core's warnings shown
// first, as the core words them. Every step opens a dialog; the core checks
// the input, its field errors show under the fields, and after a step the
// whole document page is redrawn (stage, history and change log move).
// A mailing or a session recorded by mistake is removed after a
// confirmation. The names of the steps and their fields are the core's
// (`lifecycleLabels()`); the panel is shown only when the core says the
// steps apply to the document (`view.applies`).

import * as api from '../api.js';
import {
  ctx, labels, fieldLabel, lifecycleLabels, stepFieldLabel,
} from '../context.js';
import {
  h, fill, formatDate, count, errorBanner, clearFieldErrors, DASH, showFormError,
} from '../dom.js';
import { formDialog, confirmDialog } from './dialogs.js';

/**
 * The panel on the document page. `onChanged(message)` runs after a step
 * was recorded, to redraw the page.
 */
export function afterDecisionSection(detail, onChanged) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Hämtar stegen efter beslutet …' }));
  // Hidden until the core says whether the steps apply: a document being
  // drafted has no panel at all.
  const section = h('section', {
    class: 'panel', id: 'after-decision-panel', 'aria-labelledby': 'after-decision-heading', hidden: true,
  },
  h('h2', { class: 'panel-title', id: 'after-decision-heading', text: lifecycleLabels().title }),
  body);
  api.documentLifecycle(detail.id).then((view) => {
    if (!view.applies) {
      section.remove();
      return;
    }
    fill(body, ...lifecycleContent(detail, view, onChanged));
    body.removeAttribute('aria-busy');
    section.hidden = false;
  }).catch((error) => {
    fill(body, errorBanner(error, 'Stegen efter beslutet kunde inte hämtas.'));
    body.removeAttribute('aria-busy');
    section.hidden = false;
  });
  return section;
}

/** A step's name (`implementation` → "Implementering"), the core's. */
function stepName(code) {
  const step = lifecycleLabels().steps.find((s) => s.code === code);
  if (step) return step.name;
  console.error(`Samdok: no label for the step ${code}`);
  return '';
}

/** What a kind of record is called, one or many, the core's. */
function recordName(entity, many = false) {
  const names = lifecycleLabels().records[entity];
  if (names) return many ? names.many : names.one;
  console.error(`Samdok: no label for the record ${entity}`);
  return '';
}

function sessionKind(digital) {
  return lifecycleLabels().session_kinds[digital ? 'digital' : 'on_site'];
}

function lifecycleContent(detail, view, onChanged) {
  const warnings = view.warnings.length
    ? h('div', { class: 'banner banner-warning', role: 'status', id: 'lifecycle-warnings' },
      h('p', { class: 'banner-heading', text: view.warnings.length === 1 ? 'Att åtgärda' : `Att åtgärda (${view.warnings.length})` }),
      h('ul', { class: 'lifecycle-warning-list' }, view.warnings.map((w) => h('li', { text: w.message }))))
    : null;
  return [
    warnings,
    h('div', { class: 'lifecycle-parts' },
      implementationPart(detail, view, onChanged),
      publicationPart(detail, view, onChanged),
      followupPart(detail, view, onChanged),
      retirementPart(detail, view, onChanged)),
  ];
}

function part(id, title, ...children) {
  return h('div', { class: 'lifecycle-part', id },
    h('h3', { class: 'lifecycle-part-title', text: title }),
    ...children);
}

/** Label and value rows; a row's third element `multiline` keeps the
 * value's line breaks (free text the user wrote). */
function facts(rows) {
  return h('dl', { class: 'meta-list lifecycle-facts' },
    rows.flatMap(([label, value, multiline]) => [
      h('dt', { text: label }),
      h('dd', { class: value ? (multiline ? 'pre-wrap' : '') : 'is-empty', text: value || DASH }),
    ]));
}

function actionButton(id, text, onClick) {
  return h('button', { type: 'button', class: 'button', id, text, on: { click: onClick } });
}

// ------------------------------------------------------------ implementering

function implementationPart(detail, view, onChanged) {
  const mailings = view.mailings.length
    ? h('ul', { class: 'lifecycle-list', id: 'lifecycle-mailings' }, view.mailings.map((m) => mailingItem(m, onChanged)))
    : h('p', { class: 'muted', id: 'no-mailings', text: 'Ingen information är registrerad som skickad.' });
  const sessions = view.sessions.length
    ? h('ul', { class: 'lifecycle-list', id: 'lifecycle-sessions' }, view.sessions.map((s) => sessionItem(detail, s, onChanged)))
    : h('p', { class: 'muted', id: 'no-sessions', text: 'Inga informationstillfällen är planerade.' });
  return part('lifecycle-implementation', stepName('implementation'),
    facts([
      [fieldLabel('valid_from'), view.valid_from ? formatDate(view.valid_from) : ''],
      [stepFieldLabel('lifecycle', 'info_due_by'), view.four_month_rule_applies && view.info_due_by ? formatDate(view.info_due_by) : ''],
    ]),
    h('h4', { class: 'lifecycle-subtitle', text: recordName('implementation_mailing', true) }),
    mailings,
    h('h4', { class: 'lifecycle-subtitle', text: `${recordName('implementation_session', true)} (${count(view.digital_sessions_planned, 'digitalt', 'digitala')})` }),
    sessions,
    h('div', { class: 'button-row' },
      actionButton('record-mailing', 'Registrera utskick', () => mailingDialog(detail, view, onChanged)),
      actionButton('add-session', 'Planera tillfälle', () => sessionDialog(detail, onChanged))));
}

/**
 * A link that removes an entry after a confirmation, as elsewhere:
 * `title` and `message` word the confirmation, `action()` calls the core,
 * `done` is the notice shown on the redrawn page.
 */
function removeButton({ id, label, title, message, action, done, onChanged, text = 'Ta bort' }) {
  const button = h('button', {
    type: 'button', class: 'link-button link-danger', id, text, 'aria-label': label,
  });
  button.addEventListener('click', async () => {
    const result = await confirmDialog({
      id: `${id}-dialog`,
      title,
      message,
      confirmLabel: text,
      danger: true,
      action,
    });
    if (result) await onChanged(done);
  });
  return button;
}

function mailingItem(m, onChanged) {
  const what = `${recordName('implementation_mailing').toLowerCase()} ${formatDate(m.sent_on)}${m.sent_to ? ` till ${m.sent_to}` : ''}`;
  return h('li', { class: 'lifecycle-mailing', dataset: { id: m.id } },
    h('strong', { text: formatDate(m.sent_on) }),
    ` ${m.sent_to}`,
    m.minor_revision ? h('span', { class: 'muted', text: ` · ${stepFieldLabel('implementation_mailing', 'minor_revision')}` }) : null,
    ' · ',
    removeButton({
      id: `remove-mailing-${m.id}`,
      label: `Ta bort ${what}`,
      title: 'Ta bort utskicket?',
      message: `Registreringen av ${what} tas bort, till exempel om den gjordes av misstag. Dokumentets steg ändras inte; borttagningen står i ändringsloggen.`,
      action: () => api.removeMailing(m.id),
      done: 'Utskicket har tagits bort.',
      onChanged,
    }));
}

function sessionItem(detail, s, onChanged) {
  const what = `${sessionKind(s.digital).toLowerCase()} ${formatDate(s.planned_on)}`;
  return h('li', { class: 'lifecycle-session', dataset: { id: s.id } },
    h('strong', { text: formatDate(s.planned_on) }),
    ` ${sessionKind(s.digital)}`,
    s.note ? [' · ', h('span', { class: 'pre-wrap', text: s.note })] : '',
    s.held_on
      ? h('span', {},
        h('span', { class: 'muted nowrap', text: ` · ${stepFieldLabel('implementation_session', 'held_on')} ${formatDate(s.held_on)}` }),
        ' · ',
        removeButton({
          id: `unmark-session-held-${s.id}`,
          text: 'Ta bort markeringen',
          label: `Ta bort markeringen genomfört på ${what}`,
          title: 'Ta bort markeringen genomfört?',
          message: `Markeringen att ${what} genomfördes ${formatDate(s.held_on)} tas bort; tillfället blir planerat igen. Borttagningen står i ändringsloggen.`,
          action: () => api.unmarkSessionHeld(s.id),
          done: 'Markeringen genomfört har tagits bort.',
          onChanged,
        }))
      : h('span', {}, ' · ',
        h('button', {
          type: 'button',
          class: 'link-button',
          id: `mark-session-held-${s.id}`,
          text: 'Markera som genomfört',
          'aria-label': `Markera tillfället ${formatDate(s.planned_on)} som genomfört`,
          on: { click: () => heldDialog(detail, s, onChanged) },
        })),
    ' · ',
    removeButton({
      id: `remove-session-${s.id}`,
      label: `Ta bort ${what}`,
      title: 'Ta bort informationstillfället?',
      message: `${what.charAt(0).toUpperCase()}${what.slice(1)} tas bort, till exempel om det registrerades av misstag. Dokumentets steg ändras inte; borttagningen står i ändringsloggen.`,
      action: () => api.removeSession(s.id),
      done: 'Informationstillfället har tagits bort.',
      onChanged,
    }));
}

// ------------------------------------------------------------ publicering

function publicationPart(detail, view, onChanged) {
  const p = view.publication;
  const link = p && p.vida_link
    ? h('a', { href: p.vida_link, target: '_blank', rel: 'noopener', id: 'lifecycle-vida-link', text: p.vida_link })
    : null;
  return part('lifecycle-publication', stepName('publication'),
    h('dl', { class: 'meta-list lifecycle-facts' },
      h('dt', { text: stepFieldLabel('publication', 'published_on') }),
      h('dd', { class: p ? '' : 'is-empty', id: 'lifecycle-published-on', text: p ? formatDate(p.published_on) : DASH }),
      h('dt', { text: stepFieldLabel('publication', 'vida_link') }),
      link ? h('dd', {}, link) : h('dd', { class: 'is-empty', text: DASH })),
    h('div', { class: 'button-row' },
      actionButton('publish-document', 'Registrera publicering', () => publicationDialog(detail, view, onChanged))));
}

// ------------------------------------------------------------ uppföljning

function followupPart(detail, view, onChanged) {
  const plan = view.followup_plan;
  const done = view.followups.length
    ? h('ul', { class: 'lifecycle-list', id: 'lifecycle-followups' }, view.followups.map((f) => h('li', {},
      h('strong', { text: formatDate(f.done_on) }),
      ' ', h('span', { class: 'pre-wrap', text: f.result }),
      f.next_due ? h('span', { class: 'muted', text: ` · ${stepFieldLabel('followup', 'next_due')} ${formatDate(f.next_due)}` }) : null)))
    : h('p', { class: 'muted', id: 'no-followups', text: 'Ingen uppföljning är gjord.' });
  return part('lifecycle-followup', stepName('followup'),
    facts([
      [stepFieldLabel('followup_plan', 'indicators'), plan.indicators, true],
      [stepFieldLabel('followup_plan', 'interval_months'), plan.interval_name],
      [stepFieldLabel('followup_plan', 'owner'), plan.owner],
      [stepFieldLabel('lifecycle', 'next_followup_due'), view.next_followup_due ? formatDate(view.next_followup_due) : ''],
    ]),
    h('h4', { class: 'lifecycle-subtitle', text: recordName('followup', true) }),
    done,
    h('div', { class: 'button-row' },
      actionButton('plan-followup', 'Ändra plan', () => planDialog(detail, view, onChanged)),
      actionButton('record-followup', 'Registrera uppföljning', () => followupDialog(detail, onChanged))));
}

// ------------------------------------------------------------ avveckling

function retirementPart(detail, view, onChanged) {
  const r = view.retirement;
  return part('lifecycle-retirement', stepName('retirement'),
    facts([
      [stepFieldLabel('retirement', 'decided_on'), r ? `${r.forum} ${formatDate(r.decided_on)}` : ''],
      [stepFieldLabel('retirement', 'inaktuell_on'), r && r.inaktuell_on ? formatDate(r.inaktuell_on) : ''],
      [stepFieldLabel('retirement', 'removal_on'), r && r.removal_on ? formatDate(r.removal_on) : ''],
      [stepFieldLabel('retirement', 'removed_on'), r && r.removed_on ? formatDate(r.removed_on) : ''],
    ]),
    h('div', { class: 'button-row' },
      actionButton('decide-retirement', 'Registrera beslut', () => retirementDialog(detail, view, onChanged)),
      r ? actionButton('mark-inaktuell', 'Markera inaktuellt', () => inaktuellDialog(detail, onChanged)) : null,
      r && r.inaktuell_on ? actionButton('mark-removed', 'Borttaget från webben', () => removedDialog(detail, onChanged)) : null));
}

// ------------------------------------------------------------ dialogs

function field(name, label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id, text: label }),
    hint ? h('span', { class: 'hint', id: hintId, text: hint }) : null,
    control);
}

function checkField(name, control, label, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('div', { class: 'check' }, control, h('label', { for: control.id, text: label })),
    hint ? h('span', { class: 'hint', id: hintId, text: hint }) : null);
}

function dateInput(id, name, value = '') {
  const input = h('input', { type: 'text', id, name, placeholder: 'ÅÅÅÅ-MM-DD', autocomplete: 'off' });
  input.value = value || '';
  return input;
}

function textInput(id, name, value = '') {
  const input = h('input', { type: 'text', id, name, autocomplete: 'off' });
  input.value = value || '';
  return input;
}

const DATE_HINT = 'Skriv som ÅÅÅÅ-MM-DD.';

/**
 * One step's dialog: `fields` are the form's fields (named as the core's
 * input fields, so its errors land under them), `save()` calls the core,
 * `done` is the notice shown on the redrawn page.
 */
function stepDialog({ id, title, fields, saveLabel, save, done, failed, onChanged }) {
  const summaryArea = h('div', { class: 'form-summary', id: `${id}-summary` });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', id: `${id}-save`, text: saveLabel });
  const cancelButton = h('button', { type: 'button', class: 'button', id: `${id}-cancel`, text: 'Avbryt' });
  const form = h('form', { id: `${id}-form`, novalidate: true },
    summaryArea,
    ...fields,
    h('div', { class: 'button-row dialog-buttons' }, saveButton, cancelButton));
  const { close } = formDialog({ id: `${id}-dialog`, title, form });
  cancelButton.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summaryArea.replaceChildren();
    clearFieldErrors(form);
    try {
      await save();
      close();
      await onChanged(done);
    } catch (error) {
      saveButton.disabled = false;
      showFormError(form, summaryArea, error, failed);
    }
  });
}

function mailingDialog(detail, view, onChanged) {
  const sentOn = dateInput('mailing-sent-on', 'sent_on');
  const sentTo = textInput('mailing-sent-to', 'sent_to');
  const minor = h('input', { type: 'checkbox', id: 'mailing-minor', name: 'minor_revision' });
  stepDialog({
    id: 'mailing',
    title: `${recordName('implementation_mailing')} – ${detail.current.title}`,
    fields: [
      field('sent_on', stepFieldLabel('implementation_mailing', 'sent_on'), sentOn, DATE_HINT),
      field('sent_to', stepFieldLabel('implementation_mailing', 'sent_to'), sentTo, 'Parter och nätverk som fick informationen.'),
      view.version_no > 1 ? checkField('minor_revision', minor, stepFieldLabel('implementation_mailing', 'minor_revision'), 'Fyramånadersregeln gäller inte.') : null,
    ],
    saveLabel: 'Registrera',
    save: () => api.recordMailing(detail.id, { sent_on: sentOn.value, sent_to: sentTo.value, minor_revision: minor.checked }),
    done: 'Utskicket har registrerats.',
    failed: 'Utskicket registrerades inte.',
    onChanged,
  });
}

function sessionDialog(detail, onChanged) {
  const plannedOn = dateInput('session-planned-on', 'planned_on');
  const heldOn = dateInput('session-held-on', 'held_on');
  const digital = h('input', { type: 'checkbox', id: 'session-digital', name: 'digital' });
  digital.checked = true;
  const note = textInput('session-note', 'note');
  stepDialog({
    id: 'session',
    title: `${recordName('implementation_session')} – ${detail.current.title}`,
    fields: [
      field('planned_on', stepFieldLabel('implementation_session', 'planned_on'), plannedOn, DATE_HINT),
      field('held_on', stepFieldLabel('implementation_session', 'held_on'), heldOn, 'Lämna tomt om tillfället inte är genomfört ännu.'),
      checkField('digital', digital, stepFieldLabel('implementation_session', 'digital')),
      field('note', stepFieldLabel('implementation_session', 'note'), note),
    ],
    saveLabel: 'Spara',
    save: () => api.addSession(detail.id, {
      planned_on: plannedOn.value, held_on: heldOn.value || null, digital: digital.checked, note: note.value,
    }),
    done: 'Informationstillfället har registrerats.',
    failed: 'Informationstillfället registrerades inte.',
    onChanged,
  });
}

function heldDialog(detail, s, onChanged) {
  const heldOn = dateInput('held-on', 'held_on');
  stepDialog({
    id: 'session-held',
    title: `${recordName('implementation_session')} ${formatDate(s.planned_on)}`,
    fields: [field('held_on', stepFieldLabel('implementation_session', 'held_on'), heldOn, DATE_HINT)],
    saveLabel: 'Markera som genomfört',
    save: () => api.markSessionHeld(s.id, heldOn.value),
    done: 'Informationstillfället har markerats som genomfört.',
    failed: 'Informationstillfället markerades inte.',
    onChanged,
  });
}

function publicationDialog(detail, view, onChanged) {
  const publishedOn = dateInput('publication-date', 'published_on', view.publication && view.publication.published_on);
  const link = textInput('publication-link', 'vida_link', (view.publication && view.publication.vida_link) || detail.current.vida_link);
  stepDialog({
    id: 'publication',
    title: `${recordName('publication')} – ${detail.current.title}`,
    fields: [
      field('published_on', stepFieldLabel('publication', 'published_on'), publishedOn, DATE_HINT),
      field('vida_link', stepFieldLabel('publication', 'vida_link'), link),
    ],
    saveLabel: 'Registrera',
    save: () => api.publishDocument(detail.id, { published_on: publishedOn.value, vida_link: link.value }),
    done: 'Publiceringen har registrerats.',
    failed: 'Publiceringen registrerades inte.',
    onChanged,
  });
}

function planDialog(detail, view, onChanged) {
  const plan = view.followup_plan;
  const indicators = h('textarea', { id: 'plan-indicators', name: 'indicators', rows: '4' });
  indicators.value = plan.indicators || '';
  const interval = h('select', { id: 'plan-interval', name: 'interval_months' },
    h('option', { value: '', text: 'Välj intervall' }),
    labels().followup_intervals.map((i) => h('option', { value: String(i.months), text: i.name })));
  interval.value = plan.interval_months == null ? '' : String(plan.interval_months);
  const owner = textInput('plan-owner', 'owner', plan.owner);
  stepDialog({
    id: 'plan',
    title: `${recordName('followup_plan')} – ${detail.current.title}`,
    fields: [
      field('indicators', stepFieldLabel('followup_plan', 'indicators'), indicators, 'Mätpunkter eller indikatorer, en per rad.'),
      field('interval_months', stepFieldLabel('followup_plan', 'interval_months'), interval),
      field('owner', stepFieldLabel('followup_plan', 'owner'), owner),
    ],
    saveLabel: 'Spara',
    save: () => api.planFollowup(detail.id, {
      indicators: indicators.value,
      interval_months: interval.value === '' ? null : Number(interval.value),
      owner: owner.value,
    }),
    done: 'Planen för uppföljning har sparats.',
    failed: 'Planen sparades inte.',
    onChanged,
  });
}

function followupDialog(detail, onChanged) {
  const doneOn = dateInput('followup-date', 'done_on');
  const result = h('textarea', { id: 'followup-result', name: 'result', rows: '5' });
  stepDialog({
    id: 'followup',
    title: `${recordName('followup')} – ${detail.current.title}`,
    fields: [
      field('done_on', stepFieldLabel('followup', 'done_on'), doneOn, DATE_HINT),
      field('result', stepFieldLabel('followup', 'result'), result),
    ],
    saveLabel: 'Registrera',
    save: () => api.recordFollowup(detail.id, { done_on: doneOn.value, result: result.value }),
    done: 'Uppföljningen har registrerats.',
    failed: 'Uppföljningen registrerades inte.',
    onChanged,
  });
}

function retirementDialog(detail, view, onChanged) {
  const r = view.retirement;
  const forum = h('select', { id: 'retirement-forum', name: 'forum' },
    h('option', { value: '', text: 'Välj forum' }),
    ctx.reference.forums.map((f) => h('option', { value: f, text: f })));
  forum.value = r ? r.forum : '';
  const decidedOn = dateInput('retirement-date', 'decided_on', r && r.decided_on);
  stepDialog({
    id: 'retirement',
    title: `${recordName('retirement')} – ${detail.current.title}`,
    fields: [
      field('forum', stepFieldLabel('retirement', 'forum'), forum),
      field('decided_on', stepFieldLabel('retirement', 'decided_on'), decidedOn, DATE_HINT),
    ],
    saveLabel: 'Registrera',
    save: () => api.decideRetirement(detail.id, { forum: forum.value, decided_on: decidedOn.value }),
    done: 'Beslutet om avveckling har registrerats.',
    failed: 'Beslutet registrerades inte.',
    onChanged,
  });
}

function removedDialog(detail, onChanged) {
  const date = dateInput('removed-date', 'removed_on');
  stepDialog({
    id: 'removed',
    title: `${stepFieldLabel('retirement', 'removed_on')} – ${detail.current.title}`,
    fields: [field('removed_on', stepFieldLabel('retirement', 'removed_on'), date, DATE_HINT)],
    saveLabel: 'Registrera',
    save: () => api.markRemovedFromWeb(detail.id, date.value),
    done: 'Dagen dokumentet togs bort från webben har registrerats.',
    failed: 'Dagen registrerades inte.',
    onChanged,
  });
}

function inaktuellDialog(detail, onChanged) {
  const date = dateInput('inaktuell-date', 'inaktuell_on');
  stepDialog({
    id: 'inaktuell',
    title: `${stepFieldLabel('retirement', 'inaktuell_on')} – ${detail.current.title}`,
    fields: [field('inaktuell_on', stepFieldLabel('retirement', 'inaktuell_on'), date, DATE_HINT)],
    saveLabel: 'Registrera',
    save: () => api.markInaktuell(detail.id, date.value),
    done: 'Dokumentet har markerats som inaktuellt.',
    failed: 'Markeringen registrerades inte.',
    onChanged,
  });
}

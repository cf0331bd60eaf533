// Läs in svarsmallar: what each returned form says, before anything is
// stored — the party, the position ticked, each comment with its row,
// section and proposed change, who answered, and what could not be read.
// A form that cannot be read or belongs elsewhere shows the core's message
// and is left out; one already imported changes nothing; a second form
// from a party asks whether it replaces the earlier answer or adds to it.
// "Registrera" records the rest with the date the answers came in.

import * as api from '../api.js';
import { ctx } from '../context.js';
import {
  h, count, errorBanner, showFieldErrors, clearFieldErrors, DASH,
} from '../dom.js';
import { formDialog } from './dialogs.js';

/**
 * Opens the import dialog for `files` (what `choose_answer_forms` or
 * `preview_answer_forms` returned) on the round whose recipients are
 * `recipients`. `onDone({ message, failures })` runs after a
 * registration, once the dialog has closed: the confirmation, and the
 * files that were not recorded with the core's reason.
 */
export function importDialog(roundId, files, recipients, onDone) {
  const date = h('input', {
    type: 'text',
    id: 'import-date',
    name: 'received_on',
    class: 'input-date',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'ÅÅÅÅ-MM-DD',
    'aria-describedby': 'import-date-hint',
  });
  date.value = (ctx.info && ctx.info.today) || '';
  const entries = files.map((file, index) => fileEntry(file, index, recipients));
  const importable = entries.filter((e) => e.importable);
  const status = h('div', { class: 'status-area', id: 'import-status' });
  const register = h('button', {
    type: 'submit',
    class: 'button button-primary',
    id: 'import-register',
    text: importable.length ? `Registrera ${count(importable.length, 'svarsmall', 'svarsmallar')}` : 'Inget att registrera',
    disabled: importable.length === 0,
  });
  const cancel = h('button', { type: 'button', class: 'button', id: 'import-cancel', text: importable.length ? 'Avbryt' : 'Stäng' });
  const readable = files.filter((f) => f.preview).length;
  const form = h('form', { id: 'import-form', novalidate: true },
    h('p', { class: 'dialog-message', id: 'import-intro', text: introText(files.length, readable, importable.length) }),
    h('div', { class: 'field', dataset: { field: 'received_on' } },
      h('label', { for: 'import-date', text: 'Svar inkommet' }),
      h('span', { class: 'hint', id: 'import-date-hint', text: `${files.length === 1 ? 'Dagen svaret kom in' : 'Dagen svaren kom in, för filerna nedan'}. Skriv som ÅÅÅÅ-MM-DD. En part vars svar redan är registrerat behåller sitt datum.` }),
      date),
    h('ol', { class: 'import-files', id: 'import-files' }, entries.map((e) => e.element)),
    status,
    h('div', { class: 'button-row dialog-buttons' }, register, cancel));
  const { close } = formDialog({
    id: 'import-dialog',
    title: files.length === 1 ? 'Läs in svarsmall' : `Läs in ${files.length} svarsmallar`,
    form,
    wide: 'xwide',
  });
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    const unchosen = importable.filter((e) => e.needsChoice && !e.choice());
    if (unchosen.length) {
      for (const e of unchosen) e.showChoiceMissing();
      const first = form.querySelector('[aria-invalid="true"] input, [aria-invalid="true"]');
      if (first) first.focus();
      return;
    }
    register.disabled = true;
    cancel.disabled = true;
    let outcomes;
    try {
      outcomes = await api.importAnswerForms(roundId, importable.map((e) => ({
        path: e.file.path,
        choice: e.needsChoice ? e.choice() : null,
        // An answer already ticked off keeps its day (the core's rule).
        received_on: e.earlier ? null : date.value.trim() || null,
      })));
    } catch (error) {
      status.replaceChildren(errorBanner(error, 'Svarsmallarna registrerades inte.'));
      register.disabled = false;
      cancel.disabled = false;
      return;
    }
    const recorded = outcomes.filter((o) => o.imported);
    const failed = outcomes.filter((o) => o.error);
    const dateErrors = failed.flatMap((o) => (o.error.fields || []).filter((f) => f.field === 'received_on'));
    if (recorded.length === 0 && dateErrors.length) {
      // The date is the same for every file: one message, under it.
      showFieldErrors(form, [dateErrors[0]]);
      date.focus();
      register.disabled = false;
      cancel.disabled = false;
      return;
    }
    close();
    await onDone({ message: resultText(recorded), failures: failed });
  });
}

function introText(total, readable, importable) {
  const files = total === 1 ? 'Filen har lästs' : `${total} filer har lästs`;
  if (importable === 0) {
    return `${files}, men det finns inget att registrera${readable ? '' : ': ingen av dem kunde läsas som en svarsmall för den här rundan'}.`;
  }
  return `${files}. Kontrollera det som lästes: inget sparas förrän du väljer Registrera.`;
}

/** The confirmation after a registration. */
function resultText(recorded) {
  const changed = recorded.filter((o) => o.imported.recorded);
  const same = recorded.filter((o) => !o.imported.recorded);
  const parts = [];
  if (changed.length) {
    const what = changed.map((o) => {
      const i = o.imported;
      const bits = [count(i.comments_added, 'synpunkt', 'synpunkter')];
      if (i.position_name) bits.push(i.position_name.toLowerCase());
      if (i.comments_replaced) bits.push(`ersatte ${count(i.comments_replaced, 'tidigare synpunkt', 'tidigare synpunkter')}`);
      if (i.received_on) bits.push(`svar inkommet ${i.received_on}`);
      return `${i.party_name} (${bits.join(', ')})`;
    });
    parts.push(`${changed.length === 1 ? 'Svarsmallen har' : `${changed.length} svarsmallar har`} registrerats: ${what.join('; ')}.`);
  }
  if (same.length) {
    parts.push(`Redan inlästa, inget ändrades: ${same.map((o) => o.imported.party_name).join(', ')}.`);
  }
  return parts.join(' ');
}

/** One file of the dialog, with what registering it needs. */
function fileEntry(file, index, recipients) {
  const p = file.preview;
  if (!p) {
    return {
      file,
      importable: false,
      element: h('li', { class: ['import-file', 'is-refused'], dataset: { state: 'error' } },
        h('h3', { class: 'import-file-title', text: file.file_name }),
        errorBanner(file.error, 'Filen kan inte läsas in.')),
    };
  }
  const state = p.state || { kind: 'new' };
  const recipient = (recipients || []).find((r) => r.party_id === p.party_id) || null;
  const earlier = recipient ? recipient.received_on || recipient.declined_on : null;
  const already = state.kind === 'already_imported';
  const needsChoice = state.kind === 'other_form';
  const name = `import-choice-${index}`;
  const choiceGroup = needsChoice ? choiceField(name, p, state) : null;
  const choice = () => {
    const checked = choiceGroup && choiceGroup.querySelector('input:checked');
    return checked ? checked.value : null;
  };
  const showChoiceMissing = () => showFieldErrors(choiceGroup.parentElement, [{
    field: name,
    message: 'Välj om den nya svarsmallen ersätter det tidigare svaret eller läggs till.',
  }]);
  const element = h('li', { class: ['import-file', already ? 'is-unchanged' : null], dataset: { state: state.kind, party: p.party_id } },
    h('h3', { class: 'import-file-title' },
      p.party_name,
      h('span', { class: 'import-file-name', text: file.file_name })),
    already
      ? h('div', { class: 'banner banner-info', role: 'status' },
        h('p', { text: `Den här svarsmallen lästes in ${p.state.stored_on}. Inget ändras om den läses in igen.` }))
      : null,
    h('dl', { class: 'meta-list meta-list-compact import-facts' },
      h('dt', { text: 'Ställning' }),
      h('dd', { class: 'import-position', text: positionText(p, recipient) }),
      h('dt', { text: 'Svaret lämnas av' }),
      h('dd', { class: 'import-respondent', text: respondentText(p.respondent) }),
      h('dt', { text: 'Status i rundan nu' }),
      h('dd', { text: earlier ? `${p.current_status_name} ${earlier} – det datumet behålls` : p.current_status_name || DASH })),
    p.problems.length
      ? h('div', { class: 'banner banner-warning import-problems', role: 'note' },
        h('p', { class: 'banner-heading', text: 'Det här kunde inte läsas och registreras inte:' }),
        h('ul', {}, p.problems.map((text) => h('li', { text }))))
      : null,
    p.warnings.length
      ? h('div', { class: 'banner banner-warning import-warnings', role: 'note' },
        h('p', { class: 'banner-heading', text: 'Kontrollera innan du registrerar:' }),
        h('ul', {}, p.warnings.map((text) => h('li', { text }))))
      : null,
    choiceGroup ? h('div', {}, choiceGroup) : null,
    commentsTable(p));
  return {
    file,
    importable: !already,
    earlier,
    needsChoice,
    choice,
    showChoiceMissing,
    element,
  };
}

function positionText(p, recipient) {
  if (p.position_name) return p.position_name;
  const kept = recipient && recipient.position_name ? ` – den registrerade ställningen (${recipient.position_name.toLowerCase()}) behålls` : '';
  if (p.positions_ticked.length > 1) return `Flera markerade (${p.positions_ticked.join(', ')}): ingen läses in${kept}`;
  return `Ingen markerad${kept}`;
}

function respondentText(respondent) {
  const filled = (respondent || []).filter(([, value]) => value && value.trim());
  if (!filled.length) return 'Inte ifyllt';
  return filled.map(([label, value]) => `${label}: ${value}`).join(' · ');
}

function choiceField(name, p, state) {
  const radio = (value, label, hint) => {
    const id = `${name}-${value}`;
    return h('div', { class: 'check' },
      h('input', { type: 'radio', id, name, value }),
      h('label', { for: id },
        label,
        h('span', { class: 'check-hint', text: hint })));
  };
  const labelId = `${name}-label`;
  return h('div', { class: 'field import-choice', role: 'radiogroup', 'aria-labelledby': labelId, dataset: { field: name } },
    h('p', { class: 'group-label', id: labelId,
      text: `${p.party_name} har redan ett inläst svar: ${state.file_name} (inläst ${state.stored_on}, ${count(state.comments, 'synpunkt', 'synpunkter')}).` }),
    radio('replace', 'Ersätt tidigare svar', ' – de tidigare synpunkterna och deras ställningstaganden tas bort.'),
    radio('add', 'Lägg till', ' – båda svarens synpunkter finns kvar.'));
}

function commentsTable(p) {
  if (!p.comments.length) {
    return h('p', { class: 'muted import-no-comments', text: 'Svarsmallen har inga synpunkter.' });
  }
  return h('table', { class: 'data-table compact-table import-comments' },
    h('caption', { class: 'visually-hidden', text: `Synpunkter från ${p.party_name}` }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'col-row', text: 'Rad' }),
      h('th', { scope: 'col', class: 'col-section', text: 'Avsnitt' }),
      h('th', { scope: 'col', text: 'Synpunkt' }),
      h('th', { scope: 'col', text: 'Förslag till ändring' }))),
    h('tbody', {}, p.comments.map((c) => h('tr', {},
      h('td', { class: 'num', text: String(c.row) }),
      h('td', {},
        c.section,
        c.known_section
          ? null
          : h('span', { class: 'section-note', text: 'Partens egen rubrik (finns inte i mallen)' })),
      h('td', { class: 'pre-wrap', text: c.text || DASH }),
      h('td', { class: 'pre-wrap', text: c.proposal || DASH })))));
}

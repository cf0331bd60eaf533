// Word-utkast in the document view: create a draft on the joint template,
// attach the edited file that comes back as the working draft, check any
// .docx from disk, and see at a glance whether the working draft has every
// mandatory heading of the guideline.

import * as api from '../api.js';
import { h, fill, errorBanner, notice, formatDateTime, DASH } from '../dom.js';

/** The panel; it loads its own data so the rest of the view is not held up. */
export function draftsSection(detail) {
  const body = h('div', { class: 'drafts-body', 'aria-busy': 'true' },
    h('p', { class: 'muted', text: 'Hämtar utkast …' }));
  const panel = h('section', { class: 'panel', id: 'drafts-panel', 'aria-labelledby': 'drafts-heading' },
    h('h2', { class: 'panel-title', id: 'drafts-heading', text: 'Word-utkast' }),
    body);
  load(body, detail, null);
  return panel;
}

async function load(body, detail, message) {
  let overview;
  try {
    overview = await api.draftOverview(detail.id);
  } catch (error) {
    fill(body, errorBanner(error, 'Utkasten kunde inte hämtas.'));
    body.removeAttribute('aria-busy');
    return;
  }
  render(body, detail, overview, message);
  body.removeAttribute('aria-busy');
}

function render(body, detail, overview, message) {
  const status = h('div', { class: 'status-area', id: 'drafts-status' });
  const run = async (button, action) => {
    for (const b of body.querySelectorAll('button')) b.disabled = true;
    status.replaceChildren(h('p', { class: 'muted', role: 'status', text: 'Arbetar …' }));
    try {
      const outcome = await action();
      if (outcome === undefined) {
        status.replaceChildren();
      } else {
        await load(body, detail, outcome);
        return;
      }
    } catch (error) {
      status.replaceChildren(errorBanner(error, 'Det gick inte.'));
    }
    for (const b of body.querySelectorAll('button')) b.disabled = false;
  };

  const createButton = h('button', { type: 'button', class: 'button button-primary', id: 'create-draft', text: 'Skapa utkast' });
  createButton.addEventListener('click', () => run(createButton, async () => {
    const draft = await api.createDraft(detail.id);
    if (!draft) return undefined;
    return { kind: 'created', draft };
  }));
  const attachButton = h('button', { type: 'button', class: 'button', id: 'attach-draft', text: 'Bifoga arbetsversion' });
  attachButton.addEventListener('click', () => run(attachButton, async () => {
    const attached = await api.attachDraft(detail.id);
    if (!attached) return undefined;
    return { kind: 'attached', draft: attached.draft };
  }));
  const checkButton = h('button', { type: 'button', class: 'button', id: 'check-file', text: 'Kontrollera en fil …' });
  checkButton.addEventListener('click', () => run(checkButton, async () => {
    const checked = await api.checkDocx();
    if (!checked) return undefined;
    return { kind: 'checked', checked };
  }));

  const parts = [
    h('p', { class: 'panel-intro', text: 'Utkastet skapas från den gemensamma mallen med alla obligatoriska rubriker. När arbetsgruppen skickar tillbaka det redigerade dokumentet bifogar du det här; det kontrolleras mot riktlinjens obligatoriska innehåll.' }),
    h('div', { class: 'button-row' }, createButton, attachButton, checkButton),
    status,
  ];

  if (message && message.kind === 'created') {
    const openButton = h('button', { type: 'button', class: 'button', id: 'open-draft', text: 'Öppna i Word' });
    openButton.addEventListener('click', async () => {
      try {
        await api.openDraft(message.draft.id);
      } catch (error) {
        status.replaceChildren(errorBanner(error, 'Utkastet kunde inte öppnas.'));
      }
    });
    parts.push(h('div', { class: 'banner banner-success', role: 'status', id: 'draft-created' },
      h('p', { text: `Utkastet har sparats: ${message.draft.saved_path}` }),
      h('div', { class: 'button-row' }, openButton)));
  } else if (message && message.kind === 'attached') {
    parts.push(notice(`Arbetsversionen ${message.draft.file_name} har bifogats och kontrollerats.`));
  }

  if (message && message.kind === 'checked') {
    parts.push(h('div', { class: 'check-block', id: 'file-check' },
      h('h3', { class: 'subheading', text: `Kontroll av ${message.checked.file_name}` }),
      checkResult(message.checked.check)));
  }

  if (overview.working_draft) {
    const d = overview.working_draft;
    parts.push(h('div', { class: 'check-block', id: 'working-draft' },
      h('h3', { class: 'subheading', text: 'Aktuell arbetsversion' }),
      h('p', {},
        h('strong', { text: d.file_name }),
        h('span', { class: 'muted', text: ` · bifogad ${formatDateTime(d.created_at)} av ${d.actor}` })),
      overview.working_draft_check ? checkResult(overview.working_draft_check) : null));
  } else {
    parts.push(h('p', { class: 'muted', id: 'working-draft', text: 'Ingen arbetsversion är bifogad till den här versionen.' }));
  }

  if (overview.drafts.length > 0) {
    parts.push(h('details', { class: 'drafts-history' },
      h('summary', { text: `Alla utkast (${overview.drafts.length})` }),
      h('table', { class: 'data-table compact-table', id: 'drafts-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'Fil' }),
          h('th', { scope: 'col', text: 'Typ' }),
          h('th', { scope: 'col', text: 'Version' }),
          h('th', { scope: 'col', text: 'Tid' }),
          h('th', { scope: 'col', text: 'Mallen' }))),
        h('tbody', {}, overview.drafts.map((d) => h('tr', {},
          h('td', { class: 'wrap-anywhere', text: d.file_name }),
          h('td', { text: d.kind === 'generated' ? 'Skapat utkast' : 'Bifogad arbetsversion' }),
          h('td', { class: 'num', text: String(d.version_no) }),
          h('td', { class: 'nowrap', text: formatDateTime(d.created_at) }),
          h('td', { text: d.complies === null || d.complies === undefined ? DASH : (d.complies ? 'Följer' : 'Avviker') })))))));
  }
  fill(body, ...parts);
}

/** A structure check: the verdict, then every mandatory item, then placeholders. */
function checkResult(check) {
  const failing = check.items.filter((i) => i.status !== 'present');
  const verdict = check.complies
    ? h('p', { class: 'check-verdict is-ok', text: 'Följer mallen: alla obligatoriska rubriker finns, i rätt ordning och på rätt nivå.' })
    : h('p', { class: 'check-verdict is-bad', text: `Följer inte mallen: ${failing.length} av ${check.items.length} obligatoriska delar avviker.` });
  const list = h('ul', { class: 'check-list' }, check.items.map((item) => h('li', {
    class: `check-item status-${item.status}`,
    dataset: { code: item.code, status: item.status },
  },
  h('span', { class: 'check-badge', text: item.status_name || DASH }),
  h('span', { class: 'check-label', text: item.label }),
  item.status === 'present' ? null : h('span', { class: 'check-message', text: item.message }))));
  const placeholders = check.placeholders.length === 0 ? null : h('div', { class: 'check-placeholders' },
    h('p', { text: `Mallens vägledning står kvar under ${check.placeholders.length === 1 ? 'en rubrik' : `${check.placeholders.length} rubriker`}:` }),
    h('ul', {}, check.placeholders.map((p) => h('li', { text: p.section }))));
  const note = check.note ? h('p', { class: 'muted', text: check.note }) : null;
  return h('div', { class: 'check-result', dataset: { complies: check.complies ? '1' : '0' } }, verdict, list, placeholders, note);
}

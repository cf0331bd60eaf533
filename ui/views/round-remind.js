// Påminn: the parties that have not answered (in an adoption round: not
// decided), with their addresses to copy in one go, and reminder e-mail
// drafts written for them (each reminder is recorded on the party).

import * as api from '../api.js';
import { h, fill, errorBanner, formatDate } from '../dom.js';

export function remindSection(status, onDone) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Hämtar …' }));
  const panel = h('section', { class: 'panel', id: 'remind-panel', 'aria-labelledby': 'remind-heading' },
    h('h2', { class: 'panel-title', id: 'remind-heading', text: 'Påminn' }),
    body);
  api.reminderList(status.id)
    .then((late) => draw(body, status, late, onDone))
    .catch((error) => fill(body, errorBanner(error, 'Listan kunde inte hämtas.')))
    .finally(() => body.removeAttribute('aria-busy'));
  return panel;
}

function draw(body, status, late, onDone) {
  const adoption = status.kind === 'antagande';
  if (late.length === 0) {
    fill(body, h('p', { class: 'muted', text: adoption ? 'Alla parter har beslutat.' : 'Alla parter har svarat eller avstått.' }));
    return;
  }
  const addresses = late.filter((l) => l.email).map((l) => l.email);
  const out = h('div', { class: 'status-area', id: 'remind-status' });
  const copyButton = h('button', { type: 'button', class: 'button', id: 'copy-addresses', text: `Kopiera ${addresses.length} adresser` });
  copyButton.disabled = addresses.length === 0;
  copyButton.addEventListener('click', async () => {
    const text = addresses.join('; ');
    try {
      await navigator.clipboard.writeText(text);
      out.replaceChildren(h('p', { role: 'status', class: 'muted', text: 'Adresserna är kopierade.' }));
    } catch {
      const area = h('textarea', { class: 'copy-area', rows: '3', readonly: true, 'aria-label': 'Adresser att kopiera' });
      area.value = text;
      out.replaceChildren(h('p', { text: 'Markera och kopiera adresserna:' }), area);
      area.select();
    }
  });
  const writeButton = h('button', { type: 'button', class: 'button button-primary', id: 'write-reminders', text: 'Skriv påminnelser …' });
  writeButton.disabled = addresses.length === 0;
  writeButton.addEventListener('click', async () => {
    writeButton.disabled = true;
    try {
      const result = await api.writeReminders(status.id);
      if (result) {
        const skipped = (result.invalid_addresses || []).map((i) => ` ${i.message}`).join('');
        await onDone(`Påminnelser skrivna till ${result.folder} för ${result.reminded.join(', ')}. Påminnelsen är registrerad på varje part.${skipped}`);
        return;
      }
    } catch (error) {
      out.replaceChildren(errorBanner(error, 'Påminnelserna skrevs inte.'));
    }
    writeButton.disabled = false;
  });
  fill(body,
    h('p', {
      class: 'panel-intro',
      text: adoption
        ? `${late.length} ${late.length === 1 ? 'part har' : 'parter har'} inte beslutat. Påminnelserna skrivs som e-postutkast (.eml) som öppnas i Outlook; de ber om protokollsutdraget och har dokumentet, missivet och partens förslag till tjänsteskrivelse bifogade igen.`
        : `${late.length} ${late.length === 1 ? 'part har' : 'parter har'} inte svarat. Påminnelserna skrivs som e-postutkast (.eml) som öppnas i Outlook, med svarsmallen bifogad igen.`,
    }),
    h('ul', { class: 'late-list', id: 'late-list' }, late.map((l) => h('li', { class: l.overdue ? 'is-late' : null },
      h('strong', { text: l.party_name }),
      h('span', { text: l.email || 'ingen e-postadress för rundans nivå' }),
      l.reminded_on.length ? h('span', { class: 'muted', text: `påmind ${l.reminded_on.map(formatDate).join(', ')}` }) : null))),
    h('div', { class: 'button-row' }, writeButton, copyButton),
    out);
}

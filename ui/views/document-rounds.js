// The document's remiss and synpunktsrundor, with "Ny runda".

import * as api from '../api.js';
import { h, fill, formatDate, errorBanner } from '../dom.js';
import { daysText, progressBar } from './rounds.js';

export function roundsSection(detail) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Hämtar rundor …' }));
  api.listRounds({ includeDone: true, documentId: detail.id, limit: 1000 }).then((page) => {
    const mine = page.rows;
    fill(body,
      h('div', { class: 'button-row' },
        h('a', { class: 'button button-primary', id: 'new-round', href: `#/dokument/${detail.id}/ny-runda`, text: 'Ny remiss- eller synpunktsrunda' })),
      mine.length === 0
        ? h('p', { class: 'muted', text: 'Dokumentet har inga rundor ännu.' })
        : h('ul', { class: 'round-list', id: 'document-rounds' }, mine.map((r) => h('li', {},
          h('a', { href: `#/rundor/${r.id}`, text: `${r.kind_name}, sista svarsdag ${formatDate(r.deadline)}` }),
          progressBar(r.answered, r.total),
          h('span', { class: 'muted', text: daysText(r.days_left, r.answered === r.total) })))));
    body.removeAttribute('aria-busy');
  }).catch((error) => {
    fill(body, errorBanner(error, 'Rundorna kunde inte hämtas.'));
    body.removeAttribute('aria-busy');
  });
  return h('section', { class: 'panel', id: 'rounds-panel', 'aria-labelledby': 'rounds-heading' },
    h('h2', { class: 'panel-title', id: 'rounds-heading', text: 'Remiss- och synpunktsrundor' }),
    body);
}

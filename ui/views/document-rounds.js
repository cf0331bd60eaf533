// The document's rounds (remiss, synpunktsrunda, antagande), with "Ny
// runda"; and, above everything, the rounds whose accepted significant
// changes send the document back to the networks for approval.

import * as api from '../api.js';
import { labels } from '../context.js';
import { h, fill, formatDate, errorBanner } from '../dom.js';
import { daysText, progressBar } from './rounds.js';

export function roundsSection(detail) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Hämtar rundor …' }));
  api.listRounds({ includeDone: true, documentId: detail.id, limit: 1000 }).then((page) => {
    const mine = page.rows;
    fill(body,
      h('div', { class: 'button-row' },
        h('a', { class: 'button button-primary', id: 'new-round', href: `#/dokument/${detail.id}/ny-runda`, text: 'Ny runda' })),
      mine.length === 0
        ? h('p', { class: 'muted', text: 'Dokumentet har inga rundor ännu.' })
        : h('ul', { class: 'round-list', id: 'document-rounds' }, mine.map((r) => {
          const adoption = r.kind === 'antagande';
          return h('li', { dataset: { kind: r.kind } },
            h('a', {
              href: `#/rundor/${r.id}`,
              text: `${r.kind_name}, ${adoption ? labels().adoption_round_fields.deadline.toLowerCase() : 'sista svarsdag'} ${formatDate(r.deadline)}`,
            }),
            progressBar(r.answered, r.total, null, adoption),
            h('span', { class: 'muted' },
              adoption ? h('span', { class: 'adoption-tally', text: `${r.adoption_text} · ` }) : null,
              daysText(r.days_left, r.answered === r.total, adoption)));
        })));
    body.removeAttribute('aria-busy');
  }).catch((error) => {
    fill(body, errorBanner(error, 'Rundorna kunde inte hämtas.'));
    body.removeAttribute('aria-busy');
  });
  return h('section', { class: 'panel', id: 'rounds-panel', 'aria-labelledby': 'rounds-heading' },
    h('h2', { class: 'panel-title', id: 'rounds-heading', text: 'Rundor' }),
    body);
}

/**
 * The rounds of the document whose significant changes wait for the
 * networks' approval, each with the core's message and a link to the
 * round's compilation. Empty (and hidden) when there are none.
 */
export function reapprovalSection(detail) {
  const area = h('div', { class: 'status-area', id: 'document-reapprovals' });
  api.documentReapprovals(detail.id).then((list) => {
    if (!list.length) return;
    fill(area, h('div', { class: 'banner banner-warning reapproval-banner', role: 'alert', id: 'reapproval-banner' },
      list.map((r) => h('div', { class: 'reapproval-item' },
        h('p', { class: 'banner-heading', text: r.message }),
        h('p', {},
          h('a', { href: `#/rundor/${r.round_id}/sammanstallning`, class: 'reapproval-link', text: 'Öppna rundans sammanställning' }),
          ` – ${r.significant} ${r.significant === 1 ? 'betydande ändring' : 'betydande ändringar'}. Registrera där när nätverken har godkänt dokumentet på nytt.`)))));
  }).catch((error) => {
    fill(area, errorBanner(error, 'Det gick inte att se om dokumentet behöver godkännas på nytt.'));
  });
  return area;
}

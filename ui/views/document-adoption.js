// Antagande on the document page: how far the parties' adoption of the
// current version has come ("Antagen av 12 av 17", the core's words), the
// parties that have not decided and those that decided not to adopt it,
// and the way to the adoption round. Hidden before the first adoption
// round.

import * as api from '../api.js';
import { h, fill, errorBanner, count } from '../dom.js';
import { progressBar } from './rounds.js';

export function adoptionSection(detail) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Hämtar antagandet …' }));
  const panel = h('section', { class: 'panel', id: 'adoption-panel', 'aria-labelledby': 'adoption-heading', hidden: true },
    h('h2', { class: 'panel-title', id: 'adoption-heading', text: 'Antagande' }),
    body);
  api.documentAdoption(detail.id).then((adoption) => {
    if (!adoption) {
      fill(body);
      return;
    }
    panel.hidden = false;
    fill(body,
      h('p', { class: 'adoption-line' },
        h('strong', { id: 'document-adoption', text: adoption.text }),
        ' ',
        h('a', { href: `#/rundor/${adoption.round_id}`, id: 'document-adoption-round', text: 'Öppna antagandet' })),
      progressBar(adoption.decided, adoption.total, 'document-adoption-progress', true),
      partyList('adoption-undecided', 'Har inte beslutat', adoption.undecided, 'is-undecided'),
      partyList('adoption-not-adopted', 'Har beslutat att inte anta', adoption.not_adopted, 'is-not-adopted'),
      adoption.undecided.length === 0 && adoption.not_adopted.length === 0
        ? h('p', { class: 'muted', id: 'adoption-all', text: 'Alla parter har antagit dokumentet.' })
        : null);
  }).catch((error) => {
    panel.hidden = false;
    fill(body, errorBanner(error, 'Antagandet kunde inte hämtas.'));
  }).finally(() => body.removeAttribute('aria-busy'));
  return panel;
}

/** "Har inte beslutat (15): Arvika, Eda …", or nothing for no parties. */
function partyList(id, heading, names, cls) {
  if (!names.length) return null;
  return h('p', { class: ['adoption-parties', cls], id },
    h('span', { class: 'adoption-parties-heading', text: `${heading} (${count(names.length, 'part', 'parter')}): ` }),
    names.join(', '));
}

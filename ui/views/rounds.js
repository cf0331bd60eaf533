// Rundor: every remiss, synpunktsrunda and antagande still waiting for
// answers or decisions, the nearest deadline first, with answered (decided)
// of total, "Antagen av N av M" for an antagande, and days left or late.
// One page at a time (ui/pager.js).

import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { navigate } from '../router.js';
import { PAGE_SIZE, pageSummary, pager } from '../pager.js';

let showDone = false;
let offset = 0;

/** Days left or late; `adoption`: the round waits for decisions, not answers. */
export function daysText(daysLeft, done, adoption = false) {
  if (done) return adoption ? 'Alla har beslutat' : 'Alla har svarat';
  if (daysLeft > 1) return `${daysLeft} dagar kvar`;
  if (daysLeft === 1) return '1 dag kvar';
  if (daysLeft === 0) return 'Sista svarsdag i dag';
  return daysLeft === -1 ? '1 dag försenad' : `${-daysLeft} dagar försenad`;
}

/** Answered (in an adoption round: decided) of total, as a bar and in words. */
export function progressBar(answered, total, id, adoption = false) {
  const bar = h('div', { class: 'progress-track' }, h('div', { class: 'progress-fill' }));
  bar.firstChild.style.width = total > 0 ? `${Math.round((answered / total) * 100)}%` : '0%';
  return h('div', { class: 'progress', id },
    h('progress', { class: 'visually-hidden', max: String(total), value: String(answered) }),
    bar,
    h('span', { class: 'progress-label', text: `${answered} av ${total} har ${adoption ? 'beslutat' : 'svarat'}` }));
}

export async function render() {
  let page = await api.listRounds({ includeDone: showDone, offset, limit: PAGE_SIZE });
  if (page.rows.length === 0 && offset > 0) {
    // Fewer rounds than when the page was chosen: the last page.
    offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    page = await api.listRounds({ includeDone: showDone, offset, limit: PAGE_SIZE });
  }
  const rounds = page.rows;
  const toggle = h('input', { type: 'checkbox', id: 'show-done-rounds' });
  toggle.checked = showDone;
  toggle.addEventListener('change', () => {
    showDone = toggle.checked;
    offset = 0;
    navigate('#/rundor');
  });
  const pages = pager('rounds-pager', 'Rundornas sidor');
  pages.update(page, 'runda', 'rundor', (next) => {
    offset = next;
    navigate('#/rundor');
  });
  const table = h('table', { class: 'data-table', id: 'rounds-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Dokument' }),
      h('th', { scope: 'col', text: 'Runda' }),
      h('th', { scope: 'col', text: 'Sista dag' }),
      h('th', { scope: 'col', text: 'Svar och beslut' }),
      h('th', { scope: 'col', text: 'Tid' }))),
    h('tbody', {}, rounds.map((r) => {
      const done = r.answered === r.total;
      const adoption = r.kind === 'antagande';
      const tr = h('tr', { class: ['row-link', !done && r.days_left < 0 ? 'is-late' : null], dataset: { id: r.id } },
        h('td', {}, h('a', { class: 'row-title', href: `#/rundor/${r.id}`, text: r.document_title })),
        h('td', { text: r.kind_name }),
        h('td', { class: 'nowrap', text: formatDate(r.deadline) }),
        h('td', {},
          progressBar(r.answered, r.total, null, adoption),
          adoption ? h('span', { class: 'adoption-tally', text: r.adoption_text }) : null),
        h('td', { class: 'nowrap', text: daysText(r.days_left, done, adoption) }));
      tr.addEventListener('click', (event) => {
        if (!event.target.closest('a')) navigate(`#/rundor/${r.id}`);
      });
      return tr;
    })));
  return h('section', { class: 'view', id: 'rounds-view' },
    h('div', { class: 'view-header' }, h('h1', { class: 'view-title', text: 'Rundor' })),
    h('p', { class: 'panel-intro', text: 'Remisser (politisk nivå), synpunktsrundor (tjänstepersonsnivå) och antaganden, där varje part beslutar om att anta dokumentet. En ny runda öppnas från dokumentet.' }),
    h('div', { class: 'check' }, toggle, h('label', { for: 'show-done-rounds', text: 'Visa även rundor där alla har svarat eller beslutat' })),
    h('p', { class: 'muted', id: 'rounds-count', text: pageSummary(page, 'runda', 'rundor') }),
    rounds.length ? table : h('p', { class: 'empty-state', text: 'Inga rundor väntar på svar.' }),
    pages.element);
}

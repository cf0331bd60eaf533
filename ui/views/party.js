// A party's page (`#/parter/<id>`): what the coordinator needs before a
// meeting with one municipality or the region — how it has answered, every
// round it was sent (latest first), its comments and how each was decided,
// and the documents it has adopted. Long lists show 100 rows at a time
// ("Visa fler"): on a large register a party has thousands of rounds.

import * as api from '../api.js';
import { h, formatDate, count, DASH } from '../dom.js';

/** Rows shown at first, and added by each "Visa fler". */
const STEP = 100;

/** Answers that must stand out: said in words, marked as well. */
const NOTABLE = new Set(['late', 'not_at_all']);

export async function render(route) {
  const page = await api.partyPage(route.id);
  const party = page.party;
  return h('section', { class: 'view view-party', id: 'party-view', dataset: { partyId: party.id } },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/parter', text: '← Parter' })),
    h('div', { class: 'view-header' },
      h('div', {},
        h('h1', { class: 'view-title', text: party.name }),
        h('p', { class: 'view-intro', text: party.kind === 'region' ? 'Region' : 'Kommun' }))),
    tallyPanel(page),
    roundsPanel(page.rounds),
    commentsPanel(page.comments),
    adoptedPanel(page.adopted));
}

function tallyPanel(page) {
  const t = page.tally;
  const facts = [
    ['Rundor skickade', t.sent],
    ['Svarade i tid', t.in_time],
    ['Svarade sent', t.late],
    ['Avstod', t.declined],
    ['Svarade inte', t.not_at_all],
    ['Väntar på svar', t.waiting],
  ];
  return h('section', { class: 'panel party-tally', 'aria-labelledby': 'party-tally-heading' },
    h('h2', { class: 'panel-title', id: 'party-tally-heading', text: 'Hur parten har svarat' }),
    h('p', { class: 'party-tally-text', id: 'party-tally-text', text: page.tally_text }),
    h('dl', { class: 'party-tally-figures' },
      facts.map(([label, n]) => h('div', { class: 'party-figure' },
        h('dt', { text: label }),
        h('dd', { class: 'num', text: String(n) })))));
}

/**
 * A table whose body shows `STEP` rows more at each "Visa fler", with a line
 * that says how many of how many are shown.
 */
function steppedTable({ id, caption, head, items, row, noun }) {
  const body = h('tbody');
  const shownLine = h('p', { class: 'count-line', id: `${id}-count`, 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'button', id: `${id}-more`, text: 'Visa fler' });
  let shown = 0;
  const showMore = () => {
    const next = items.slice(shown, shown + STEP);
    body.append(...next.map(row));
    shown += next.length;
    shownLine.textContent = shown < items.length
      ? `Visar ${shown} av ${count(items.length, noun[0], noun[1])}.`
      : `${count(items.length, noun[0], noun[1])}.`;
    more.hidden = shown >= items.length;
    more.textContent = `Visa fler (${Math.min(STEP, items.length - shown)} till)`;
  };
  more.addEventListener('click', showMore);
  showMore();
  const table = h('table', { class: 'data-table party-table', id },
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, head.map(([label, className]) => h('th', { scope: 'col', class: className, text: label })))),
    body);
  return [shownLine, h('div', { class: 'table-wrap' }, table), h('div', { class: 'button-row' }, more)];
}

function answeredCell(round) {
  const notable = NOTABLE.has(round.answered);
  const cell = h('td', { class: ['col-answered', notable ? 'is-notable' : null], dataset: { answered: round.answered } },
    h('span', { class: ['answer-status', `answer-${round.answered}`], text: notable ? `⚠ ${round.answered_name}` : round.answered_name }));
  if (round.answered_on) cell.append(h('span', { class: 'answer-date', text: formatDate(round.answered_on) }));
  if (round.days_late) {
    const days = count(round.days_late, 'dag', 'dagar');
    cell.append(h('span', { class: 'answer-late', text: `, ${days} efter sista dag` }));
  }
  return cell;
}

function roundsPanel(rounds) {
  const content = rounds.length
    ? steppedTable({
      id: 'party-rounds',
      caption: 'Rundorna parten har fått, senaste sista svarsdag först',
      noun: ['runda', 'rundor'],
      items: rounds,
      head: [
        ['Dokument', 'col-title'], ['Runda', 'col-kind'], ['Skickad', 'col-date'],
        ['Sista svarsdag', 'col-date'], ['Svar', 'col-answered'], ['Ställningstagande eller beslut', 'col-position'],
        ['Synpunkter', 'col-count num'],
      ],
      row: (r) => h('tr', { dataset: { roundId: r.round_id } },
        h('td', { class: 'col-title' }, h('a', { href: `#/dokument/${r.document_id}`, text: r.document_title })),
        h('td', { class: 'col-kind' }, h('a', { href: `#/rundor/${r.round_id}`, text: r.kind_name })),
        h('td', { class: 'col-date', text: r.sent_on ? formatDate(r.sent_on) : 'Inte skickad' }),
        h('td', { class: 'col-date', text: formatDate(r.deadline) }),
        answeredCell(r),
        h('td', { class: 'col-position', text: r.position_name || DASH }),
        h('td', { class: 'col-count num', text: String(r.comments) })),
    })
    : h('p', { class: 'empty-state', id: 'party-rounds-empty', text: 'Parten har inte fått någon runda.' });
  return h('section', { class: 'panel', 'aria-labelledby': 'party-rounds-heading' },
    h('h2', { class: 'panel-title', id: 'party-rounds-heading', text: 'Rundor' }),
    content);
}

function commentsPanel(comments) {
  const content = comments.length
    ? steppedTable({
      id: 'party-comments',
      caption: 'Partens synpunkter och hur de har hanterats',
      noun: ['synpunkt', 'synpunkter'],
      items: comments,
      head: [
        ['Dokument', 'col-title'], ['Avsnitt', 'col-section'], ['Synpunkt', 'col-text'],
        ['Förslag', 'col-text'], ['Hantering', 'col-disposition'], ['Motivering', 'col-text'],
      ],
      row: (c) => h('tr', { dataset: { commentId: c.comment_id } },
        h('td', { class: 'col-title' }, h('a', { href: `#/rundor/${c.round_id}`, text: c.document_title })),
        h('td', { class: 'col-section', text: c.section || DASH }),
        h('td', { class: 'col-text pre-wrap', text: c.text }),
        h('td', { class: 'col-text pre-wrap', text: c.proposal || DASH }),
        h('td', { class: 'col-disposition', text: c.disposition_name }),
        h('td', { class: 'col-text pre-wrap', text: c.motivation || DASH })),
    })
    : h('p', { class: 'empty-state', id: 'party-comments-empty', text: 'Parten har inte lämnat några synpunkter.' });
  return h('section', { class: 'panel', 'aria-labelledby': 'party-comments-heading' },
    h('h2', { class: 'panel-title', id: 'party-comments-heading', text: 'Synpunkter' }),
    content);
}

function adoptedPanel(adopted) {
  const content = adopted.length
    ? steppedTable({
      id: 'party-adopted',
      caption: 'Dokument som parten har antagit',
      noun: ['dokument', 'dokument'],
      items: adopted,
      head: [
        ['Dokument', 'col-title'], ['Version', 'col-version num'], ['Beslutande organ', 'col-body'],
        ['Beslutsdag', 'col-date'], ['Partens diarienummer', 'col-dnr'],
      ],
      row: (a) => h('tr', { dataset: { documentId: a.document_id } },
        h('td', { class: 'col-title' }, h('a', { href: `#/dokument/${a.document_id}`, text: a.document_title })),
        h('td', { class: 'col-version num', text: String(a.version_no) }),
        h('td', { class: 'col-body', text: a.body || DASH }),
        h('td', { class: 'col-date', text: formatDate(a.decided_on) }),
        h('td', { class: 'col-dnr', text: a.their_diarienummer || DASH })),
    })
    : h('p', { class: 'empty-state', id: 'party-adopted-empty', text: 'Parten har inte antagit något dokument i registret.' });
  return h('section', { class: 'panel', 'aria-labelledby': 'party-adopted-heading' },
    h('h2', { class: 'panel-title', id: 'party-adopted-heading', text: 'Antagna dokument' }),
    content);
}

// Paging of long lists (the register, Rundor, a document's history and
// change log): the window asks the Rust side for one page at a time and
// draws only that page, so a register of 10 000 documents appears as fast
// as one of ten.

import { h } from './dom.js';

/** Rows the register and Rundor show at a time. */
export const PAGE_SIZE = 100;

/** Entries of a document's history and change log shown per "Visa fler". */
export const MORE_SIZE = 50;

const numberFormat = new Intl.NumberFormat('sv-SE');

/** A count in Swedish, with a space between thousands: "10 000". */
export function number(n) {
  return numberFormat.format(n);
}

/**
 * "Visar 1–100 av 10 000 dokument", or "31 dokument" when one page holds
 * everything.
 */
export function pageSummary(page, singular, plural) {
  const noun = page.total === 1 ? singular : plural;
  if (page.rows.length === 0 || (page.offset === 0 && page.rows.length >= page.total)) {
    return `${number(page.total)} ${noun}`;
  }
  const first = page.offset + 1;
  const last = page.offset + page.rows.length;
  return `Visar ${number(first)}–${number(last)} av ${number(page.total)} ${noun}`;
}

/**
 * Föregående/Nästa under a paged table. `onPage(offset)` is called with the
 * offset to show; the controls hide when one page holds everything.
 */
export function pager(id, label) {
  const text = h('span', { class: 'pager-text', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'button', id: `${id}-previous`, text: '← Föregående' });
  const next = h('button', { type: 'button', class: 'button', id: `${id}-next`, text: 'Nästa →' });
  const nav = h('nav', { class: 'pager', id, 'aria-label': label, hidden: true }, previous, text, next);
  let current = { offset: 0, rows: [], total: 0 };
  let handler = () => {};
  previous.addEventListener('click', () => handler(Math.max(0, current.offset - PAGE_SIZE)));
  next.addEventListener('click', () => handler(current.offset + PAGE_SIZE));
  return {
    element: nav,
    /** Shows the controls for `page` ({ rows, total, offset }). */
    update(page, singular, plural, onPage) {
      current = page;
      handler = onPage;
      const single = page.offset === 0 && page.rows.length >= page.total;
      nav.hidden = single || page.total === 0;
      text.textContent = pageSummary(page, singular, plural);
      previous.disabled = page.offset === 0;
      next.disabled = page.offset + page.rows.length >= page.total;
    },
  };
}

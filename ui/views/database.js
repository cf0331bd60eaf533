// The two ways to change database file: open an existing one or create a
// new one, each through the system's file dialog. Used by Inställningar and
// by the panel shown when the database cannot be opened.

import * as api from '../api.js';
import { h, errorBanner } from '../dom.js';

/**
 * Returns `{ buttons, status }`: a row with "Öppna befintlig databas…" and
 * "Skapa ny databas…", and the element where a cancellation or an error is
 * shown. `onChosen` runs after a database has been opened; `failText` heads
 * an error.
 */
export function databaseChooser({ onChosen, failText, primary = false }) {
  const status = h('div', { class: 'status-area' });
  const make = (id, text, create) => {
    const button = h('button', {
      type: 'button',
      class: primary && !create ? 'button button-primary' : 'button',
      id,
      text,
    });
    button.addEventListener('click', async () => {
      for (const b of buttons.querySelectorAll('button')) b.disabled = true;
      status.replaceChildren();
      try {
        if (await api.chooseDatabase(create)) {
          await onChosen();
          return;
        }
        status.replaceChildren(h('p', { class: 'muted', role: 'status', text: 'Ingen databas valdes.' }));
      } catch (error) {
        status.replaceChildren(errorBanner(error, failText));
      }
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
    });
    return button;
  };
  const buttons = h('div', { class: 'button-row' },
    make('open-database', 'Öppna befintlig databas…', false),
    make('create-database', 'Skapa ny databas…', true));
  return { buttons, status };
}

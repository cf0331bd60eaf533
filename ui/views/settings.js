// Inställningar: which Samdok this is, which database file is open and why
// that one, and a way to choose another.

import * as api from '../api.js';
import { databaseChooser } from './database.js';
import { ctx, labels, setNotice, takeNotice } from '../context.js';
import { h, notice, DASH } from '../dom.js';
import { restartApp } from '../router.js';

export async function render() {
  const info = await api.appInfo();
  ctx.info = info;
  const { buttons, status } = databaseChooser({
    failText: 'Databasen kunde inte öppnas. Den tidigare databasen är fortfarande öppen.',
    onChosen: async () => {
      setNotice('Databasen har bytts. Alla vyer visar nu innehållet i den valda filen.');
      await restartApp();
    },
  });

  const message = takeNotice();
  return h('section', { class: 'view view-settings', id: 'settings-view' },
    h('div', { class: 'view-header' }, h('h1', { class: 'view-title', text: 'Inställningar' })),
    message ? notice(message) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'db-heading' },
      h('h2', { class: 'panel-title', id: 'db-heading', text: 'Databas' }),
      h('dl', { class: 'meta-list', id: 'settings-list' },
        h('dt', { text: 'Databasfil' }),
        h('dd', { class: 'path', id: 'db-path', text: info.db_path }),
        h('dt', { text: 'Vald genom' }),
        h('dd', { id: 'db-source', text: labels().db_sources[info.db_source] || DASH }),
        h('dt', { text: 'Schemaversion' }),
        h('dd', { id: 'schema-version', text: info.schema_version === null || info.schema_version === undefined ? DASH : String(info.schema_version) })),
      h('p', { class: 'panel-intro', text: 'Du kan öppna en annan databasfil eller skapa en ny. Valet sparas och används nästa gång Samdok startar, om ingen annan databas anges med --db eller miljövariabeln SAMDOK_DB.' }),
      buttons,
      status),
    h('section', { class: 'panel', 'aria-labelledby': 'about-heading' },
      h('h2', { class: 'panel-title', id: 'about-heading', text: 'Om Samdok' }),
      h('dl', { class: 'meta-list' },
        h('dt', { text: 'Version' }),
        h('dd', { id: 'settings-version', text: `Samdok ${info.version}` }),
        h('dt', { text: 'Användare' }),
        h('dd', { id: 'os-user', text: info.user || DASH }),
        h('dt', { text: 'Dagens datum' }),
        h('dd', { text: info.today || DASH })),
      h('p', { class: 'panel-intro', text: 'Alla ändringar i registret sparas i ändringsloggen med användarnamnet ovan.' })));
}

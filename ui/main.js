// Start-up and navigation: asks the Rust side what database is open, loads
// the reference data, and renders the view named by the URL hash.

import * as api from './api.js';
import { ctx, loadContext, setNotice } from './context.js';
import { h, errorBanner } from './dom.js';
import { setRouteHandler, setRestartHandler, markRendered, refresh } from './router.js';
import * as registerView from './views/register.js';
import * as documentView from './views/document.js';
import * as formView from './views/form.js';
import * as partiesView from './views/parties.js';
import * as partyView from './views/party.js';
import * as settingsView from './views/settings.js';
import * as roundsView from './views/rounds.js';
import * as roundView from './views/round.js';
import * as roundFormView from './views/round-form.js';
import * as compilationView from './views/compilation.js';
import * as overviewView from './views/overview.js';
import { databaseChooser } from './views/database.js';

const VIEWS = {
  register: registerView,
  document: documentView,
  form: formView,
  parties: partiesView,
  party: partyView,
  settings: settingsView,
  rounds: roundsView,
  round: roundView,
  'round-form': roundFormView,
  compilation: compilationView,
  overview: overviewView,
};

/** Which navigation item is current for each view. */
const NAV_OF_VIEW = {
  register: 'register',
  document: 'register',
  form: 'register',
  parties: 'parties',
  party: 'parties',
  settings: 'settings',
  rounds: 'rounds',
  round: 'rounds',
  'round-form': 'rounds',
  compilation: 'rounds',
  overview: 'overview',
};

const main = () => document.getElementById('main');
let renderToken = 0;
let started = false;

function highlightNav(view) {
  const current = NAV_OF_VIEW[view];
  for (const item of document.querySelectorAll('.mainnav [data-view]')) {
    if (item.dataset.view === current) item.setAttribute('aria-current', 'page');
    else item.removeAttribute('aria-current');
  }
}

async function renderRoute(route) {
  if (!started) return;
  const token = ++renderToken;
  const view = VIEWS[route.view] || overviewView;
  highlightNav(route.view);
  document.body.classList.add('is-loading');
  let element;
  try {
    element = await view.render(route);
  } catch (error) {
    console.error(error);
    element = h('section', { class: 'view' },
      h('div', { class: 'view-header' },
        h('h1', { class: 'view-title', tabindex: '-1', text: 'Sidan kunde inte visas' })),
      errorBanner(error),
      h('p', {}, h('a', { href: '#/dokument', text: 'Tillbaka till registret' })));
  }
  if (token !== renderToken) return;
  document.body.classList.remove('is-loading');
  const container = main();
  container.replaceChildren(element);
  window.scrollTo(0, 0);
  container.scrollTop = 0;
  const heading = element.querySelector('h1');
  if (heading && view.focusOnEnter !== false) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  markRendered(route.view);
  if (typeof view.afterRender === 'function') view.afterRender(element);
}

/** The full-page panel shown when the database could not be opened. */
function openErrorPanel(info) {
  const { buttons, status } = databaseChooser({
    primary: true,
    failText: 'Databasen kunde inte öppnas.',
    onChosen: async () => {
      setNotice('Databasen har öppnats.');
      await start();
    },
  });
  return h('section', { class: 'view fatal-panel', id: 'open-error' },
    h('h1', { class: 'view-title', tabindex: '-1', text: 'Databasen kunde inte öppnas' }),
    h('div', { class: 'banner banner-error', role: 'alert' },
      h('p', { text: info.open_error.message })),
    h('dl', { class: 'meta-list meta-list-compact' },
      h('dt', { text: 'Databas' }),
      h('dd', { class: 'path', text: info.db_path }),
    ),
    h('p', { text: 'Inget har ändrats i filen. Välj en annan databasfil, eller skapa en ny, för att fortsätta.' }),
    buttons,
    status);
}

function fatalPanel(error) {
  return h('section', { class: 'view fatal-panel' },
    h('h1', { class: 'view-title', tabindex: '-1', text: 'Samdok kunde inte starta' }),
    errorBanner(error));
}

function showWhole(element, view) {
  renderToken += 1;
  document.body.classList.remove('is-loading');
  main().replaceChildren(element);
  const heading = element.querySelector('h1');
  if (heading) heading.focus({ preventScroll: true });
  markRendered(view);
}

/** Asks for the app info and shows either the database error or the views. */
async function start() {
  started = false;
  document.body.classList.remove('has-open-error');
  let info;
  try {
    info = await api.appInfo();
  } catch (error) {
    showWhole(fatalPanel(error), 'error');
    return;
  }
  ctx.info = info;
  document.getElementById('app-version').textContent = info.version;
  document.querySelector('.brand').setAttribute('title', `Samdok ${info.version}`);
  if (info.open_error) {
    document.body.classList.add('has-open-error');
    showWhole(openErrorPanel(info), 'open-error');
    return;
  }
  try {
    await loadContext();
  } catch (error) {
    showWhole(fatalPanel(error), 'error');
    return;
  }
  started = true;
  await refresh();
}

setRouteHandler(renderRoute);
setRestartHandler(start);
start();

// Hash routing: `#/dokument`, `#/dokument/ny`, `#/dokument/12`,
// `#/dokument/12/redigera`, `#/dokument/12/ny-runda`, `#/rundor`, `#/rundor/3`,
// `#/rundor/3/sammanstallning`, `#/parter`, `#/parter/4`, `#/installningar`,
// `#/oversikt` (the start page: an empty or unknown hash shows it).

let onRoute = () => {};

/** Registers the function that renders the route in the hash. */
export function setRouteHandler(handler) {
  onRoute = handler;
  window.addEventListener('hashchange', () => onRoute(parse(location.hash)));
}

/** Renders the current hash again. */
export function refresh() {
  return onRoute(parse(location.hash));
}

/** Goes to `hash`; renders it again when it is already the current one. */
export function navigate(hash) {
  if (location.hash === hash) return refresh();
  location.hash = hash;
  return undefined;
}

/** The route in a hash: `{ view, id }`. Empty and unknown hashes give the Översikt. */
export function parse(hash) {
  const parts = String(hash || '').replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'dokument' && !second) return { view: 'register' };
  if (first === 'dokument' && second === 'ny') return { view: 'form', id: null };
  if (first === 'dokument' && /^\d+$/.test(second || '')) {
    if (third === 'redigera') return { view: 'form', id: Number(second) };
    if (third === 'ny-runda') return { view: 'round-form', id: Number(second) };
    return { view: 'document', id: Number(second) };
  }
  if (first === 'rundor' && /^\d+$/.test(second || '')) {
    if (third === 'sammanstallning') return { view: 'compilation', id: Number(second) };
    return { view: 'round', id: Number(second) };
  }
  if (first === 'rundor') return { view: 'rounds' };
  if (first === 'parter' && /^\d+$/.test(second || '')) return { view: 'party', id: Number(second) };
  if (first === 'parter') return { view: 'parties' };
  if (first === 'installningar') return { view: 'settings' };
  if (first === 'oversikt') return { view: 'overview' };
  return { view: 'overview' };
}

/** Marks the page as showing `view` with its data (the hooks tests wait for). */
export function markRendered(view) {
  document.body.dataset.view = view;
  document.body.dataset.ready = '1';
}

let onRestart = async () => {};

/** Registers the function that starts the app again from `app_info`. */
export function setRestartHandler(handler) {
  onRestart = handler;
}

/** Starts again, e.g. after another database was chosen: reloads everything. */
export function restartApp() {
  return onRestart();
}

// Remisspaket in the round view: what goes out (the working draft, or a new
// draft when none is attached), warnings before export (missing mandatory
// headings, parties without an e-mail address), export to a zip or a
// folder with progress, and where it went. An adoption round's package
// (antagandepaket) carries the working draft byte for byte: without one the
// core refuses, and the section says why and where to attach it.

import * as api from '../api.js';
import { h, fill, errorBanner } from '../dom.js';

export function packageSection(status) {
  const adoption = status.kind === 'antagande';
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', text: 'Förbereder …' }));
  const panel = h('section', { class: 'panel', id: 'package-panel', 'aria-labelledby': 'package-heading' },
    h('h2', { class: 'panel-title', id: 'package-heading', text: adoption ? 'Exportera antagandepaket' : 'Remisspaket' }),
    body);
  api.packagePlan(status.id)
    .then((plan) => draw(body, status, plan, null))
    .catch((error) => fill(body, adoption && error.code === 'invalid'
      ? refusal(status, error)
      : errorBanner(error, 'Paketet kan inte förberedas.')))
    .finally(() => body.removeAttribute('aria-busy'));
  return panel;
}

/** What an antagandepaket holds, in one sentence. */
const ADOPTION_CONTENTS = 'Antagandepaketet innehåller det slutliga dokumentet (arbetsversionen, oförändrad), '
  + 'missivet om antagande med ställningstagandet, ett förslag till tjänsteskrivelse per part (Word), '
  + 'sändlistan (Excel och CSV), ett e-postutkast per part med adress och ett manifest över vad som gick till vem.';

/**
 * The core's refusal of an antagandepaket (no working draft, no
 * ställningstagande): its message, what the package would hold and a link
 * to the document where the missing piece is added.
 */
function refusal(status, error) {
  const messages = (error.fields && error.fields.length ? error.fields.map((f) => f.message) : [error.message]);
  return [
    h('div', { class: 'banner banner-warning', role: 'alert', id: 'package-refused' },
      h('p', { class: 'banner-heading', text: 'Antagandepaketet kan inte exporteras ännu.' }),
      messages.map((m) => h('p', { text: m })),
      h('p', {}, h('a', { href: `#/dokument/${status.document_id}`, id: 'package-refused-link', text: 'Öppna dokumentets sida' }))),
    h('p', { class: 'panel-intro', text: ADOPTION_CONTENTS }),
  ];
}

function draw(body, status, plan, result) {
  const adoption = status.kind === 'antagande';
  const progress = h('div', { class: 'progress', id: 'package-progress', hidden: true },
    h('div', { class: 'progress-track' }, h('div', { class: 'progress-fill' })),
    h('span', { class: 'progress-label', text: '' }));
  const out = h('div', { class: 'status-area', id: 'package-status' });
  const run = async (zip) => {
    for (const b of body.querySelectorAll('button')) b.disabled = true;
    out.replaceChildren();
    progress.hidden = false;
    const stop = await api.onPackageProgress(({ done, total }) => {
      progress.querySelector('.progress-fill').style.width = `${Math.round((done / Math.max(total, 1)) * 100)}%`;
      progress.querySelector('.progress-label').textContent = `${done} av ${total} filer`;
    });
    try {
      const dispatch = await api.exportPackage(status.id, zip);
      if (dispatch) {
        draw(body, status, plan, dispatch);
        return;
      }
      progress.hidden = true;
    } catch (error) {
      progress.hidden = true;
      out.replaceChildren(errorBanner(error, 'Paketet exporterades inte. Inget halvfärdigt paket har sparats.'));
    } finally {
      stop();
    }
    for (const b of body.querySelectorAll('button')) b.disabled = false;
  };
  const zipButton = h('button', { type: 'button', class: 'button button-primary', id: 'export-zip', text: adoption ? 'Exportera antagandepaket som zip …' : 'Exportera som zip …' });
  zipButton.addEventListener('click', () => run(true));
  const folderButton = h('button', { type: 'button', class: 'button', id: 'export-folder', text: adoption ? 'Exportera antagandepaket till mapp …' : 'Exportera till mapp …' });
  folderButton.addEventListener('click', () => run(false));

  const draftText = adoption
    ? `Dokumentet som skickas är den bifogade arbetsversionen «${plan.draft_file_name}», byte för byte.`
    : plan.draft_source === 'working_draft'
    ? `Utkastet som skickas är den bifogade arbetsversionen «${plan.draft_file_name}», oförändrad.`
    : `Ingen arbetsversion är bifogad. Ett nytt utkast skapas från mallen: «${plan.draft_file_name}».`;
  fill(body,
    h('p', { id: 'package-draft', text: draftText }),
    plan.draft_problems.length
      ? h('div', { class: 'banner banner-warning', role: 'alert', id: 'package-warning' },
        h('p', { text: `Varning: ${adoption ? 'dokumentet' : 'utkastet'} följer inte mallen. Det saknar eller har fel på: ${plan.draft_problems.join(', ')}.` }))
      : null,
    plan.recipients_without_email.length
      ? h('div', { class: 'banner banner-warning', id: 'package-missing-email' },
        h('p', { text: `${plan.recipients_without_email.length} av ${status.total} parter saknar e-postadress för ${status.level_name.toLowerCase()} och får inget e-postutkast (men ${adoption ? 'ett förslag till tjänsteskrivelse' : 'en svarsmall'}): ${plan.recipients_without_email.join(', ')}. Lägg till adresser under Parter.` }))
      : null,
    (plan.invalid_addresses || []).length
      ? h('div', { class: 'banner banner-warning', id: 'package-invalid-email' },
        h('ul', {}, plan.invalid_addresses.map((i) => h('li', { text: i.message }))))
      : null,
    h('p', { class: 'panel-intro', id: 'package-contents', text: adoption ? ADOPTION_CONTENTS : 'Paketet innehåller utkastet, missivet, en svarsmall per part, sändlistan (Excel och CSV), ett e-postutkast per part med adress och ett manifest över vad som gick till vem.' }),
    h('div', { class: 'button-row' }, zipButton, folderButton),
    progress,
    out,
    result
      ? h('div', { class: 'banner banner-success', role: 'status', id: 'package-result' },
        h('p', { text: `${adoption ? 'Antagandepaketet' : 'Remisspaketet'} har exporterats till ${result.destination} (${result.manifest.entries.length} filer).` }))
      : null);
}

// Ny runda: a remiss, synpunktsrunda or antagande on a document's current
// version, to all its parties or a chosen subset, with deadline and missiv
// fields. The kinds and their descriptions come from the core's labels; for
// an antagande the missiv text is the case's background, the reply address
// is where the protokollsutdrag go and the diarienummer is the one the
// parties quote, and the form says so.

import * as api from '../api.js';
import { ctx, labels } from '../context.js';
import { h, uid, errorBanner, showFieldErrors, clearFieldErrors, errorSummary } from '../dom.js';
import { navigate } from '../router.js';

function field(name, label, control, hint) {
  control.id = control.id || uid('round');
  control.name = name;
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id, text: label }),
    hint ? h('span', { class: 'hint', text: hint }) : null,
    control);
}

/**
 * The texts of the fields that mean something else in an adoption round:
 * label (from the core's labels) and hint, per kind.
 */
function fieldTexts(adoption) {
  const own = adoption ? labels().adoption_round_fields : null;
  return {
    deadline: [own ? `${own.deadline} *` : 'Sista svarsdag *', null],
    diarienummer: [own ? own.diarienummer : 'Diarienummer som svaren ska ange',
      adoption ? 'Parterna anger det när de skickar beslutet.' : null],
    reply_address: [own ? own.reply_address : 'Svaren skickas till (e-post)',
      adoption ? 'Till exempel regionens registratur, diariet@regionvarmland.se.' : null],
    missiv_text: [own ? own.missiv_text : 'Missivtext',
      adoption ? 'Står under Bakgrund i missivet och under Sammanfattning av ärendet i varje parts förslag till tjänsteskrivelse.' : null],
  };
}

export async function render(route) {
  const detail = await api.getDocument(route.id);
  const doc = detail.current;
  const summary = h('div', { class: 'form-summary' });
  const kindGroup = h('div', { class: 'field field-wide', role: 'radiogroup', 'aria-labelledby': 'round-kind-label', dataset: { field: 'kind' } },
    h('span', { class: 'group-label', id: 'round-kind-label', text: 'Typ av runda' }),
    ...labels().round_kinds.map((k) => h('div', { class: 'check' },
      h('input', { type: 'radio', name: 'kind', id: `round-kind-${k.code}`, value: k.code }),
      h('label', { for: `round-kind-${k.code}`, text: k.description }))));
  const boxes = ctx.parties.map((p) => h('div', { class: 'check' },
    h('input', { type: 'checkbox', name: 'parties', id: `round-party-${p.id}`, value: String(p.id) }),
    h('label', { for: `round-party-${p.id}`, text: p.name })));
  const partyGroup = h('div', { class: 'field field-wide check-group', role: 'group', 'aria-labelledby': 'round-parties-label', dataset: { field: 'parties' } },
    h('span', { class: 'group-label', id: 'round-parties-label', text: 'Mottagare' }),
    h('div', { class: 'check-grid check-grid-parties' }, boxes));
  const missiv = h('textarea', { rows: '12' });
  const missivStatus = h('p', { class: 'hint', id: 'missiv-status', text: 'Fylls i från mallen när sista svarsdag är angiven; du kan ändra texten fritt.' });
  const fillMissiv = h('button', { type: 'button', class: 'link-button', id: 'fill-missiv', text: 'Fyll i mallens missivtext igen' });
  const form = h('form', { id: 'round-form', class: 'document-form', novalidate: true, autocomplete: 'off' },
    summary,
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'Runda' }),
      h('div', { class: 'form-grid' },
        kindGroup,
        field('deadline', 'Sista svarsdag *', h('input', { type: 'text', placeholder: 'ÅÅÅÅ-MM-DD' }), 'Skriv som ÅÅÅÅ-MM-DD'),
        field('sent_date', 'Utskicksdag', h('input', { type: 'text', placeholder: 'ÅÅÅÅ-MM-DD' }), 'Tomt = rundan förbereds ännu'),
        field('subject', 'Ärendemening', h('input', { type: 'text' }), 'Tomt = typ och dokumentets titel'),
        field('diarienummer', 'Diarienummer som svaren ska ange', h('input', { type: 'text' })),
        field('reply_address', 'Svaren skickas till (e-post)', h('input', { type: 'email' })),
        partyGroup)),
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'Kontaktperson och missiv' }),
      h('div', { class: 'form-grid' },
        field('contact_name', 'Kontaktperson', h('input', { type: 'text' })),
        field('contact_title', 'Kontaktpersonens titel', h('input', { type: 'text' }), 'Står under namnet i missivet, t.ex. Enhetschef Nya perspektiv'),
        field('contact_email', 'Kontaktpersonens e-post', h('input', { type: 'email' })),
        field('contact_phone', 'Kontaktpersonens telefon', h('input', { type: 'tel' })),
        h('div', { class: 'field field-wide', dataset: { field: 'missiv_text' } },
          h('label', { for: 'round-missiv', id: 'round-missiv-label', text: 'Missivtext' }),
          missivStatus,
          Object.assign(missiv, { id: 'round-missiv', name: 'missiv_text' }),
          fillMissiv))),
    h('div', { class: 'button-row form-actions' },
      h('button', { type: 'submit', class: 'button button-primary', id: 'save-round', text: 'Öppna rundan' }),
      h('a', { class: 'button', href: `#/dokument/${detail.id}`, text: 'Avbryt' })));
  form.elements.namedItem('kind')[0].checked = true;

  // The labels and hints follow the kind chosen.
  const relabel = () => {
    const adoption = form.querySelector('[name=kind]:checked')?.value === 'antagande';
    for (const [name, [label, hint]] of Object.entries(fieldTexts(adoption))) {
      const box = form.querySelector(`[data-field="${name}"]`);
      const labelEl = box && box.querySelector('label');
      if (!labelEl) continue;
      labelEl.textContent = label;
      let hintEl = box.querySelector('.kind-hint');
      if (hint && !hintEl) {
        hintEl = h('span', { class: 'hint kind-hint' });
        labelEl.after(hintEl);
      }
      if (hintEl) {
        hintEl.textContent = hint || '';
        hintEl.hidden = !hint;
      }
    }
    title.textContent = adoption ? 'Ny runda: antagande' : 'Ny runda';
  };
  const title = h('h1', { class: 'view-title', text: 'Ny runda' });
  for (const p of doc.parties) {
    const box = form.querySelector(`#round-party-${p}`);
    if (box) box.checked = true;
  }
  if (doc.diarienummer) form.elements.namedItem('diarienummer').value = doc.diarienummer;

  // The template's missiv text follows the round's facts until the user
  // edits it; "Fyll i mallens missivtext igen" replaces an edited text.
  let lastFilled = '';
  const refill = async (force) => {
    if (!force && missiv.value.trim() !== '' && missiv.value !== lastFilled) return;
    const value = (name) => form.elements.namedItem(name).value;
    try {
      const text = await api.defaultMissiv(detail.id, {
        kind: form.querySelector('[name=kind]:checked')?.value || 'remiss',
        deadline: value('deadline').trim(),
        diarienummer: value('diarienummer'),
        replyAddress: value('reply_address'),
      });
      missiv.value = text;
      lastFilled = text;
      missivStatus.textContent = 'Ifylld från mallen; du kan ändra texten fritt. En rad som börjar med # blir en rubrik i missivet.';
    } catch (error) {
      if (force) missivStatus.textContent = error.message;
    }
  };
  for (const name of ['deadline', 'diarienummer', 'reply_address']) {
    form.elements.namedItem(name).addEventListener('change', () => refill(false));
  }
  for (const radio of form.querySelectorAll('[name=kind]')) {
    radio.addEventListener('change', () => {
      relabel();
      refill(false);
    });
  }
  relabel();
  fillMissiv.addEventListener('click', () => refill(true));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    summary.replaceChildren();
    const value = (name) => form.elements.namedItem(name).value;
    const input = {
      kind: form.querySelector('[name=kind]:checked')?.value || '',
      parties: [...form.querySelectorAll('[name=parties]:checked')].map((b) => Number(b.value)),
      deadline: value('deadline').trim() || null,
      sent_date: value('sent_date').trim() || null,
      subject: value('subject'),
      diarienummer: value('diarienummer'),
      reply_address: value('reply_address'),
      contact_name: value('contact_name'),
      contact_title: value('contact_title'),
      contact_email: value('contact_email'),
      contact_phone: value('contact_phone'),
      missiv_text: value('missiv_text'),
    };
    try {
      const id = await api.openRound(detail.id, input);
      navigate(`#/rundor/${id}`);
    } catch (error) {
      if (error.code === 'invalid') {
        const unplaced = showFieldErrors(form, error.fields);
        const box = errorSummary(form, error.fields.filter((f) => !unplaced.includes(f.message)), unplaced);
        summary.replaceChildren(box);
        box.focus();
      } else {
        summary.replaceChildren(errorBanner(error, 'Rundan kunde inte öppnas.'));
      }
    }
  });

  return h('section', { class: 'view', id: 'round-form-view' },
    h('p', { class: 'breadcrumb' }, h('a', { href: `#/dokument/${detail.id}`, text: `← ${doc.title}` })),
    h('div', { class: 'view-header' }, title),
    h('p', { class: 'panel-intro', text: `Rundan gäller version ${doc.version_no} av «${doc.title}».` }),
    form);
}

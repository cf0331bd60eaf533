// Small DOM helpers. Everything the user typed reaches the page through
// textContent or attribute values, never through innerHTML.

/**
 * Creates an element. `attrs` keys: `class`, `text`, `dataset` (object),
 * `on` (object of event listeners), properties that exist on the element
 * (`hidden`, `disabled`, `value`, `checked`, `type` …) and any other key as an
 * attribute. `null`, `undefined` and `false` values are skipped. Children may
 * be nodes, strings or (nested) arrays of them.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) {
        if (v !== null && v !== undefined) el.dataset[k] = String(v);
      }
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'style') {
      throw new Error('inline styles are forbidden by the CSP; use a class');
    } else if (key in el && typeof el[key] !== 'function' && !key.startsWith('aria') && key !== 'list' && key !== 'form') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`; skips null, undefined and false like {@link h}. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Removes every child of `el`. */
export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A unique id for label/aria wiring. */
let counter = 0;
export function uid(prefix = 'f') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Shown for an empty value in lists and tables. */
export const DASH = '–';

/** `YYYY-MM-DD` from a date string, or the dash when there is none. */
export function formatDate(value) {
  if (!value) return DASH;
  return String(value).slice(0, 10);
}

/** `YYYY-MM-DD HH:MM` from an RFC 3339 timestamp (already in local time). */
export function formatDateTime(value) {
  if (!value) return DASH;
  const text = String(value);
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(text);
  return match ? `${match[1]} ${match[2]}` : text;
}

/** "1 dokument", "3 kontakter" … */
export function count(n, singular, plural) {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Calls `fn` once `ms` milliseconds have passed without another call. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * A banner for an error from the API: its Swedish message and, for
 * unexpected errors, the technical detail folded away.
 */
export function errorBanner(error, heading = null) {
  const banner = h('div', { class: 'banner banner-error', role: 'alert' });
  if (heading) banner.append(h('p', { class: 'banner-heading', text: heading }));
  banner.append(h('p', { text: messageOf(error) }));
  if (error && error.detail) {
    banner.append(
      h('details', { class: 'banner-detail' },
        h('summary', { text: 'Visa detaljer' }),
        h('pre', { text: String(error.detail) })),
    );
  }
  return banner;
}

/** The Swedish message of an error object, or a generic one. */
export function messageOf(error) {
  if (error && typeof error.message === 'string' && error.message.trim()) return error.message;
  return 'Ett oväntat fel inträffade.';
}

/** A short confirmation that announces itself to screen readers. */
export function notice(text) {
  return h('div', { class: 'banner banner-success', role: 'status' }, h('p', { text }));
}

/**
 * Shows field errors from an `invalid` error below their inputs inside
 * `form`. Each message goes into `.field-error[data-for=<field>]` right
 * after the field's control (or its group), the control gets
 * `aria-invalid` and `aria-describedby`. Returns the messages of fields that
 * had no control in the form, for the summary.
 */
export function showFieldErrors(form, fields) {
  clearFieldErrors(form);
  const unplaced = [];
  const byField = new Map();
  for (const f of fields || []) {
    if (!byField.has(f.field)) byField.set(f.field, []);
    byField.get(f.field).push(f.message);
  }
  for (const [field, messages] of byField) {
    const anchor = form.querySelector(`[data-field="${cssEscape(field)}"]`);
    if (!anchor) {
      unplaced.push(...messages);
      continue;
    }
    const id = uid('err');
    const error = h('p', { class: 'field-error', id, dataset: { for: field } },
      messages.join(' '));
    anchor.append(error);
    const controls = anchor.querySelectorAll('input, select, textarea, [role="group"]');
    const targets = anchor.matches('[role="group"]') ? [anchor] : [...controls].slice(0, 1);
    for (const control of targets) {
      control.setAttribute('aria-invalid', 'true');
      const described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      described.push(id);
      control.setAttribute('aria-describedby', described.join(' '));
    }
    anchor.classList.add('has-error');
  }
  return unplaced;
}

/** Removes every field error shown by {@link showFieldErrors}. */
export function clearFieldErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    const id = error.id;
    for (const control of form.querySelectorAll(`[aria-describedby~="${id}"]`)) {
      const rest = control.getAttribute('aria-describedby').split(' ').filter((x) => x && x !== id);
      if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
      else control.removeAttribute('aria-describedby');
      control.removeAttribute('aria-invalid');
    }
    error.remove();
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
}

function cssEscape(text) {
  return window.CSS && CSS.escape ? CSS.escape(text) : String(text).replace(/["\\]/g, '\\$&');
}

/**
 * Shows why a dialog's save was refused: each field error under its field
 * (those no field holds in a summary in `area`) and focus on `focus` or the
 * first field at fault; any other error as a banner with `heading`.
 */
export function showFormError(form, area, error, heading, focus = null) {
  if (error.code === 'invalid' && error.fields && error.fields.length) {
    const unplaced = showFieldErrors(form, error.fields);
    if (unplaced.length) area.replaceChildren(errorSummary(form, [], unplaced));
    const first = focus || form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  } else {
    area.replaceChildren(errorBanner(error, heading));
  }
}

/**
 * The summary of a validation error at the top of a form: every message,
 * each a button that moves focus to its field.
 */
export function errorSummary(form, fields, extra = []) {
  const box = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('p', { class: 'error-summary-heading', text: 'Uppgifterna kunde inte sparas. Rätta följande:' }));
  const list = h('ul');
  for (const f of fields || []) {
    const anchor = form.querySelector(`[data-field="${cssEscape(f.field)}"]`);
    const control = anchor && anchor.querySelector('input, select, textarea');
    if (control) {
      list.append(h('li', {},
        h('button', {
          type: 'button',
          class: 'link-button',
          on: { click: () => control.focus() },
        }, f.message)));
    } else {
      list.append(h('li', { text: f.message }));
    }
  }
  for (const message of extra) list.append(h('li', { text: message }));
  box.append(list);
  return box;
}

// Modal dialogs built on <dialog>: a confirmation with an optional comment,
// and a frame for small forms. The webview has no window.confirm.

import { h, errorBanner } from '../dom.js';

/**
 * Asks for confirmation. `action(comment)` runs while the dialog is open; on
 * failure its error is shown in the dialog, which stays open. Resolves to
 * `{ ok: true, value }` after a successful action, or `null` when cancelled.
 */
export function confirmDialog({ id, title, message, confirmLabel, danger = false, comment = null, action }) {
  return new Promise((resolve) => {
    const titleId = `${id}-title`;
    const status = h('div', { class: 'status-area' });
    const commentInput = comment
      ? h('textarea', { id: comment.id, name: 'comment', rows: 3, placeholder: comment.placeholder || '' })
      : null;
    const confirmButton = h('button', {
      type: 'submit',
      class: ['button', danger ? 'button-danger' : 'button-primary'],
      id: `${id}-confirm`,
      text: confirmLabel,
    });
    const cancelButton = h('button', { type: 'button', class: 'button', id: `${id}-cancel`, text: 'Avbryt' });
    const form = h('form', { class: 'dialog-body', method: 'dialog', novalidate: true },
      h('h2', { class: 'dialog-title', id: titleId, text: title }),
      h('p', { class: 'dialog-message', text: message }),
      commentInput ? h('div', { class: 'field' },
        h('label', { for: comment.id, text: comment.label }),
        commentInput) : null,
      status,
      h('div', { class: 'button-row dialog-buttons' }, confirmButton, cancelButton));
    const dialog = h('dialog', { class: 'dialog', id, 'aria-labelledby': titleId }, form);

    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(result);
    };
    cancelButton.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (!confirmButton.disabled) finish(null);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      confirmButton.disabled = true;
      cancelButton.disabled = true;
      status.replaceChildren();
      try {
        const value = await action(commentInput ? commentInput.value : '');
        finish({ ok: true, value });
      } catch (error) {
        status.replaceChildren(errorBanner(error));
        confirmButton.disabled = false;
        cancelButton.disabled = false;
      }
    });

    document.body.append(dialog);
    dialog.showModal();
    (commentInput || (danger ? cancelButton : confirmButton)).focus();
  });
}

/**
 * Opens a dialog around `form` (a <form> the caller wires up). Returns
 * `{ dialog, close }`; `onClose` runs once when it closes in any way.
 * `wide` is `wide` (a form) or `xwide` (a form with tables in it).
 */
export function formDialog({ id, title, form, onClose = () => {}, wide = 'wide' }) {
  const titleId = `${id}-title`;
  const dialog = h('dialog', { class: ['dialog', `dialog-${wide}`], id, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-body' },
      h('h2', { class: 'dialog-title', id: titleId, text: title }),
      form));
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    onClose();
  };
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = form.querySelector('input, select, textarea');
  if (first) first.focus();
  return { dialog, close };
}

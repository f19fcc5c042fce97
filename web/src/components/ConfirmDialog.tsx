import { type ReactNode, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useModal } from './modal';

/**
 * A modal question before an action that cannot be taken back: named by its title, with the
 * action's own button and "Cancel" (Escape cancels too). It opens with "Cancel" focused, so that
 * Enter pressed out of habit does not take the step.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useModal(ref, cancel, open);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="confirm"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="row">
        <button
          type="button"
          className={danger ? 'button-danger' : 'button-primary'}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button ref={cancel} type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </dialog>
  );
}

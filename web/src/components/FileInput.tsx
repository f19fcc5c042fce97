import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHydrated } from './hydrated';

type FileInputProps = {
  /** Names the input (screen readers and tests find it by this). */
  label: string;
  onFile: (file: File | null) => void;
  accept?: string;
  required?: boolean;
  id?: string;
};

/**
 * A labelled file input in the page's language. The browser's own button says "Choose File" in
 * its language whatever the page's, so the native input lies transparent over a button and the
 * chosen file's name drawn here: a click or a tap anywhere on them opens the picker, the keyboard
 * reaches the real input, and its name is still the label's. Remount it (a new `key`) to clear it.
 */
export function FileInput({ label, onFile, accept, required, id }: FileInputProps) {
  const { t } = useTranslation('common');
  const ownId = useId();
  const inputId = id ?? ownId;
  const [name, setName] = useState<string | null>(null);
  // A file chosen before the app runs the page would be in the input but not in its state.
  const hydrated = useHydrated();
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div className="file-input">
        <span className="button" aria-hidden="true">
          {t('file.choose')}
        </span>
        <span className="file-input-name" aria-hidden="true">
          {name ?? t('file.none')}
        </span>
        <input
          id={inputId}
          type="file"
          accept={accept}
          required={required}
          disabled={!hydrated}
          onChange={(e) => {
            const file = e.target.files?.[0] ?? null;
            setName(file?.name ?? null);
            onFile(file);
          }}
        />
      </div>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { useFormat } from '../i18n/format';
import { useHydrated } from './hydrated';

type FileInputProps = {
  /** Names the input (screen readers and tests find it by this). */
  label: string;
  onFile: (file: File | null) => void;
  accept?: string;
  required?: boolean;
  id?: string;
  /**
   * The file is sent to the server: its size and kind are checked against what the server accepts
   * (GET /files/limits) when it is chosen, not after minutes of sending it over a phone's line.
   */
  upload?: boolean;
};

type Limits = { maxBytes: number; extensions: string[] };

/** Why the server would refuse this file, or null. */
export function uploadProblem(
  file: Pick<File, 'name' | 'size'>,
  limits: Limits,
): { tooLarge: true } | { kind: true } | null {
  if (file.size > limits.maxBytes) return { tooLarge: true };
  const extension = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (!extension || !limits.extensions.includes(extension)) return { kind: true };
  return null;
}

/**
 * A labelled file input in the page's language. The browser's own button says "Choose File" in
 * its language whatever the page's, so the native input lies transparent over a button and the
 * chosen file's name drawn here: a click or a tap anywhere on them opens the picker, the keyboard
 * reaches the real input, and its name is still the label's. Remount it (a new `key`) to clear it.
 */
export function FileInput({ label, onFile, accept, required, id, upload }: FileInputProps) {
  const { t } = useTranslation('common');
  const format = useFormat();
  const ownId = useId();
  const inputId = id ?? ownId;
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A file chosen before the app runs the page would be in the input but not in its state.
  const hydrated = useHydrated();
  const limits = useQuery({
    queryKey: ['upload-limits'],
    queryFn: () => call(api.GET('/api/v1/files/limits')),
    enabled: !!upload,
    staleTime: Infinity,
  }).data;
  const kinds = limits?.extensions.map((e) => `.${e}`).join(',');
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div className={problem ? 'file-input file-input-invalid' : 'file-input'}>
        <span className="button" aria-hidden="true">
          {t('file.choose')}
        </span>
        <span className="file-input-name" aria-hidden="true">
          {name ?? t('file.none')}
        </span>
        <input
          id={inputId}
          type="file"
          accept={accept ?? kinds}
          required={required}
          disabled={!hydrated}
          aria-invalid={problem ? true : undefined}
          aria-describedby={
            [problem ? `${inputId}-error` : '', limits ? `${inputId}-limit` : ''].join(' ').trim() ||
            undefined
          }
          onChange={(e) => {
            const file = e.target.files?.[0] ?? null;
            setName(file?.name ?? null);
            const refused = file && limits ? uploadProblem(file, limits) : null;
            const said = !refused
              ? null
              : 'tooLarge' in refused
                ? t('file.tooLarge', { size: format.bytes(file!.size), max: format.bytes(limits!.maxBytes) })
                : t('errors.FILE_TYPE_NOT_ALLOWED');
            setProblem(said);
            // The form cannot be sent with it, and the browser says why at the field too.
            e.target.setCustomValidity(said ?? '');
            onFile(said ? null : file);
          }}
        />
      </div>
      {problem ? (
        <span id={`${inputId}-error`} className="field-error">
          {problem}
        </span>
      ) : null}
      {limits ? (
        <span id={`${inputId}-limit`} className="muted">
          {t('file.limit', { max: format.bytes(limits.maxBytes) })}
        </span>
      ) : null}
    </div>
  );
}

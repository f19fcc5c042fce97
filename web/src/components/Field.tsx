import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { NumberInput } from './NumberInput';

type FieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
  /** A line under the control that describes it (its `aria-describedby`). */
  help?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

/**
 * A labelled text input or text area (the label names the control for screen readers and tests).
 * `type="number"` is a NumberInput, which takes Khmer digits (`step="any"`: with decimals).
 */
export function Field({ label, value, onChange, rows, help, type, min, max, step, ...input }: FieldProps) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  // The help, and what else describes it (a refusal's message).
  if (helpId) input['aria-describedby'] = [input['aria-describedby'], helpId].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea
          id={id}
          rows={rows}
          required={input.required}
          lang={input.lang}
          aria-invalid={input['aria-invalid']}
          aria-describedby={input['aria-describedby']}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : type === 'number' ? (
        <NumberInput
          id={id}
          {...input}
          min={numeric(min)}
          max={numeric(max)}
          decimals={step === 'any'}
          value={value}
          onChange={onChange}
        />
      ) : (
        <input
          id={id}
          type={type}
          min={min}
          max={max}
          step={step}
          {...input}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {help ? (
        <span id={helpId} className="muted">
          {help}
        </span>
      ) : null}
    </div>
  );
}

function numeric(bound: number | string | undefined): number | undefined {
  return bound === undefined ? undefined : Number(bound);
}

/** A form's primary submit button and its cancel button. */
export function FormButtons(props: {
  submit: string;
  cancel: string;
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="row">
      <button type="submit" className="button-primary" disabled={props.pending}>
        {props.submit}
      </button>
      <button type="button" onClick={props.onCancel}>
        {props.cancel}
      </button>
    </div>
  );
}

/** A labelled drop-down list: the options are its children. */
export function SelectField({
  label,
  value,
  onChange,
  required,
  children,
  ...marks
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  children: ReactNode;
  /** A refused choice (useRefusedFields). */
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required={required} value={value} onChange={(e) => onChange(e.target.value)} {...marks}>
        {children}
      </select>
    </div>
  );
}

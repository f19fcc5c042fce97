import { type InputHTMLAttributes, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asciiDigits, formatNumber, khmerDigits } from '../i18n/khmer-format';

type NumberInputProps = {
  value: string;
  /** The value with ASCII digits, as forms parse and send it. */
  onChange: (value: string) => void;
  min?: number;
  max?: number;
  /** Whole numbers only (the default), or with a decimal point. */
  decimals?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max' | 'step'>;

const DIGIT = '[0-9០-៩]';

/**
 * What the box shows: what was typed, while it still says the form's value; otherwise (a value
 * loaded or changed apart from the typing) the form's value in the page's digits, as the page
 * writes numbers (a count typed "៨" came back "8" after a reload).
 */
export function shownNumber(typed: string | null, value: string, language: string): string {
  if (typed !== null && asciiDigits(typed) === value) return typed;
  return language.startsWith('km') ? khmerDigits(value) : value;
}

/**
 * A number box that takes Khmer digits as well as ASCII ones. The browser's number input drops
 * what is not an ASCII digit (typing "៨" left it empty, and the form sent nothing), so this is a
 * text input: it shows what was typed, reports it with ASCII digits, and checks its form and range
 * itself, in the page's language.
 */
export function NumberInput({ value, onChange, min, max, decimals = false, ...input }: NumberInputProps) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const shown = shownNumber(typed, value, i18n.language);
  useEffect(() => {
    const n = Number(value);
    const message =
      value === '' || Number.isNaN(n)
        ? ''
        : min !== undefined && n < min
          ? t('number.atLeast', { min: formatNumber(min, i18n.language) })
          : max !== undefined && n > max
            ? t('number.atMost', { max: formatNumber(max, i18n.language) })
            : '';
    ref.current?.setCustomValidity(message);
  }, [value, min, max, t, i18n.language]);
  return (
    <input
      ref={ref}
      type="text"
      inputMode={decimals ? 'decimal' : 'numeric'}
      autoComplete="off"
      pattern={decimals ? `${DIGIT}+([.]${DIGIT}+)?` : `${DIGIT}+`}
      title={decimals ? t('number.decimal') : t('number.whole')}
      {...input}
      value={shown}
      onChange={(e) => {
        setTyped(e.target.value);
        onChange(asciiDigits(e.target.value.trim()));
      }}
    />
  );
}

import { useEffect, useId, useRef } from 'react';
import { ApiError } from '../api/client';

/** The request fields a refusal names (its `details[].field`, e.g. `username`, `stages[1].quorum`). */
export function refusedFields(error: unknown): string[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  const named = (error.details as { field?: unknown }[]).map((d) => d.field);
  return [...new Set(named.filter((f): f is string => typeof f === 'string'))];
}

/**
 * A form's fields that the server refused: `mark(field)` gives a control `aria-invalid` and has the
 * refusal's message (given `messageId`) describe it, and the first marked control takes the focus
 * when the refusal arrives (the button was disabled while asking, and the focus with it). `form`
 * goes on the form.
 */
export function useRefusedFields(error: unknown) {
  const messageId = useId();
  const form = useRef<HTMLFormElement>(null);
  const refused = refusedFields(error);
  useEffect(() => {
    if (refusedFields(error).length)
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  const mark = (field: string) =>
    refused.includes(field) ? { 'aria-invalid': true as const, 'aria-describedby': messageId } : {};
  return { form, messageId, mark };
}

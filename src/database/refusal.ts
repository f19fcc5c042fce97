/** The SQLSTATE of `mwf_refuse(code)` (migration RefuseFunction). */
export const PG_REFUSAL = 'MW001';

/**
 * The 4xx answer for a refusal a statement raised with `mwf_refuse(code)`, from the caller's table
 * of the codes it raises; undefined for any other error (which then stays what it is, a 500).
 */
export function refusalOf<E>(err: unknown, answers: Record<string, () => E>): E | undefined {
  const code = refusalCode(err);
  return code !== undefined && Object.hasOwn(answers, code) ? answers[code]() : undefined;
}

/** The code of a refusal raised with `mwf_refuse(code)`; undefined for any other error. */
export function refusalCode(err: unknown): string | undefined {
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === PG_REFUSAL ? e.message : undefined;
}

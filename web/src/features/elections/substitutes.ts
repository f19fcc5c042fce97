/** A run of the substitutes list: one substitute, or several tied on votes sharing places. */
export interface SubstituteRun {
  /** The first place of the run (1 = the first substitute) and its last (the same when alone). */
  from: number;
  to: number;
  candidateIds: string[];
  tied: boolean;
}

/**
 * The substitutes in runs: substitutes tied on votes share a rank until the lot orders them, and
 * listed one by one they read "1. A, 1. B, 1. C…"; as a run they read "1–3 (tied): A, B, C".
 */
export function substituteRuns(
  substitutes: readonly { candidateId: string; rank: number; tied: boolean }[],
): SubstituteRun[] {
  const runs: SubstituteRun[] = [];
  for (const s of substitutes) {
    const last = runs[runs.length - 1];
    if (s.tied && last?.tied && last.from === s.rank) {
      last.candidateIds.push(s.candidateId);
      last.to += 1;
    } else {
      runs.push({ from: s.rank, to: s.rank, candidateIds: [s.candidateId], tied: s.tied });
    }
  }
  return runs;
}

/** How an election's seats compare with its term's board seats, when they differ. */
export interface BoardSizeChange {
  boardSeats: number;
  seats: number;
}

/**
 * The board size an election would install, when it is not the term's: certifying makes the
 * elected the term's whole board, so an election of 7 seats for a term of 11 gives a board of 7.
 * Null when they agree, and for a runoff (it settles its parent's seats, and is not certified).
 */
export function boardSizeChange(
  election: { seats: number; parentElectionId: string | null },
  term: { boardSeats: number },
): BoardSizeChange | null {
  if (election.parentElectionId || election.seats === term.boardSeats) return null;
  return { boardSeats: term.boardSeats, seats: election.seats };
}

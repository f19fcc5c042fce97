import { boardSizeChange } from './board-size.js';

describe('boardSizeChange', () => {
  it('is null when the election fills the board seats of its term', () => {
    expect(boardSizeChange({ seats: 11, parentElectionId: null }, { boardSeats: 11 })).toBeNull();
  });

  it('names both sizes when the election fills fewer or more seats than the term has', () => {
    expect(boardSizeChange({ seats: 7, parentElectionId: null }, { boardSeats: 11 })).toEqual({
      boardSeats: 11,
      seats: 7,
    });
    expect(boardSizeChange({ seats: 13, parentElectionId: null }, { boardSeats: 11 })).toEqual({
      boardSeats: 11,
      seats: 13,
    });
  });

  it('is null for a runoff, which fills the seats its parent left open', () => {
    expect(boardSizeChange({ seats: 1, parentElectionId: 'parent' }, { boardSeats: 11 })).toBeNull();
  });
});

import { footPlacement } from './signed-copy.service.js';

/** An A4 page's box, offset as some PDFs' boxes are. */
const box = { x: 10, y: 20, width: 595, height: 842 };

describe("the signed copy's strip goes along each page's visible foot", () => {
  it('on an upright page: its bottom edge, across its width', () => {
    expect(footPlacement(box, 0)).toEqual({ x: 10, y: 20, rotate: 0, width: 595 });
    expect(footPlacement(box, 360)).toEqual(footPlacement(box, 0));
  });

  it('on a page shown turned (its /Rotate, clockwise): the edge that is shown at the bottom', () => {
    // Shown turned a quarter clockwise, its right edge is at the bottom, as wide as the page is high.
    expect(footPlacement(box, 90)).toEqual({ x: 605, y: 20, rotate: 90, width: 842 });
    expect(footPlacement(box, 180)).toEqual({ x: 605, y: 862, rotate: 180, width: 595 });
    expect(footPlacement(box, 270)).toEqual({ x: 10, y: 862, rotate: 270, width: 842 });
    expect(footPlacement(box, -90)).toEqual(footPlacement(box, 270));
  });
});

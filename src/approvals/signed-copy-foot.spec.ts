import { contentRoom, footPlacement } from './signed-copy.service.js';

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

describe("the page's own content is made room for the strip", () => {
  /** Where the page's box lands once its content is moved: [left, bottom, right, top]. */
  const moved = (rotation: number, band: number) => {
    const { scale, dx, dy } = contentRoom(box, rotation, band);
    return [
      scale * box.x + dx,
      scale * box.y + dy,
      scale * (box.x + box.width) + dx,
      scale * (box.y + box.height) + dy,
    ].map((n) => Math.round(n * 1000) / 1000);
  };

  it('upright: lifted clear of a band along the bottom, centred across the page', () => {
    const [left, bottom, right, top] = moved(0, 42);
    expect(bottom).toBe(20 + 42);
    expect(top).toBe(20 + 842);
    expect(left - 10).toBeCloseTo(10 + 595 - right, 6);
    expect(contentRoom(box, 0, 42).scale).toBeCloseTo(800 / 842, 9);
  });

  it('turned: clear of the edge that is shown at the bottom', () => {
    // 90°: the right edge.
    const [left90, bottom90, right90, top90] = moved(90, 42);
    expect([left90, right90]).toEqual([10, 10 + 595 - 42]);
    expect(bottom90 - 20).toBeCloseTo(20 + 842 - top90, 6);
    // 180°: the top edge.
    const [, bottom180, , top180] = moved(180, 42);
    expect([bottom180, top180]).toEqual([20, 20 + 842 - 42]);
    // 270°: the left edge.
    const [left270, , right270] = moved(270, 42);
    expect([left270, right270]).toEqual([10 + 42, 10 + 595]);
  });

  it('no band, no change; a page hardly taller than the band keeps its content as it is', () => {
    expect(contentRoom(box, 0, 0)).toEqual({ scale: 1, dx: 0, dy: 0 });
    expect(contentRoom({ x: 0, y: 0, width: 595, height: 60 }, 0, 25)).toEqual({ scale: 1, dx: 0, dy: 0 });
  });
});

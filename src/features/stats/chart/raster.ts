import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font';

export type Rgb = readonly [number, number, number];

/** An RGB pixel grid with the few drawing operations a small chart needs; everything outside is clipped. */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  set(x: number, y: number, colour: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.pixels[i] = colour[0];
    this.pixels[i + 1] = colour[1];
    this.pixels[i + 2] = colour[2];
  }

  get(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 3;
    return [this.pixels[i], this.pixels[i + 1], this.pixels[i + 2]];
  }

  /** Fills [x, x+w) × [y, y+h). */
  rect(x: number, y: number, width: number, height: number, colour: Rgb): void {
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + height); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + width); xx++) this.set(xx, yy, colour);
    }
  }

  /** Bresenham, `thickness` pixels square at each step. */
  line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    let x = x0;
    let y = y0;
    for (;;) {
      this.rect(x, y, thickness, thickness, colour);
      if (x === x1 && y === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /** Text in the built-in 3×5 font, each font pixel `scale` pixels wide; returns the width drawn. */
  text(x: number, y: number, label: string, colour: Rgb, scale = 2): number {
    let cx = x;
    for (const ch of label.toUpperCase()) {
      const rows = glyph(ch);
      for (let r = 0; r < GLYPH_HEIGHT; r++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (rows[r] & (1 << (GLYPH_WIDTH - 1 - col)))
            this.rect(cx + col * scale, y + r * scale, scale, scale, colour);
        }
      }
      cx += (GLYPH_WIDTH + 1) * scale;
    }
    return cx - x;
  }
}

export const textWidth = (s: string, scale = 2) => s.length * (GLYPH_WIDTH + 1) * scale;

/**
 * Draws in logical pixels onto a raster `zoom` times larger: the chart keeps one
 * layout and comes out sharp on high-density screens (Slack scales it to fit).
 */
export class Zoomed {
  readonly raster: Raster;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
    readonly zoom: number,
  ) {
    this.raster = new Raster(width * zoom, height * zoom, background);
  }

  rect(x: number, y: number, width: number, height: number, colour: Rgb): void {
    const z = this.zoom;
    this.raster.rect(Math.round(x * z), Math.round(y * z), Math.round(width * z), Math.round(height * z), colour);
  }

  line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
    const z = this.zoom;
    this.raster.line(
      Math.round(x0 * z),
      Math.round(y0 * z),
      Math.round(x1 * z),
      Math.round(y1 * z),
      colour,
      thickness * z,
    );
  }

  /** Returns the width drawn, in logical pixels. */
  text(x: number, y: number, label: string, colour: Rgb, scale = 2): number {
    return (
      this.raster.text(Math.round(x * this.zoom), Math.round(y * this.zoom), label, colour, scale * this.zoom) /
      this.zoom
    );
  }
}

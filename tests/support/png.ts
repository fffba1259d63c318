import { inflateSync } from 'node:zlib';
import type { Rgb } from '../../src/features/stats/chart/raster';

/** CRC-32 written out bit by bit, independently of the encoder's table. */
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

export interface DecodedPng {
  width: number;
  height: number;
  chunks: string[];
  pixel(x: number, y: number): Rgb;
  /** Pixels of exactly this colour, in rows [fromY, toY). */
  count(colour: Rgb, fromY?: number, toY?: number): number;
}

/**
 * Reads back what src/features/stats/chart/png.ts writes (8-bit RGB, not interlaced), checking
 * the signature, every chunk's CRC and each row's filter; throws on anything else.
 */
export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    throw new Error('not a PNG signature');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (png.readUInt32BE(at + 8 + length) !== crc(png.subarray(at + 4, at + 8 + length)))
      throw new Error(`bad CRC on ${type}`);
    chunks.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (!ihdr || chunks[0] !== 'IHDR' || chunks[chunks.length - 1] !== 'IEND')
    throw new Error(`bad chunk order ${chunks.join(',')}`);
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  if (ihdr[8] !== 8 || ihdr[9] !== 2 || ihdr[12] !== 0) throw new Error('expected 8-bit RGB, not interlaced');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  if (raw.length !== stride * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${stride * height}`);
  for (let y = 0; y < height; y++)
    if (raw[y * stride] !== 0) throw new Error(`row ${y} uses filter ${raw[y * stride]}`);
  const pixel = (x: number, y: number): Rgb => {
    const i = y * stride + 1 + x * 3;
    return [raw[i], raw[i + 1], raw[i + 2]];
  };
  const count = (c: Rgb, fromY = 0, toY = height) => {
    let n = 0;
    for (let y = fromY; y < toY; y++) {
      for (let x = 0; x < width; x++) {
        const p = pixel(x, y);
        if (p[0] === c[0] && p[1] === c[1] && p[2] === c[2]) n++;
      }
    }
    return n;
  };
  return { width, height, chunks, pixel, count };
}

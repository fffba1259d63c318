import { inflateSync } from 'node:zlib';
import { crc32, encodePng } from '../../../../../src/features/stats/chart/png';
import { decodePng } from '../../../../support/png';

test('crc32 matches the standard check value', () => {
  expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
  expect(crc32(Buffer.alloc(0))).toBe(0);
});

test('a PNG with signature, IHDR, IDAT and IEND whose pixels read back', () => {
  const w = 3;
  const h = 2;
  const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 37) % 256);
  const png = encodePng(w, h, rgb);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const decoded = decodePng(png);
  expect(decoded.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
  expect([decoded.width, decoded.height]).toEqual([3, 2]);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      expect(decoded.pixel(x, y)).toEqual([...rgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)]);
  // The IDAT is plain zlib: one filter byte, then the row.
  const idatLength = png.readUInt32BE(8 + 25);
  const raw = inflateSync(png.subarray(8 + 25 + 8, 8 + 25 + 8 + idatLength));
  expect(raw.length).toBe(h * (w * 3 + 1));
});

test('a corrupted byte fails the CRC check', () => {
  const png = encodePng(2, 2, new Uint8Array(12).fill(200));
  png[20] ^= 0xff; // inside IHDR's data
  expect(() => decodePng(png)).toThrow('bad CRC on IHDR');
});

test('bad sizes are refused', () => {
  expect(() => encodePng(0, 1, new Uint8Array(0))).toThrow('bad PNG size');
  expect(() => encodePng(2, 2, new Uint8Array(5))).toThrow('expected 12 bytes');
});

// Draws the toolbar icons (an envelope on a blue rounded square) as PNGs, so no image tool is needed to rebuild them.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** u, v in 0..1; returns RGBA. */
function icon(u, v) {
  const r = 0.2; // corner radius
  const dx = Math.max(r - u, u - (1 - r), 0);
  const dy = Math.max(r - v, v - (1 - r), 0);
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  const inEnvelope = u > 0.18 && u < 0.82 && v > 0.28 && v < 0.72;
  if (!inEnvelope) return [26, 115, 232, 255];
  // The flap: two lines from the top corners meeting in the middle.
  const flap = Math.abs(v - 0.28 - 0.55 * (0.5 - Math.abs(u - 0.5))) < 0.045;
  return flap ? [26, 115, 232, 255] : [255, 255, 255, 255];
}

mkdirSync('public/icon', { recursive: true });
for (const size of SIZES) writeFileSync(`public/icon/${size}.png`, png(size, icon));
console.log(`wrote public/icon/{${SIZES.join(',')}}.png`);

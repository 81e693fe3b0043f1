import { readFile, writeFile } from 'node:fs/promises';
import { launchChromium } from '../test/support/browser.js';

// Regenerates server/assets/favicon.ico from favicon.svg after the icon changes: `tsx scripts/favicon-ico.ts`
// (needs Chromium). The .ico is for browsers that ask for /favicon.ico and cannot use an SVG icon (Safari).
const SIZE = 32;
const svgFile = new URL('../server/assets/favicon.svg', import.meta.url);
const icoFile = new URL('../server/assets/favicon.ico', import.meta.url);

const svg = await readFile(svgFile, 'utf8');
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${SIZE}px;height:${SIZE}px}</style>${svg}`);
const png = await page.screenshot({ omitBackground: true, type: 'png' });
await browser.close();
await writeFile(icoFile, icoHolding(png));
console.log(`wrote ${icoFile.pathname}: ${SIZE}×${SIZE}, ${png.byteLength} bytes of PNG`);

/** An ICO file whose one image is a PNG, which every browser reads (ICO header, one directory entry, the PNG). */
function icoHolding(png: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  const entry = Buffer.alloc(16);
  entry.writeUInt8(SIZE, 0);
  entry.writeUInt8(SIZE, 1);
  entry.writeUInt8(0, 2); // no palette
  entry.writeUInt8(0, 3); // reserved
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(png.byteLength, 8);
  entry.writeUInt32LE(header.byteLength + entry.byteLength, 12);
  return Buffer.concat([header, entry, png]);
}

/**
 * @module Reading QR codes back, as a phone camera would: PNG pixels (pngjs) and the modules of
 * an SVG drawn again as pixels, both decoded by jsQR; the answer is the raw bytes the symbol holds.
 */
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS typed as an ES default export: Node hands its module.exports (the function, with
// a `default` property) to a default import.
const jsQR = (jsqrModule as unknown as { default: typeof jsqrModule.default }).default;

/** The bytes a PNG's QR code holds; throws when no code is found. */
export function decodePng(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  return decodePixels(new Uint8ClampedArray(image.data), image.width, image.height);
}

/**
 * The bytes an SVG's QR code holds: the `qrcode` SVG draws dark modules as runs of one stroke path
 * (`M<x> <y+.5>h<n>m<dx> <dy>h<n>...`, absolute then relative); the runs are read back into a
 * module matrix, which is drawn as pixels (4 per module) and decoded.
 */
export function decodeSvg(svg: string): Buffer {
  const modules = svgModules(svg);
  const scale = 4;
  const size = modules.length * scale;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) pixels.fill(0, ((y * scale + dy) * size + x * scale + dx) * 4, ((y * scale + dy) * size + x * scale + dx) * 4 + 3);
    })
  );
  return decodePixels(pixels, size, size);
}

/** The module matrix of a `qrcode` SVG (true = dark), quiet zone included. */
export function svgModules(svg: string): boolean[][] {
  const n = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const d = /<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1];
  if (!n || !d) throw new Error('not a qrcode SVG');
  const matrix = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MmHh])([^MmHh]+)/g)) {
    const nums = args!.trim().split(/[\s,]+/).map(Number);
    if (cmd === 'M') [x, y] = [nums[0]!, nums[1]!];
    else if (cmd === 'm') [x, y] = [x + nums[0]!, y + nums[1]!];
    else {
      const len = cmd === 'h' ? nums[0]! : nums[0]! - x;
      for (let i = 0; i < len; i++) matrix[Math.floor(y)]![x + i] = true;
      x += len;
    }
  }
  return matrix;
}

function decodePixels(data: Uint8ClampedArray, width: number, height: number): Buffer {
  const code = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  if (!code) throw new Error('no QR code found');
  return Buffer.from(code.binaryData);
}

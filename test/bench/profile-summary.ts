/** Prints the top self-time functions of a .cpuprofile: `node --import tsx test/bench/profile-summary.ts <file> [topN]`. */
import { printProfile, summariseProfile } from './lib/profile.js';

const [file, top] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx test/bench/profile-summary.ts <file.cpuprofile> [topN]');
  process.exit(2);
}
const n = Number(top ?? 25);
printProfile(summariseProfile(file, undefined, n), n);

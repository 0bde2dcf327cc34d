// Loaded with `node --import` into a benchmarked process: on exit, record its peak RSS.
import { writeFileSync } from 'node:fs';

const out = process.env.SEAM_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  });
}

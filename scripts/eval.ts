/**
 * `npm run eval`: Seam's MoJoFM / ARI on every fixture with a truth file and on two generated
 * monoliths, beside the two baselines (scripts/evaluation.ts). Exit 1 when Seam does not beat
 * both baselines on some fixture.
 */
import { evaluateAll, formatTable } from './evaluation.js';

async function main(): Promise<number> {
  const rows = await evaluateAll();
  console.log(formatTable(rows));
  const behind = rows.filter((r) => r.seam.mojoFm <= r.louvainOnImports.mojoFm || r.seam.mojoFm <= r.bestFolder.mojoFm);
  console.log('');
  console.log('MoJoFM: Wen & Tzerpos 2004, truth as the target; ARI: Hubert & Arabie 1985. Kernel modules compared as one cluster `shared`.');
  if (behind.length > 0) {
    console.log(`Seam does not beat both baselines on: ${behind.map((r) => r.fixture).join(', ')}`);
    return 1;
  }
  console.log(`Seam beats both baselines on all ${rows.length} fixtures.`);
  return 0;
}

process.exitCode = await main();

// npm run eval:triage -- [<cases.json>] [--json] [--verbose]
// Runs every labelled description through assessUrgency and prints urgent recall, precision and
// the confusion by level (rows = true level, columns = predicted). --verbose lists each miss.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assessUrgency, explainTriage, type TriageLevel } from '../src/triage/triage.ts';

const ROOT = path.join(import.meta.dirname, '..');
const LEVELS: readonly TriageLevel[] = ['emergency', 'same-day', 'routine'];

interface TriageCase { text: string; urgent: boolean; level: TriageLevel; why?: string }
type Confusion = Record<TriageLevel, Record<TriageLevel, number>>;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
});

const file = positionals[0] ?? path.join(ROOT, '..', 'shared', 'eval', 'triage-dev.json');
const cases = JSON.parse(readFileSync(file, 'utf8')) as TriageCase[];
if (!Array.isArray(cases) || cases.some((c) => typeof c.text !== 'string' || !LEVELS.includes(c.level))) {
  process.stderr.write(`${file}: expected an array of {text, urgent, level}\n`);
  process.exit(2);
}

const confusion = Object.fromEntries(LEVELS.map((t) => [t, Object.fromEntries(LEVELS.map((p) => [p, 0]))])) as Confusion;
const misses: string[] = [];
let truePositives = 0; let predictedUrgent = 0; let actualUrgent = 0;
const started = performance.now();
cases.forEach((c, i) => {
  const result = assessUrgency(c.text);
  confusion[c.level][result.level]++;
  const urgent = c.urgent ?? c.level !== 'routine';
  if (urgent) actualUrgent++;
  if (result.urgent) predictedUrgent++;
  if (urgent && result.urgent) truePositives++;
  if (result.level !== c.level) {
    const reasons = result.reasons.map((r) => r.code).join(', ') || 'none';
    const concepts = explainTriage(c.text).map((m) => `${m.concept}:${m.status}`).join(' ');
    misses.push(`#${i} expected ${c.level}, got ${result.level} (reasons: ${reasons})\n    ${c.text}\n    concepts: ${concepts || 'none'}`);
  }
});
const elapsedMs = performance.now() - started;

const round = (x: number): number => Math.round(x * 1000) / 1000;
const recall = actualUrgent === 0 ? 1 : truePositives / actualUrgent;
const precision = predictedUrgent === 0 ? 1 : truePositives / predictedUrgent;

if (values.json) {
  process.stdout.write(`${JSON.stringify({ recall: round(recall), precision: round(precision), confusion })}\n`);
} else {
  process.stdout.write(`${cases.length} descriptions from ${path.relative(process.cwd(), file)} (${(elapsedMs / cases.length).toFixed(2)} ms each)\n`);
  process.stdout.write(`  urgent recall     ${recall.toFixed(3)}\n  urgent precision  ${precision.toFixed(3)}\n`);
  process.stdout.write(`  confusion (rows = true level, columns = predicted)\n`);
  process.stdout.write(`  ${''.padEnd(10)}${LEVELS.map((l) => l.padStart(10)).join('')}\n`);
  for (const t of LEVELS) process.stdout.write(`  ${t.padEnd(10)}${LEVELS.map((p) => String(confusion[t][p]).padStart(10)).join('')}\n`);
  if (values.verbose) for (const miss of misses) process.stdout.write(`  miss ${miss}\n`);
}

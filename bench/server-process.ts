// What the benchmarks that start the real server share: its Node flags, a free port, and its memory.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');

/** The Node flags in package.json's `start` script, which must read `node [--flag...] bin/kidneydesk.js serve`. */
export function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const start = pkg.scripts?.start ?? '';
  const match = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+bin\/kidneydesk\.js\s+serve$/.exec(start.trim());
  if (!match) throw new Error(`package.json's start script is not "node [--flag...] bin/kidneydesk.js serve": ${start}`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
}

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resident memory of a process in MB (0 when it is gone). */
export function readRssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples VmRSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(pid: number | undefined, everyMs: number): { stop(): number } {
  let peak = readRssMb(pid);
  const timer = setInterval(() => { peak = Math.max(peak, readRssMb(pid)); }, everyMs);
  return { stop: () => { clearInterval(timer); return Math.max(peak, readRssMb(pid)); } };
}

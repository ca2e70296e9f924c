#!/usr/bin/env node
// The installed command: Node 24 runs the TypeScript sources directly. The compile cache
// (in the OS temp dir) lets a restart skip re-parsing them, which shortens cold starts.
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { main } = await import('../src/cli.ts');
main(process.argv.slice(2));

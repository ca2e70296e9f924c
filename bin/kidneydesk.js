#!/usr/bin/env node
// The installed command: Node 24 runs the TypeScript sources directly.
const { main } = await import('../src/cli.ts');
main(process.argv.slice(2));

#!/usr/bin/env node
// The `spindle` command: runs the TypeScript sources through tsx, so `npx spindle` works
// right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);

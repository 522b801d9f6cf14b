#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step) through tsx's loader, in this
// process, so signals such as SIGTERM reach the server itself.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main();

#!/usr/bin/env node
// Loads the TypeScript CLI through tsx, so the installed command and the sources are one thing.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');

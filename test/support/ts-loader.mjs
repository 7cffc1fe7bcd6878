// Lets a child process run the TypeScript sources directly (node --import ./test/support/ts-loader.mjs x.ts),
// so tests can start, SIGTERM and kill -9 real processes without a build. Same swc settings as jest.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);

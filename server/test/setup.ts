/** Per test file: opening PGlite (WASM) and migrating takes seconds on a busy 2-core machine. */

// testTimeout in a project config is ignored when jest runs several projects, so the timeout is set here.
jest.setTimeout(60_000);

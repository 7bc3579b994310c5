#!/usr/bin/env node
// @ts-check
/** `npm run build`: the whole offline build; exits non-zero on any failed step or a busted budget. */

const { runBuild, BuildError } = require('./lib/buildSteps');

runBuild()
  .then(() => {
    process.stdout.write('\n✔ build ok: the project folder opens as it is in WeChat DevTools\n');
    // miniprogram-ci leaves a child process running; end it explicitly.
    process.exit(0);
  })
  .catch((error) => {
    const message = error instanceof BuildError ? error.message : error && error.stack ? error.stack : String(error);
    process.stderr.write(`\n✖ build failed: ${message}\n`);
    process.exit(1);
  });

// @ts-check
/** The default release description: the last commit's subject and short sha, as `<subject> (<sha>)`. */

const { spawnSync } = require('node:child_process');
const { BuildError, ROOT } = require('./buildSteps');

/** @param {string} [cwd] */
function gitDescription(cwd = ROOT) {
  const result = spawnSync('git', ['log', '-1', '--format=%s%n%h'], { cwd, encoding: 'utf8' });
  const [subject, sha] = result.status === 0 && result.stdout ? result.stdout.trim().split('\n') : [];
  if (!subject || !sha) {
    throw new BuildError('cannot read the last git commit for the default description: set MP_DESC');
  }
  return `${subject} (${sha})`;
}

module.exports = { gitDescription };

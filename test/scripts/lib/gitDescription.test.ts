/** @jest-environment node */
/** The default description: `<subject> (<short sha>)` of the last commit, or a message naming MP_DESC. */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface GitDescriptionModule {
  gitDescription(cwd?: string): string;
}

const { gitDescription } = jest.requireActual<GitDescriptionModule>('../../../scripts/lib/gitDescription');

function git(cwd: string, ...args: string[]) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

describe('gitDescription', () => {
  let repo: string;
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'git-description-test-'));
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it("reads the last commit's subject and short sha", () => {
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'a');
    git(repo, 'add', 'a.txt');
    git(
      repo,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-q',
      '-m',
      'Add dialer page',
      '-m',
      'body',
    );
    const sha = git(repo, 'rev-parse', '--short', 'HEAD');
    expect(gitDescription(repo)).toBe(`Add dialer page (${sha})`);
  });

  it('names MP_DESC when there is no commit to read', () => {
    expect(() => gitDescription(repo)).toThrow(
      'cannot read the last git commit for the default description: set MP_DESC',
    );
  });
});

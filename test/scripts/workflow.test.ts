/** @jest-environment node */
/** The GitHub workflow: valid YAML, the right triggers, jobs guarded to this repository, secrets only via `env:`. */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { evaluate } from './helpers/githubExpression';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOW_FILE = path.join(ROOT, '.github', 'workflows', 'ci.yml');
const workflow = yaml.load(fs.readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
const { test: testJob, preview, upload } = workflow.jobs;
const packageVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** The `github` context of an event, as the `if:` of a job sees it. */
function github(event_name: string, ref: string, fork = false) {
  return { github: { event_name, ref, repository: 'acme/tccc-dialer', event: { repository: { fork } } } };
}
const EVENTS = {
  pushMain: github('push', 'refs/heads/main'),
  pushBranch: github('push', 'refs/heads/feature/dialer'),
  pushTag: github('push', 'refs/tags/v0.2.0'),
  pushOtherTag: github('push', 'refs/tags/nightly'),
  pullRequest: github('pull_request', 'refs/pull/7/merge'),
  dispatch: github('workflow_dispatch', 'refs/heads/main'),
  forkPushMain: github('push', 'refs/heads/main', true),
  forkPushTag: github('push', 'refs/tags/v0.2.0', true),
  forkDispatch: github('workflow_dispatch', 'refs/heads/main', true),
};
type EventName = keyof typeof EVENTS;

function runsOn(job: Job): EventName[] {
  return (Object.keys(EVENTS) as EventName[]).filter((name) => job.if === undefined || evaluate(job.if, EVENTS[name]));
}

function stepUsing(job: Job, action: string): Step {
  const step = job.steps.find((s) => s.uses !== undefined && s.uses.split('@')[0] === action);
  if (!step) throw new Error(`no ${action} step`);
  return step;
}

/** Every place a job mentions a secret, described as "<job> <where>". */
function secretMentions(): string[] {
  const found: string[] = [];
  const scan = (where: string, value: unknown) => {
    const text = JSON.stringify(value ?? '');
    if (/secrets\./.test(text)) found.push(where);
  };
  scan('workflow env', workflow.env);
  for (const [name, job] of Object.entries(workflow.jobs)) {
    scan(`${name} job-level`, { ...job, steps: undefined });
    job.steps.forEach((step, index) => {
      scan(`${name} step ${index} run`, step.run);
      scan(`${name} step ${index} with`, step.with);
      scan(`${name} step ${index} env`, step.env);
    });
  }
  return found;
}

describe('the workflow file', () => {
  it('parses as YAML with the four triggers: push (branches and v* tags), pull_request, workflow_dispatch', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ branches: ['**'], tags: ['v*'] });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('never uses pull_request_target or workflow_run, which would run fork code with secrets', () => {
    const text = fs.readFileSync(WORKFLOW_FILE, 'utf8');
    expect(text).not.toMatch(/^\s*(pull_request_target|workflow_run)\s*:/m);
  });

  it('pins checkout@v4, setup-node@v4 with Node 20, and checks out without keeping the token', () => {
    for (const job of [testJob, preview, upload]) {
      expect(stepUsing(job, 'actions/checkout').uses).toBe('actions/checkout@v4');
      expect(stepUsing(job, 'actions/checkout').with).toMatchObject({ 'persist-credentials': false });
      const setupNode = stepUsing(job, 'actions/setup-node');
      expect(setupNode.uses).toBe('actions/setup-node@v4');
      expect(setupNode.with).toMatchObject({ 'node-version': 20 });
    }
  });
});

describe('test job', () => {
  it('runs .ci/run on every push and pull request, with no secrets', () => {
    expect(testJob.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
    expect(runsOn(testJob)).toEqual(Object.keys(EVENTS));
    expect(secretMentions().filter((where) => where.startsWith('test'))).toEqual([]);
  });
});

describe('preview job', () => {
  it('runs on pushes to main and on workflow_dispatch in this repository, never for pull requests or forks', () => {
    expect(runsOn(preview)).toEqual(['pushMain', 'dispatch']);
    expect(preview.needs).toBe('test');
  });

  it('previews with the secrets in the step env, and keeps the QR code it wrote as an artifact', () => {
    const previewStep = preview.steps.find((s) => s.run !== undefined && s.run.includes('npm run preview'));
    expect(previewStep).toBeDefined();
    const qrcodePath = /--qrcode (\S+)/.exec(previewStep?.run ?? '')?.[1];
    expect(qrcodePath).toBe('dist/preview-qrcode.jpg');
    expect(previewStep?.env).toMatchObject({
      MP_APPID: '${{ secrets.MP_APPID }}',
      MP_PRIVATE_KEY: '${{ secrets.MP_PRIVATE_KEY }}',
    });
    const artifact = stepUsing(preview, 'actions/upload-artifact');
    expect(artifact.uses).toBe('actions/upload-artifact@v4');
    expect(artifact.with).toMatchObject({ path: qrcodePath, 'if-no-files-found': 'error' });
    expect(preview.steps.indexOf(artifact)).toBeGreaterThan(preview.steps.indexOf(previewStep as Step));
  });
});

describe('upload job', () => {
  const versionCheck = upload.steps.find((s) => s.run !== undefined && s.run.includes('package.json'));
  const uploadStep = upload.steps.find((s) => s.run !== undefined && s.run.includes('npm run upload'));

  it('runs only for v* tags pushed to this repository', () => {
    expect(runsOn(upload)).toEqual(['pushTag']);
    expect(upload.needs).toBe('test');
  });

  it('checks the tag against package.json before uploading', () => {
    expect(versionCheck).toBeDefined();
    expect(uploadStep).toBeDefined();
    expect(upload.steps.indexOf(versionCheck as Step)).toBeLessThan(upload.steps.indexOf(uploadStep as Step));
    expect(uploadStep?.env).toMatchObject({
      MP_APPID: '${{ secrets.MP_APPID }}',
      MP_PRIVATE_KEY: '${{ secrets.MP_PRIVATE_KEY }}',
    });
  });

  it.each([
    [`v${packageVersion}`, 0],
    ['v9.9.9', 1],
    [packageVersion, 1],
  ])('the version check, run for real with tag %s, exits %i', (tag, expectedCode) => {
    const result = spawnSync('bash', ['-e', '-c', versionCheck?.run ?? 'exit 99'], {
      cwd: ROOT,
      env: { ...process.env, GITHUB_REF_NAME: tag },
      encoding: 'utf8',
    });
    expect(result.status).toBe(expectedCode);
    if (expectedCode !== 0) {
      expect(result.stdout).toContain(`::error::tag ${tag} does not match package.json version ${packageVersion}`);
    }
  });
});

describe('secrets', () => {
  it('appear only in the env of the preview and upload steps', () => {
    const previewIndex = preview.steps.findIndex((s) => s.run?.includes('npm run preview'));
    const uploadIndex = upload.steps.findIndex((s) => s.run?.includes('npm run upload'));
    expect(secretMentions()).toEqual([`preview step ${previewIndex} env`, `upload step ${uploadIndex} env`]);
  });
});

describe('the expression evaluator these tests rely on', () => {
  it('follows GitHub semantics for the operators the guards use', () => {
    const context = github('push', 'refs/tags/v1.0.0');
    expect(evaluate("github.event_name == 'PUSH'", context)).toBe(true);
    expect(evaluate("startsWith(github.ref, 'refs/tags/v')", context)).toBe(true);
    expect(evaluate('github.event.repository.fork == false', context)).toBe(true);
    expect(evaluate('!github.event.repository.fork && github.missing', context)).toBe(false);
    expect(evaluate("(github.event_name == 'push' || false) && github.ref != 'refs/heads/main'", context)).toBe(true);
    expect(evaluate("${{ github.event_name == 'pull_request' }}", context)).toBe(false);
  });
});

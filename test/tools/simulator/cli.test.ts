/** @jest-environment node */
/** `npm start` (tools/simulator/run.js start) run as a child process: a busy port is one line naming its variable, no stack. */

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const RUN = path.join(ROOT, 'tools', 'simulator', 'run.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runStart(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, 'start'], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A server holding a free port on 127.0.0.1, as another program would. */
function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

describe('npm start', () => {
  it('on a taken port prints one line naming PORT= and another port, without a stack, and exits non-zero', async () => {
    const taken = await occupyPort();
    try {
      const run = await runStart({ PORT: String(taken.port) });
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      const message = run.stderr.trim();
      expect(message).toBe(
        `✖ port ${taken.port} is already in use: pick another with PORT=${taken.port + 1} npm start`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).not.toContain('tccc-dialer simulator:');
    } finally {
      await taken.close();
    }
  }, 60_000);

  it('on a taken SERVER_PORT prints one line naming SERVER_PORT= and another port, and exits non-zero', async () => {
    const taken = await occupyPort();
    try {
      const run = await runStart({ PORT: '0', SERVER_PORT: String(taken.port) });
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      expect(run.stderr.trim()).toBe(
        `✖ port ${taken.port} is already in use: pick another with SERVER_PORT=${taken.port + 1} npm start`,
      );
      expect(run.stdout).not.toContain('tccc-dialer simulator:');
    } finally {
      await taken.close();
    }
  }, 90_000);

  it('with a PORT that is not a port number prints one line, without a stack', async () => {
    const run = await runStart({ PORT: 'abc' });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim()).toBe(
      '✖ PORT must be a port number (0–65535), not "abc": for example PORT=5181 npm start',
    );
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { freePort } from '@sigmoid/dev-server';
import { startS3Server, findVersityGateway, S3ServerStartError, VersityGatewayNotFoundError } from '@sigmoid/s3-server';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('findVersityGateway', () => {
  it('fails at once with the ways out when VERSITYGW_PATH points at a missing file', async () => {
    const err = await findVersityGateway({ env: { ...process.env, VERSITYGW_PATH: '/nonexistent/versitygw' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VersityGatewayNotFoundError);
    expect((err as Error).message).toMatch(/VERSITYGW_PATH is set to "\/nonexistent\/versitygw", but no file exists there/);
    expect((err as Error).message).toMatch(/S3_ENDPOINT/);
  });

  it('does not build when asked not to and nothing is found', async () => {
    const err = await findVersityGateway({ env: { PATH: '', SIGMOID_CACHE_DIR: '/nonexistent-cache' }, build: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VersityGatewayNotFoundError);
    expect((err as Error).message).toMatch(/No versitygw found/);
  });

  it('reports that Go is missing instead of trying to build', async () => {
    const err = await findVersityGateway({ env: { PATH: '/nonexistent-bin', SIGMOID_CACHE_DIR: '/nonexistent-cache' } }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Go is not installed/);
  });
});

describe('startS3Server', () => {
  it('uses S3_ENDPOINT and starts nothing when it is set', async () => {
    const s3 = await startS3Server({ env: { S3_ENDPOINT: 'http://example.invalid:9000', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', S3_BUCKET: 'bkt' } });
    expect(s3).toMatchObject({ endpoint: 'http://example.invalid:9000', accessKeyId: 'a', bucket: 'bkt', embedded: false, pid: undefined });
    await s3.stop();
  });

  it('starts versitygw, creates the bucket folder, answers, and stop() leaves no process or temp folder', async () => {
    const s3 = await startS3Server({ env: { ...process.env, S3_ENDPOINT: '' } });
    expect(s3.embedded).toBe(true);
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(`${s3.root}/${s3.bucket}`)).toBe(true);
    // Unsigned requests are refused: the server enforces the credentials it was given.
    const anonymous = await fetch(`${s3.endpoint}/${s3.bucket}?list-type=2`);
    expect(anonymous.status).toBe(403);
    expect(processAlive(s3.pid!)).toBe(true);
    await s3.stop();
    expect(processAlive(s3.pid!)).toBe(false);
    expect(existsSync(s3.root!)).toBe(false);
  });

  it('reports a port that is already taken within seconds', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((res) => blocker.listen(port, '127.0.0.1', res));
    try {
      const started = Date.now();
      const err = await startS3Server({ port, env: { ...process.env, S3_ENDPOINT: '' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(S3ServerStartError);
      expect((err as Error).message).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      blocker.close();
    }
  });

  it('reports a server that crashes during start-up with its output', async () => {
    // A root that is a regular file: the posix backend refuses to serve it and exits.
    const err = await startS3Server({ root: '/etc/hostname', bucket: null, env: { ...process.env, S3_ENDPOINT: '' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3ServerStartError);
    expect((err as Error).message).toMatch(/exited during start-up/);
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// No Docker engine runs in CI, so the compose file is checked by reading it: services, pinned images,
// ports, health checks and the worker's wiring to the Temporal service and the S3 object store.
const root = fileURLToPath(new URL('../../../', import.meta.url));
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  entrypoint?: string[];
  command?: string[];
  volumes?: string[];
  deploy?: { replicas?: number };
}
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal, the Web UI, the object store and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['objectstore', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
  });

  it('pins every image to an exact version, never latest', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.image, name).toBeDefined();
      const tag = svc.image!.split(':')[1];
      expect(tag, `${name} image tag`).toMatch(/^v?\d+(\.\d+)+$/);
    }
  });

  it('runs Temporal on PostgreSQL', () => {
    const t = services.temporal!;
    expect(t.image).toMatch(/^temporalio\/auto-setup:/);
    expect(t.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', DB_PORT: '5432' });
    expect(t.environment!.POSTGRES_USER).toBe(services.postgresql!.environment!.POSTGRES_USER);
    expect(t.environment!.POSTGRES_PWD).toBe(services.postgresql!.environment!.POSTGRES_PASSWORD);
    expect(t.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
  });

  it('publishes the gRPC and UI ports', () => {
    expect(services.temporal!.ports).toContain('7233:7233');
    expect(services['temporal-ui']!.ports).toContain('8080:8080');
    expect(services['temporal-ui']!.environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('gives every service a health check', () => {
    for (const [name, svc] of Object.entries(services)) expect(svc.healthcheck?.test.length, name).toBeGreaterThan(1);
    expect(services.postgresql!.healthcheck!.test.join(' ')).toMatch(/pg_isready/);
    expect(services.temporal!.healthcheck!.test).toContain('temporal:7233');
  });

  it('builds the worker from apps/worker/Dockerfile and points it at the Temporal service', () => {
    const w = services.worker!;
    expect(w.build).toEqual({ context: '.', dockerfile: 'apps/worker/Dockerfile' });
    expect(existsSync(`${root}apps/worker/Dockerfile`)).toBe(true);
    expect(w.environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(w.environment!.SIGMOID_TASK_QUEUE).toBeTruthy();
    expect(w.depends_on!.temporal).toEqual({ condition: 'service_healthy' });
    expect(w.deploy!.replicas).toBeGreaterThanOrEqual(2);
  });

  it('runs the Versity S3 Gateway as the object store, with its bucket, a port, a volume and a health check', () => {
    const o = services.objectstore!;
    expect(o.image).toBe('versity/versitygw:v1.8.0');
    expect(o.ports).toContain('7070:7070');
    expect(o.command).toEqual(expect.arrayContaining(['--port', ':7070', '--health', '/health', '--keep-alive', 'posix', '/data']));
    expect(o.command!.indexOf('posix')).toBe(o.command!.length - 2); // gateway flags come before the backend
    expect(o.volumes!.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(Object.keys(compose.volumes)).toContain(o.volumes![0]!.split(':')[0]);
    // The posix backend serves each top-level folder as a bucket: the entrypoint creates it, then execs the gateway.
    expect(o.entrypoint!.join(' ')).toMatch(/mkdir -p \/data\/sigmoid && exec \/app\/versitygw "\$\$@"/);
    expect(o.healthcheck!.test.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:7070\/health/);
    expect(o.environment!.ROOT_ACCESS_KEY_ID).toBeTruthy();
    expect(o.environment!.ROOT_SECRET_ACCESS_KEY).toBeTruthy();
  });

  it('points every worker replica at the object store instead of a local volume', () => {
    const w = services.worker!;
    const o = services.objectstore!;
    const bucket = /^s3:\/\/([^/]+)\//.exec(w.environment!.SIGMOID_ARTIFACTS!)?.[1];
    expect(bucket).toBe('sigmoid');
    expect(o.entrypoint!.join(' ')).toContain(`/data/${bucket}`);
    expect(w.environment!.SIGMOID_S3_ENDPOINT).toBe('http://objectstore:7070');
    expect(w.environment!.AWS_ACCESS_KEY_ID).toBe(o.environment!.ROOT_ACCESS_KEY_ID);
    expect(w.environment!.AWS_SECRET_ACCESS_KEY).toBe(o.environment!.ROOT_SECRET_ACCESS_KEY);
    expect(w.environment!.AWS_REGION).toBe(o.environment!.VGW_REGION);
    expect(w.depends_on!.objectstore).toEqual({ condition: 'service_healthy' });
    expect(w.volumes ?? []).toEqual([]);
  });

  it('runs the compiled worker entry that the build produces', () => {
    const dockerfile = readFileSync(`${root}apps/worker/Dockerfile`, 'utf8');
    expect(dockerfile).toMatch(/CMD \["node", "apps\/worker\/dist\/main\.js"\]/);
    expect(dockerfile).toMatch(/^FROM node:\d+\.\d+/m);
    const hc = services.worker!.healthcheck!.test.join(' ');
    expect(hc).toMatch(/apps\/worker\/dist\/healthcheck\.js/);
    expect(existsSync(`${root}apps/worker/src/healthcheck.ts`)).toBe(true);
  });
});

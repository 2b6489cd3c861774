import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { MALLOC_DEFAULTS } from '../scripts/lib/stack';

/**
 * Static checks of what deploys Vivier: the Kubernetes manifests as `kubectl kustomize` renders
 * them, docker-compose.yml, the Dockerfile and .dockerignore. No cluster and no Docker engine are
 * needed; kubectl (with its built-in kustomize) is.
 */
const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every long-running process, each its own Deployment and compose service. */
const SERVICES = [
  'gateway',
  'auth-service',
  'chat-service',
  'admin-service',
  'billing-service',
  'provider-worker',
  'web',
] as const;

/** Names whose values are secrets wherever they appear. */
const SECRET_NAME =
  /(TOKEN|SECRET|PASSWORD|PRIVATE_KEY|ENCRYPTION_KEY|API_KEY|ACCESS_KEY|DATABASE_URL|REDIS_URL|SMTP_URL)/;

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked field by field */
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: any };
  spec?: any;
  [key: string]: any;
};

// --- timings the grace periods must cover, read from the code that defines them ---------------
/** service-kit's runService: the default hard limit on a graceful close. */
function defaultCloseMs(): number {
  const match = /options\.graceMs \?\? ([\d_]+)/.exec(read('packages/service-kit/src/run-service.ts'));
  if (!match) throw new Error('run-service.ts no longer has a default graceMs: update this test');
  return Number(match[1]!.replaceAll('_', ''));
}
/** provider-worker's main.ts: how far past SHUTDOWN_GRACE_MS the process may take to exit. */
function workerCloseExtraMs(): number {
  const match = /graceMs: \(env\) => env\.SHUTDOWN_GRACE_MS \+ ([\d_]+)/.exec(
    read('apps/provider-worker/src/main.ts'),
  );
  if (!match) throw new Error('provider-worker main.ts no longer sets graceMs: update this test');
  return Number(match[1]!.replaceAll('_', ''));
}
/** The stream provider-worker consumes and its group (packages/contracts, before the REDIS_PREFIX). */
function generationStream(): string {
  const match = /generationRequests: '([^']+)'/.exec(read('packages/contracts/src/events.ts'));
  if (!match) throw new Error('contracts events.ts no longer names generationRequests: update this test');
  return match[1]!;
}
function workerConsumerGroup(): string {
  const match = /generationWorkers: '([^']+)'/.exec(read('packages/contracts/src/events.ts'));
  if (!match) throw new Error('contracts events.ts no longer names generationWorkers: update this test');
  return match[1]!;
}

// --- Kubernetes -------------------------------------------------------------------------------
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = !kubectl.error && kubectl.status === 0;
if (!haveKubectl) {
  console.warn(
    'infra.test.ts: kubectl is not on PATH, so the Kubernetes manifests are NOT checked. Install kubectl (it has kustomize built in) to run these tests.',
  );
}

function render(overlay: string): Manifest[] {
  const result = spawnSync('kubectl', ['kustomize', join(ROOT, 'infra', 'overlays', overlay)], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`kubectl kustomize infra/overlays/${overlay} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Manifest)
    .filter(Boolean);
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const named = (manifests: Manifest[], kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const podSpecs = (manifests: Manifest[]) =>
  manifests
    .filter((m) => ['Deployment', 'Job', 'StatefulSet', 'DaemonSet'].includes(m.kind))
    .map((m) => ({ owner: `${m.kind}/${m.metadata.name}`, spec: m.spec.template.spec }));
const configData = (manifests: Manifest[]) =>
  byKind(manifests, 'ConfigMap')[0]!.data as Record<string, string>;

describe.skipIf(!haveKubectl).each(['prod', 'dev', 'prod-keda'])(
  'kubectl kustomize infra/overlays/%s',
  (overlay) => {
    const manifests = haveKubectl ? render(overlay) : [];

    it.each(SERVICES)('%s: Deployment with probes on /health and /ready and resources', (service) => {
      const deployment = named(manifests, 'Deployment', service);
      const container = deployment.spec.template.spec.containers[0];
      const ports = new Map<string, number>(container.ports.map((p: any) => [p.name, p.containerPort]));
      const env = new Map<string, any>(container.env.map((e: any) => [e.name, e]));
      for (const [probe, path] of [
        ['startupProbe', '/health'],
        ['livenessProbe', '/health'],
        ['readinessProbe', '/ready'],
      ] as const) {
        expect(container[probe]?.httpGet?.path, `${service} ${probe}`).toBe(path);
        // The probe reaches the port the service listens on (PORT).
        expect(ports.get(container[probe].httpGet.port)).toBe(Number(env.get('PORT')?.value));
      }
      for (const kind of ['requests', 'limits']) {
        expect(container.resources?.[kind]?.cpu, `${service} ${kind}.cpu`).toBeTruthy();
        expect(container.resources?.[kind]?.memory, `${service} ${kind}.memory`).toBeTruthy();
      }
    });

    it.each(SERVICES)('%s: a Service, a PodDisruptionBudget and an autoscaler that select it', (service) => {
      const deployment = named(manifests, 'Deployment', service);
      const labels = deployment.spec.template.metadata.labels;
      const svc = named(manifests, 'Service', service);
      expect(selects(svc.spec.selector, labels)).toBe(true);
      const pdb = named(manifests, 'PodDisruptionBudget', service);
      expect(selects(pdb.spec.selector.matchLabels, labels)).toBe(true);
      // A PDB that allows no disruption at the minimum replica count would block every node drain.
      const autoscaler =
        overlay === 'prod-keda' && service === 'provider-worker'
          ? named(manifests, 'ScaledObject', service)
          : named(manifests, 'HorizontalPodAutoscaler', service);
      const target = autoscaler.spec.scaleTargetRef;
      expect(target.name).toBe(service);
      const min = autoscaler.spec.minReplicas ?? autoscaler.spec.minReplicaCount;
      const max = autoscaler.spec.maxReplicas ?? autoscaler.spec.maxReplicaCount;
      expect(max).toBeGreaterThan(min);
      if (pdb.spec.minAvailable !== undefined) expect(pdb.spec.minAvailable).toBeLessThan(min);
      else expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    });

    it.each(SERVICES)('%s: glibc malloc settings as the start script sets them', (service) => {
      const container = named(manifests, 'Deployment', service).spec.template.spec.containers[0];
      const fromConfig = (container.envFrom ?? []).some((source: any) => source.configMapRef)
        ? configData(manifests)
        : {};
      const inline = Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value]));
      const env = { ...fromConfig, ...inline };
      for (const [name, value] of Object.entries(MALLOC_DEFAULTS)) expect(env[name], name).toBe(value);
    });

    it('no secret is written in the manifests: secret values come from the vivier-secrets Secret', () => {
      // No Secret object carries data (the operator creates vivier-secrets; see the README).
      for (const secret of byKind(manifests, 'Secret')) {
        expect(secret.data ?? secret.stringData, `Secret ${secret.metadata.name}`).toBeUndefined();
      }
      for (const key of Object.keys(configData(manifests))) expect(key).not.toMatch(SECRET_NAME);
      let checked = 0;
      for (const { owner, spec } of podSpecs(manifests)) {
        for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
          for (const variable of container.env ?? []) {
            if (!SECRET_NAME.test(variable.name)) continue;
            checked++;
            expect(variable.value, `${owner} ${variable.name} is inline`).toBeUndefined();
            expect(variable.valueFrom?.secretKeyRef?.name, `${owner} ${variable.name}`).toBe(
              'vivier-secrets',
            );
          }
        }
      }
      expect(checked).toBeGreaterThan(10);
    });

    it('every pod runs as a non-root user without privilege escalation', () => {
      const pods = podSpecs(manifests);
      expect(pods.map((pod) => pod.owner)).toContain('Job/vivier-migrate');
      for (const { owner, spec } of pods) {
        expect(spec.securityContext?.runAsNonRoot, owner).toBe(true);
        expect(spec.securityContext?.runAsUser, owner).toBeGreaterThan(0);
        for (const container of spec.containers) {
          expect(container.securityContext?.allowPrivilegeEscalation, owner).toBe(false);
          expect(container.securityContext?.capabilities?.drop, owner).toContain('ALL');
        }
      }
    });

    it('each grace period covers the preStop pause plus the longest the service takes to drain', () => {
      const config = configData(manifests);
      const preStopMs = (spec: any) => {
        const command: string[] | undefined = spec.containers[0].lifecycle?.preStop?.exec?.command;
        return command?.[0] === 'sleep' ? Number(command[1]) * 1000 : 0;
      };
      for (const service of SERVICES) {
        const spec = named(manifests, 'Deployment', service).spec.template.spec;
        const drainMs =
          service === 'provider-worker'
            ? Number(config.SHUTDOWN_GRACE_MS) + workerCloseExtraMs()
            : defaultCloseMs();
        expect(Number.isFinite(drainMs)).toBe(true);
        expect(spec.terminationGracePeriodSeconds * 1000, service).toBeGreaterThan(drainMs + preStopMs(spec));
      }
    });

    it('the migration Job runs the migrate image with the database URL from the Secret', () => {
      const job = named(manifests, 'Job', 'vivier-migrate');
      const container = job.spec.template.spec.containers[0];
      expect(container.image).toMatch(/(^|\/)vivier\/migrate:|\/migrate:/);
      expect(job.spec.template.spec.restartPolicy).toMatch(/OnFailure|Never/);
      expect(job.spec.backoffLimit).toBeGreaterThan(0);
      expect(container.env.find((e: any) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.key).toBe(
        'DATABASE_URL',
      );
    });

    it('the gateway reaches each upstream through a headless Service that selects its pods', () => {
      const gateway = named(manifests, 'Deployment', 'gateway').spec.template.spec.containers[0];
      const env = new Map<string, string>(gateway.env.map((e: any) => [e.name, e.value]));
      for (const [variable, service] of [
        ['AUTH_SERVICE_URL', 'auth-service'],
        ['CHAT_SERVICE_URL', 'chat-service'],
        ['ADMIN_SERVICE_URL', 'admin-service'],
        ['BILLING_SERVICE_URL', 'billing-service'],
        ['WEB_URL', 'web'],
      ] as const) {
        const url = new URL(env.get(variable)!);
        const headless = named(manifests, 'Service', url.hostname);
        expect(headless.spec.clusterIP, `${variable} → ${url.hostname}`).toBe('None');
        const pods = named(manifests, 'Deployment', service).spec.template;
        expect(selects(headless.spec.selector, pods.metadata.labels)).toBe(true);
        const port = pods.spec.containers[0].ports[0].containerPort;
        expect(Number(url.port)).toBe(port);
      }
    });

    it('the Ingress sends everything to the gateway and keeps WebSockets open', () => {
      const ingress = byKind(manifests, 'Ingress')[0]!;
      const backend = ingress.spec.rules[0].http.paths[0].backend.service;
      expect(backend.name).toBe('gateway');
      const annotations = ingress.metadata.annotations;
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(
        3600,
      );
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(
        3600,
      );
    });

    it('config values point at Services that exist', () => {
      const config = configData(manifests);
      for (const key of [
        'AUTH_SERVICE_URL',
        'ADMIN_SERVICE_URL',
        'CHAT_SERVICE_URL',
        'BILLING_SERVICE_URL',
        'AUTH_JWKS_URL',
      ]) {
        const url = new URL(config[key]!);
        const service = named(manifests, 'Service', url.hostname);
        expect(service.spec.ports.map((p: any) => p.port)).toContain(Number(url.port));
      }
    });

    if (overlay !== 'dev') {
      it('production images come from a registry with a pinned tag (never latest)', () => {
        for (const { owner, spec } of podSpecs(manifests)) {
          const image: string = spec.containers[0].image;
          expect(image, owner).toMatch(/^[a-z0-9.-]+\.[a-z]+(:\d+)?\/.+:[\w.-]+$/);
          expect(image, owner).not.toMatch(/:latest$/);
        }
      });
    } else {
      it('dev runs one replica each and allows one pod down', () => {
        for (const service of SERVICES) {
          expect(named(manifests, 'Deployment', service).spec.replicas).toBe(1);
          expect(named(manifests, 'PodDisruptionBudget', service).spec.maxUnavailable).toBe(1);
        }
      });
    }

    if (overlay === 'prod-keda') {
      it('KEDA scales provider-worker on the lag of its Redis stream, and owns its HPA', () => {
        const scaled = named(manifests, 'ScaledObject', 'provider-worker');
        const trigger = scaled.spec.triggers[0];
        expect(trigger.type).toBe('redis-streams');
        const prefix = configData(manifests).REDIS_PREFIX;
        expect(trigger.metadata.stream).toBe(`${prefix}${generationStream()}`);
        expect(trigger.metadata.consumerGroup).toBe(workerConsumerGroup());
        expect(Number(trigger.metadata.lagCount)).toBeGreaterThan(0);
        // Two autoscalers on one Deployment would fight.
        expect(byKind(manifests, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).not.toContain(
          'provider-worker',
        );
      });
    }
  },
);

// --- docker compose -----------------------------------------------------------------------------
describe('docker-compose.yml', () => {
  const raw = read('docker-compose.yml');
  const compose = parse(raw, { merge: true }) as {
    services: Record<string, any>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;
  const oneShot = new Set(['migrate']);

  it('runs every Vivier service from an image built by the Dockerfile, never a host checkout', () => {
    const stages = [...read('Dockerfile').matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]);
    for (const name of [...SERVICES, 'migrate']) {
      const service = services[name];
      expect(service, name).toBeDefined();
      expect(service.build.dockerfile).toBe('Dockerfile');
      expect(stages).toContain(service.build.target);
      const app: string = service.build.args.APP;
      expect(existsSync(join(ROOT, 'apps', app)) || existsSync(join(ROOT, 'packages', app)), app).toBe(true);
      expect(JSON.stringify(service.command ?? '')).not.toMatch(/tsx|\.ts\b/);
      expect(service.working_dir).toBeUndefined();
    }
    // Every volume is a named volume declared below; no bind mount of the checkout (or anything).
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0]! : volume.source;
        if (typeof volume !== 'string') expect(volume.type ?? 'volume', name).toBe('volume');
        expect(source, `${name} mounts ${source}`).not.toMatch(/^[./~$]/);
        expect(Object.keys(compose.volumes), `${name} mounts ${source}`).toContain(source);
      }
    }
  });

  it('every Vivier process gets the glibc malloc settings the start script sets', () => {
    for (const name of SERVICES) {
      for (const [variable, value] of Object.entries(MALLOC_DEFAULTS)) {
        expect(services[name].environment?.[variable], `${name} ${variable}`).toBe(value);
      }
    }
  });

  it('every long-running service has a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      if (oneShot.has(name)) continue;
      expect(service.healthcheck?.test, name).toBeDefined();
      expect(service.healthcheck.disable, name).not.toBe(true);
      expect(service.healthcheck.test[0], name).not.toBe('NONE');
    }
  });

  it('the migration runs first: every service that uses the database waits for it to succeed', () => {
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.depends_on.postgres.condition).toBe('service_healthy');
    for (const name of [
      'auth-service',
      'chat-service',
      'admin-service',
      'billing-service',
      'provider-worker',
    ]) {
      expect(services[name].environment.DATABASE_URL, name).toBeDefined();
      expect(services[name].depends_on.migrate?.condition, name).toBe('service_completed_successfully');
    }
    // No plain `depends_on: [a, b]` anywhere: each dependency names the condition it waits for.
    for (const [name, service] of Object.entries(services)) {
      if (!service.depends_on) continue;
      expect(Array.isArray(service.depends_on), name).toBe(false);
      for (const [dependency, { condition }] of Object.entries<any>(service.depends_on)) {
        const expected = oneShot.has(dependency) ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} → ${dependency}`).toBe(expected);
        expect(services[dependency], `${name} → ${dependency}`).toBeDefined();
      }
    }
    // The gateway starts once every upstream is healthy.
    expect(Object.keys(services.gateway.depends_on)).toEqual(
      expect.arrayContaining(['auth-service', 'chat-service', 'admin-service', 'billing-service', 'web']),
    );
  });

  it('has no working placeholder secret: each is required from .env or empty', () => {
    let required = 0;
    for (const match of raw.matchAll(/\$\{(\w+)(:?[-?])([^}]*)\}/g)) {
      const [, name, operator, rest] = match;
      if (!SECRET_NAME.test(name!)) continue;
      if (operator!.endsWith('?')) required++;
      // A URL may default to a local service as long as it carries no credentials.
      else if (name!.endsWith('_URL'))
        expect(rest, `${name} has credentials in its default`).not.toContain('@');
      else expect(rest, `${name} has a default`).toBe('');
    }
    expect(required).toBeGreaterThanOrEqual(4);
    for (const name of [
      'INTERNAL_SERVICE_TOKEN',
      'JWT_PRIVATE_KEY',
      'PROVIDER_KEY_ENCRYPTION_KEY',
      'POSTGRES_PASSWORD',
    ]) {
      expect(raw).toContain(`\${${name}:?`);
    }
    // The example file people copy has no working value either.
    const example = read('.env.example');
    expect(example).toMatch(/^INTERNAL_SERVICE_TOKEN=$/m);
  });

  it('the observability profile adds an OpenTelemetry collector and Jaeger, and nothing else is optional', () => {
    const profiled = Object.entries(services).filter(([, service]) => service.profiles);
    expect(profiled.map(([name]) => name).sort()).toEqual(['jaeger', 'otel-collector']);
    for (const [, service] of profiled) expect(service.profiles).toEqual(['observability']);
  });

  it('the worker gets longer than its drain to stop', () => {
    const stop = /^(\d+)s$/.exec(services['provider-worker'].stop_grace_period)!;
    const shutdownGrace = /SHUTDOWN_GRACE_MS:-(\d+)/.exec(
      services['provider-worker'].environment.SHUTDOWN_GRACE_MS,
    )!;
    expect(Number(stop[1]) * 1000).toBeGreaterThan(Number(shutdownGrace[1]) + workerCloseExtraMs());
  });
});

// --- Dockerfile (hadolint is not installable here: these are its rules that matter most) --------
describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => ({
    from: m[1]!,
    name: m[2],
    body: '',
  }));
  const parts = dockerfile.split(/^FROM .*$/m).slice(1);
  stages.forEach((stage, index) => (stage.body = parts[index]!));
  const stage = (name: string) => stages.find((s) => s.name === name)!;

  it('builds from a pruned workspace and ships production dependencies only', () => {
    expect(dockerfile).toMatch(/turbo prune "@vivier\/\$\{APP\}" --docker/);
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toMatch(/deploy --prod/);
    expect(dockerfile).toMatch(/npm install --global[^\n]* pnpm@\d+\.\d+\.\d+ turbo@\d+\.\d+\.\d+/);
  });

  it('uses a supported Node LTS (22 or 24) for every stage', () => {
    const version = /^ARG NODE_VERSION=(\d+)/m.exec(dockerfile)![1]!;
    expect([22, 24]).toContain(Number(version));
    for (const { from } of stages)
      expect(from).toMatch(/^(node:\$\{NODE_VERSION\}|base|build|runtime|prune|deploy)$/);
  });

  it.each(['service', 'web', 'migrate'])('the %s image runs as a non-root user', (name) => {
    const users = [...stage(name).body.matchAll(/^USER (\S+)/gm)].map((m) => m[1]!);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('runs Node under tini with a HEALTHCHECK, and pins what apt installs', () => {
    const runtime = stage('runtime').body;
    expect(runtime).toMatch(/ENTRYPOINT \["\/usr\/bin\/tini", "--"\]/);
    expect(runtime).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \["node"/);
    for (const install of dockerfile.matchAll(/apt-get install ([^\n\\]*)/g)) {
      expect(install[1]).toContain('--no-install-recommends');
      for (const pkg of install[1]!.split(/\s+/).filter((word) => word && !word.startsWith('-'))) {
        expect(pkg, 'apt package without a pinned version (hadolint DL3008)').toMatch(/=/);
      }
    }
    expect(dockerfile).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
    // Exec form everywhere (hadolint DL3025), so signals reach the process.
    for (const cmd of dockerfile.matchAll(/^(CMD|ENTRYPOINT) (.*)$/gm)) expect(cmd[2]).toMatch(/^\[/);
  });

  it('.dockerignore keeps installs, builds, git and secrets out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '**/.next', '.git', '.env', '.vivier']) {
      expect(ignored).toContain(entry);
    }
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The compose files as docker compose reads them (YAML, with Compose's `!override` merge tag).
// Docker cannot run here, so the promises the README makes about them are checked in the files.
type YamlType = object;
const yaml = createRequire(__filename)('js-yaml') as {
  Type: new (tag: string, options: { kind: string; construct(data: unknown): unknown }) => YamlType;
  DEFAULT_SCHEMA: { extend(types: YamlType[]): unknown };
  load(text: string, options: { schema: unknown }): unknown;
};
const schema = yaml.DEFAULT_SCHEMA.extend([
  new yaml.Type('!override', { kind: 'sequence', construct: (data) => ({ override: data }) }),
]);
const root = join(__dirname, '..', '..');
const text = (file: string) => readFileSync(join(root, file), 'utf8');
type Service = {
  ports?: string[] | { override: string[] };
  environment?: Record<string, string>;
  profiles?: string[];
  image?: string;
  volumes?: string[];
};
const compose = (file: string) =>
  yaml.load(text(file), { schema }) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  const { services } = compose('docker-compose.yml');

  it('serves only this computer', () => {
    for (const service of Object.values(services)) {
      for (const port of (service.ports as string[] | undefined) ?? [])
        expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('has an optional monitoring profile with Prometheus and both exporters, configured', () => {
    const monitoring = Object.entries(services).filter(([, s]) =>
      s.profiles?.includes('monitoring'),
    );
    expect(monitoring.map(([name]) => name).sort()).toEqual([
      'postgres-exporter',
      'prometheus',
      'redis-exporter',
    ]);
    expect(services.postgres!.profiles).toBeUndefined();
    expect(services.prometheus!.volumes).toContain(
      './monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const config = yaml.load(text('monitoring/prometheus.yml'), { schema }) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((job) => job.static_configs[0]!.targets);
    expect(targets).toEqual(
      expect.arrayContaining(['postgres-exporter:9187', 'redis-exporter:9121']),
    );
  });
});

describe('docker-compose.team.yml', () => {
  const { services } = compose('docker-compose.team.yml');

  it('requires real passwords: no defaults', () => {
    expect(services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{USHER_DB_PASSWORD:\?/);
    expect(services.redis!.environment!.REDIS_PASSWORD).toMatch(/^\$\{USHER_REDIS_PASSWORD:\?/);
  });

  it('replaces the loopback ports with the chosen listening address', () => {
    for (const [name, port] of [
      ['postgres', 5432],
      ['redis', 6379],
    ] as const) {
      expect(services[name]!.ports).toEqual({
        override: [
          expect.stringMatching(
            new RegExp(`^\\$\\{USHER_LISTEN_ADDRESS:\\?.*\\}:${port}:${port}$`),
          ),
        ],
      });
    }
  });

  it('says how to keep it off other networks', () => {
    expect(text('docker-compose.team.yml')).toMatch(/firewall/);
    expect(text('docker-compose.team.yml')).toMatch(/TLS/);
    expect(text('docker-compose.yml')).toMatch(/only when its volume is first created/);
  });
});

/**
 * Issue #11, item 3: identifying strings passed the field patterns (11 of 12 tried were stored). Every
 * shape of identifying value (addresses, keys, names, paths, hosts, long hex), alone and dressed in
 * the field's own form (`1.0.0-<x>`, `linux-<x>`, `qwen-<x>`), is refused in every free-form field of
 * a telemetry event, while the batch's good record is stored. The probe's own twelve are included.
 */
import { describe, expect, it } from 'vitest';
import { createTestClient } from '../support/client.js';
import { send } from '../support/ingestion.js';
import { event } from '../support/records.js';
import { findInDatabase } from '../security/support/database-scan.js';

const client = createTestClient();

/** Identifying shapes, each a value that must never be stored. */
const SHAPES = {
  ipv4: '192.168.1.23',
  ipv6: '2001:db8::8a2e:370:7334',
  mac: 'a4:83:e7:12:34:56',
  email: 'alice.smith@example.com',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  githubToken: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.sig',
  hex64: 'f'.repeat(16) + '0123456789abcdef'.repeat(3),
  hex32: '9b2c1d0e8f7a6b5c4d3e2f1a0b9c8d7e',
  name: 'alice.smith',
  userName: 'alice',
  hostName: 'alice-macbook_pro',
  unixPath: '/home/alice/.ssh/id_rsa',
  windowsPath: 'C:\\Users\\alice\\taxes.xlsx',
  snakePath: 'users_alice_documents_tax_2025',
  fqdn: 'db01.corp.example.com',
  mdnsHost: 'alice-macbook.local',
  uuid: '6f1c2b0e-8d4a-4c8e-9a57-0b7e1f0c2d11',
} as const;

const shapes = Object.values(SHAPES);
const snake = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/** Per free-form field: the probe's stored values, then every shape alone and in the field's own form. */
const CASES: Record<'caroVersion' | 'platform' | 'errorCategory' | 'model', string[]> = {
  caroVersion: [
    '1.0.0-192.168.1.23', '1.0.0-AKIAIOSFODNN7EXAMPLE', '1.0.0+alice.smith',
    ...shapes.flatMap((x) => [x, `1.0.0-${x}`, `1.0.0+${x}`, `1.0.0-${snake(x)}`, `1.0.0-rc.${snake(x)}`]),
  ],
  platform: ['alice-macbook_pro', ...shapes.flatMap((x) => [x, snake(x), `linux-${snake(x)}`, `${snake(x)}-x86_64`])],
  errorCategory: [SHAPES.hex64, 'users_alice_documents_tax_2025', ...shapes.flatMap((x) => [x, snake(x), `timeout_${snake(x)}`])],
  model: ['db01.corp.example.com', ...shapes.flatMap((x) => [x, snake(x).slice(0, 40), `qwen-${snake(x)}`.slice(0, 48), `mlx-${x}`])],
};

describe('identifying values are refused in every free-form field (#11)', () => {
  it.each(Object.entries(CASES))('%s: every identifying shape is refused, the good record stored', async (field, values) => {
    const unique = [...new Set(values)];
    const batch = [event(), ...unique.map((value) => event({ [field]: value }))];
    const result = await send.events(client, batch);
    const refused = new Set(result.errors.filter((e) => e.field === field).map((e) => e.index));
    const stored = unique.filter((_, i) => !refused.has(i + 1));
    expect(stored, `${field} took identifying values`).toEqual([]);
    expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejected: unique.length });
  });

  it('the probe’s twelve are among the cases', () => {
    const probe = ['1.0.0-192.168.1.23', '1.0.0-AKIAIOSFODNN7EXAMPLE', '1.0.0+alice.smith'];
    expect(CASES.caroVersion).toEqual(expect.arrayContaining(probe));
    expect(CASES.platform).toContain('alice-macbook_pro');
    expect(CASES.errorCategory).toEqual(expect.arrayContaining([SHAPES.hex64, 'users_alice_documents_tax_2025']));
    expect(CASES.model).toContain('db01.corp.example.com');
  });

  it('none of them reached the database', async () => {
    const needles = ['alice', '192.168', 'akia', 'ghp_', 'eyjhbgc', SHAPES.hex64, SHAPES.hex32, 'corp.example', 'a4:83', '2001:db8', 'macbook'];
    expect(await findInDatabase(needles)).toEqual([]);
  });
});

describe('the narrowed forms still take every real value (#11)', () => {
  it.each([
    ['caroVersion', ['0.1.0', '1.4.2', '1.1.0-beta', '1.2.0-rc.1', '2.0.0-alpha3', '1.3.0-nightly.20260301']],
    ['platform', ['linux-x86_64', 'macos-arm64', 'macos-aarch64', 'windows-x86_64', 'linux-aarch64', 'freebsd-x86_64']],
    ['errorCategory', ['timeout', 'inference_timeout', 'no_static_match', 'command_not_found', 'other']],
    ['model', ['smollm', 'qwen', 'qwen-1.5b', 'smollm2-360m', 'qwen2.5-coder-1.5b', 'mlx-qwen2.5-coder-1.5b-q4_k_m', 'llama3.2-3b-instruct']],
  ] as const)('%s', async (field, values) => {
    const result = await send.events(client, values.map((value) => event({ [field]: value })));
    expect(result).toEqual({ accepted: values.length, duplicates: 0, rejected: 0, errors: [] });
  });
});

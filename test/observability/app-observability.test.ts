/**
 * The whole server's logs and /metrics as an operator reads them (issue 9): level names in every
 * line, no part of the admin token at start, phone-path and API latency histograms, refusals by
 * reason and process metrics in the Prometheus text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../helpers/free-port.js';
import { TftpTestClient } from '../helpers/tftp-client.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Prometheus text format: every sample, and the declared type of every family. */
function parseMetrics(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

describe('observability of the running server', () => {
  let dataDir: string;
  let running: RunningApp;
  const lines: Record<string, unknown>[] = [];
  let api: string;
  let phone: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'provd-obs-'));
    const ports = { http: await freePort(), api: await freePort() };
    const config = loadConfig({
      PROV_STORE: 'memory', PROV_HTTP_PORT: String(ports.http), PROV_API_PORT: String(ports.api), PROV_HOST: '127.0.0.1',
      PROV_DATA_DIR: dataDir, PROV_TEMPLATES_DIR: TEMPLATES, PROV_HTTPS_PORT: 'off', PROV_TFTP_PORT: '0', PROV_TFTP_HOST: '127.0.0.1',
    });
    const destination = new Writable({
      write(chunk, _e, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    });
    running = await createApp(config, createLogger({ level: 'info', destination })).start();
    api = `http://127.0.0.1:${running.ports.api}`;
    phone = `http://127.0.0.1:${running.ports.http}`;
  });
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes every log line with its level as a name', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
  });

  it('names the admin token file at start and shows no part of the token', () => {
    const line = lines.find((l) => l.msg === 'admin API token is kept in this file')!;

    expect(Object.keys(line).sort()).toEqual(['created', 'level', 'msg', 'path', 'time']);
    expect(line).toMatchObject({ level: 'info', path: join(dataDir, 'admin-token'), created: true });
    expect(JSON.stringify(line)).not.toContain(running.adminToken.slice(0, 4));
    expect(JSON.stringify(lines)).not.toContain(running.adminToken.slice(-4));
  });

  it('answers latency histograms, refusals by reason and process metrics at /metrics', async () => {
    const auth = { authorization: `Bearer ${running.adminToken}`, 'content-type': 'application/json' };
    await fetch(`${api}/api/network`, { method: 'POST', headers: auth, body: JSON.stringify({ private_ipv4: '127.0.0.1' }) });
    const tftp = await TftpTestClient.connect(running.ports.tftp!);
    await tftp.download('001565aabb00.cfg');
    await tftp.close();
    const phoneRequests = 7;
    for (let i = 0; i < phoneRequests; i++) await (await fetch(`${phone}/provision/${'Z'.repeat(32)}/001565aabb0${i}.cfg`)).text();

    const { samples, types } = parseMetrics(await (await fetch(`${api}/metrics`)).text());
    const value = (name: string, labels: Record<string, string>) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(types.get('provd_phone_request_duration_seconds')).toBe('histogram');
    expect(types.get('provd_api_request_duration_seconds')).toBe('histogram');
    expect(value('provd_phone_request_duration_seconds_count', { protocol: 'http' })).toBe(phoneRequests);
    expect(value('provd_phone_request_duration_seconds_count', { protocol: 'tftp' })).toBe(1);
    const buckets = samples.filter((s) => s.name === 'provd_phone_request_duration_seconds_bucket' && s.labels.protocol === 'http');
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b)); // cumulative
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: phoneRequests });
    expect(value('provd_api_request_duration_seconds_count', { method: 'POST', status_class: '2xx' })).toBe(1);
    expect(value('provd_phone_refused_total', { protocol: 'http', reason: 'unknown_folder' })).toBe(phoneRequests);
    expect(value('provd_phone_refused_total', { protocol: 'tftp', reason: 'not_allowed' })).toBe(1);
    const pid = { pid: String(process.pid) };
    expect(value('process_resident_memory_bytes', pid)).toBeGreaterThan(10_000_000);
    expect(value('nodejs_heap_size_used_bytes', pid)).toBeGreaterThan(1_000_000);
    expect(value('process_open_fds', pid)).toBeGreaterThan(3);
    for (const quantile of ['0.5', '0.99', '1']) expect(value('nodejs_eventloop_delay_seconds', { ...pid, quantile })).toBeGreaterThanOrEqual(0);
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
  });

  it('logs the API write as an audit line and the refusals as refusal lines', () => {
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'api_write', actor: 'admin', method: 'POST', path: '/api/network', status: 200 }));
    // One source (127.0.0.1), both protocols: 5 lines in all, the rest left to the minute's summary.
    expect(lines.filter((l) => l.event === 'phone_refused').map((l) => [l.protocol, l.reason])).toEqual([
      ['tftp', 'not_allowed'], ...Array(4).fill(['http', 'unknown_folder']),
    ]);
  });
});

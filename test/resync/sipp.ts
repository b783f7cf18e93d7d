/**
 * @module sipp (Debian's sip-tester) as the phone: a UAS on 127.0.0.1 that receives NOTIFYs and
 * answers each with a given status, writing every message it saw (-trace_msg) to a log the tests
 * read. Missing sipp skips the tests unless REQUIRE_SIPP=1 (CI), which fails them instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort } from '../helpers/free-port.js';
import { hasTool } from '../helpers/system-tool.js';

/** True when sipp can be run (else the caller skips; REQUIRE_SIPP=1 makes a missing sipp throw). */
export function hasSipp(): boolean {
  return hasTool('sipp', ['-v'], 'REQUIRE_SIPP', 'sip-tester');
}

export interface SippUas {
  readonly port: number;
  /** Resolves with sipp's exit code once it has handled `calls` NOTIFYs (or hit its timeout). */
  readonly exited: Promise<number | null>;
  /** Every message sipp received and sent so far, as its -trace_msg log holds them. */
  messages(): string;
  /** The NOTIFY requests sipp received, each as text (start line and headers). */
  notifies(): string[];
  /** When sipp received each NOTIFY (ms since the epoch, from its log's timestamps). */
  notifyTimes(): number[];
  stop(): Promise<void>;
}

export interface SippOptions {
  /** Final status to answer (default 200). */
  readonly status?: number;
  /** NOTIFYs to handle before exiting (default 1). */
  readonly calls?: number;
  /** Extra header lines of the answer (e.g. a WWW-Authenticate for 401). */
  readonly extraHeaders?: readonly string[];
  /**
   * Play a phone that authenticates NOTIFY: the first of a call is answered 401 with a Digest
   * challenge (`qop` auth unless false), the second is checked by sipp (verifyauth) against
   * these credentials and answered 200, or 403 when its Authorization is wrong.
   */
  readonly digest?: { readonly username: string; readonly password: string; readonly qop?: boolean };
}

/** Starts sipp as a UAS on a free UDP port of 127.0.0.1 and waits until it listens. */
export async function startSippUas(options: SippOptions = {}): Promise<SippUas> {
  const dir = mkdtempSync(join(tmpdir(), 'provd-sipp-'));
  const scenario = join(dir, 'notify-uas.xml');
  const log = join(dir, 'messages.log');
  writeFileSync(scenario, options.digest ? digestScenarioXml(options.digest) : scenarioXml(options.status ?? 200, options.extraHeaders ?? []));
  const port = await freeUdpPort();
  const args = ['-sf', scenario, '-p', String(port), '-i', '127.0.0.1', '-m', String(options.calls ?? 1), '-nostdin', '-trace_msg', '-message_file', log, '-timeout', '60s', '-timeout_error'];
  const child: ChildProcess = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitUntilBound(port, () => (child.exitCode === null ? undefined : `sipp exited ${child.exitCode}: ${stderr}`));
  const messages = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  return {
    port,
    exited,
    messages,
    notifies: () => receivedRequests(messages()).map((r) => r.text),
    notifyTimes: () => receivedRequests(messages()).map((r) => r.at),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- internal ---

/**
 * Receives one NOTIFY, checks it carries an Event header (a missing one fails the call), answers
 * `status` echoing Via, From, To (with a tag), Call-ID and CSeq as RFC 3261 §8.2.6 requires.
 */
function scenarioXml(status: number, extraHeaders: readonly string[]): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="provd notify uas">
  <recv request="NOTIFY" crlf="true">
    <action>
      <ereg regexp=".+" search_in="hdr" header="Event:" check_it="true" assign_to="1"/>
    </action>
  </recv>
  <send>
    <![CDATA[

      SIP/2.0 ${status} Test Answer
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]sipp[call_number]
      [last_Call-ID:]
      [last_CSeq:]
${extraHeaders.map((h) => `      ${h}\n`).join('')}      Content-Length: 0

    ]]>
  </send>
  <Reference variables="1"/>
</scenario>
`;
}

/** The answer to the last request, `status` and extra lines, in sipp's send syntax. */
function answer(status: number, reason: string, extra: readonly string[] = []): string {
  return `<![CDATA[

      SIP/2.0 ${status} ${reason}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]sipp[call_number]
      [last_Call-ID:]
      [last_CSeq:]
${extra.map((h) => `      ${h}\n`).join('')}      Content-Length: 0

    ]]>`;
}

function digestScenarioXml(d: { username: string; password: string; qop?: boolean }): string {
  const qop = d.qop === false ? '' : ', qop="auth"';
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="provd notify uas with digest">
  <recv request="NOTIFY" crlf="true"/>
  <send>${answer(401, 'Unauthorized', [`WWW-Authenticate: Digest realm="phone", nonce="[call_id]n0nce"${qop}, algorithm=MD5`])}</send>
  <recv request="NOTIFY" crlf="true">
    <action>
      <verifyauth assign_to="authvalid" username="${d.username}" password="${d.password}"/>
    </action>
  </recv>
  <nop hide="true" test="authvalid" next="goodauth"/>
  <send next="done">${answer(403, 'Forbidden')}</send>
  <label id="goodauth"/>
  <send>${answer(200, 'OK')}</send>
  <label id="done"/>
</scenario>
`;
}

/** Polls /proc/net/udp until a socket is bound to `port` (sipp listens; probing by binding would race it). */
async function waitUntilBound(port: number, failure: () => string | undefined): Promise<void> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  for (let i = 0; i < 200; i++) {
    const failed = failure();
    if (failed) throw new Error(failed);
    if (readFileSync('/proc/net/udp', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex.trim()))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`sipp did not bind 127.0.0.1:${port}`);
}

/**
 * The NOTIFYs in a -trace_msg log: each entry starts with a dashed line ending in a local
 * timestamp (`2026-12-07 10:31:02.361082`), then `UDP message received`, then the message.
 */
function receivedRequests(log: string): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  const entry = /^-{5,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})\d*\n([\s\S]*?)(?=^-{5,} |(?![\s\S]))/gm;
  for (const m of log.matchAll(entry)) {
    const body = m[3]!;
    if (!/^UDP message received/.test(body)) continue;
    const start = body.search(/^NOTIFY /m);
    if (start >= 0) out.push({ at: new Date(`${m[1]}T${m[2]}`).getTime(), text: body.slice(start).trim() });
  }
  return out;
}

/** @module Answer shapes of resync: one NOTIFY's result and a bulk job (src/resync/). */
import { z } from 'zod';
import { timestamp } from './common.js';

const outcome = {
  status: z.number().int().optional().describe("The phone's final answer (absent for no_answer)."),
  reason: z.string().optional().describe("The phone's reason phrase."),
  detail: z.string().optional().describe('Why, in words, when the status alone does not say it (port unreachable, a Digest challenge left unanswered).'),
};

/** `POST /api/phones/{mac}/resync`. */
export const ResyncResultSchema = z
  .object({
    mac: z.string(),
    result: z.enum(['ok', 'rejected', 'no_answer']).describe('ok: a 2xx answer; rejected: 300-699; no_answer: nothing final before PROV_RESYNC_TIMEOUT.'),
    ...outcome,
    event: z.string().describe('The Event header sent (vendor.json resync).'),
    sent_to: z.string().describe('address:port the NOTIFY went to (IPv6 in brackets).'),
    transmissions: z.number().int().describe('Datagrams sent, retransmissions included.'),
    elapsed_ms: z.number().int(),
  })
  .meta({ title: 'ResyncResult' });

const JobItemSchema = z
  .object({
    mac: z.string(),
    result: z.enum(['ok', 'rejected', 'no_answer', 'sending', 'skipped']).describe('sending: sent, answer awaited; skipped: nothing sent (see code).'),
    ...outcome,
    code: z.string().optional().describe('Of a skipped phone: the error that kept it from being sent one (PROV_ERR_RESYNC_NEVER_SEEN, ...).'),
    event: z.string().optional(),
    sent_to: z.string().optional(),
    sent_at: timestamp.optional(),
    transmissions: z.number().int().optional(),
    elapsed_ms: z.number().int().optional(),
  })
  .meta({ title: 'ResyncJobItem' });

/** `POST /api/resync/jobs` (202), `GET /api/resync/jobs/{id}`. */
export const ResyncJobSchema = z
  .object({
    id: z.string(),
    state: z.enum(['running', 'done']),
    selection: z
      .object({ user_id: z.string().optional(), vendor: z.string().optional(), model: z.string().optional(), all: z.literal(true).optional(), on_change: z.literal(true).optional() })
      .describe('What the admin asked for, or on_change for a job auto-resync started.'),
    reboot: z.boolean(),
    rate_per_second: z.number().describe('PROV_RESYNC_RATE, shared by every job of the process.'),
    total: z.number().int(),
    counts: z.object({ ok: z.number().int(), rejected: z.number().int(), no_answer: z.number().int(), skipped: z.number().int(), sending: z.number().int(), pending: z.number().int() }),
    started_at: timestamp,
    finished_at: timestamp.optional(),
    items: z.array(JobItemSchema).describe('Per phone, in the order they were handled; pending phones are not listed yet.'),
  })
  .meta({ title: 'ResyncJob' });

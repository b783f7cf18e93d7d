/** @module The shapes of resync requests to the admin API (zod: the single source of truth). */
import { z } from 'zod';

/**
 * Body of `POST /api/resync/jobs`: which phones, exactly one of `user_id` (a user's phones),
 * `vendor` and/or `model` (every phone of that vendor/model, case-insensitive), or `all: true`;
 * `reboot` asks for a reboot instead of a re-read (default false).
 */
export const ResyncJobRequestSchema = z
  .strictObject({
    user_id: z.string().min(1, 'must not be empty').max(64).optional(),
    vendor: z.string().min(1, 'must not be empty').max(64).optional(),
    model: z.string().min(1, 'must not be empty').max(64).optional(),
    all: z.literal(true, 'must be true (or left out)').optional(),
    reboot: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    const groups = [r.user_id !== undefined, r.vendor !== undefined || r.model !== undefined, r.all === true].filter(Boolean).length;
    if (groups !== 1) {
      ctx.addIssue({ code: 'custom', path: ['all'], message: 'give exactly one of user_id, vendor/model, or all: true' });
    }
  });
export type ResyncJobRequest = z.output<typeof ResyncJobRequestSchema>;

/** Query of `POST /api/phones/{mac}/resync`: `reboot` is `true` or `false` (absent: false). */
export const ResyncQuerySchema = z.object({
  reboot: z.enum(['true', 'false'], 'must be true or false').optional().transform((v) => v === 'true'),
});

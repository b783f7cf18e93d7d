/** @module What the firmware folder records about one upload, and the shape the phone path serves. */
import { z } from 'zod';

/**
 * A file name the vendor's firmware expects: the phone asks for it by this name, over HTTP(S)
 * under its folder and over TFTP from the root. The characters the phone path accepts, no path.
 */
export const FIRMWARE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The manifest of one vendor's model: `<dir>/manifests/<vendor>/<model>.json`. */
export const FirmwareRecordSchema = z.object({
  vendor: z.string(),
  model: z.string(),
  filename: z.string().regex(FIRMWARE_FILENAME),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploaded_at: z.string(),
});
export type FirmwareRecord = z.infer<typeof FirmwareRecordSchema>;

/** The model's firmware as templates see it (RenderContext.firmware). */
export interface FirmwareRef {
  readonly filename: string;
  readonly sha256: string;
  readonly size: number;
}

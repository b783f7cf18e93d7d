/**
 * @module The query parameters of the QR endpoints, as schemas (the single source of their
 * bounds): `app`, `format`, `size`, `margin`, `ttl`, `purpose`. Out of range is a 400 naming the field.
 */
import { z } from 'zod';
import { QR_APP_IDS } from './apps.js';

/** PNG size bounds in pixels: a phone screen to a print at 300 dpi (about 17 cm); 2048² RGBA is 16 MB while encoding. */
export const QR_SIZE = { min: 64, max: 2048, default: 400 } as const;
/** Quiet zone in modules; the standard asks for 4. */
export const QR_MARGIN = { min: 0, max: 16, default: 4 } as const;
/** Token lifetime a request may ask for, seconds (1 minute to 7 days); PROV_QR_TOKEN_TTL has the same bounds. */
export const QR_TTL = { min: 60, max: 604_800 } as const;

/** A whole number between min and max given as a query string. */
const wholeNumber = (min: number, max: number) =>
  z
    .string('must be given once')
    .regex(/^\d{1,7}$/, `must be a whole number ${min}-${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be ${min}-${max}`).max(max, `must be ${min}-${max}`));

const image = {
  format: z.enum(['png', 'svg', 'text'], 'must be png, svg or text').default('png'),
  size: wholeNumber(QR_SIZE.min, QR_SIZE.max).default(QR_SIZE.default),
  margin: wholeNumber(QR_MARGIN.min, QR_MARGIN.max).default(QR_MARGIN.default),
};

/** `GET /api/users/{id}/qrcode` */
export const SoftphoneQrQuerySchema = z.strictObject({
  app: z.enum(QR_APP_IDS, `must be one of ${QR_APP_IDS.join(', ')}`),
  ...image,
  ttl: wholeNumber(QR_TTL.min, QR_TTL.max).optional(),
});

/** `GET /api/users/{id}/phones/{phone_id}/qrcode` */
export const DoorQrQuerySchema = z.strictObject({
  purpose: z.literal('door', 'must be door'),
  ...image,
});

/**
 * @module The softphone apps a QR code can be made for, by id (the `app` parameter). Which app
 * puts the password in the QR and which a single-use token URL is a property of the builder.
 */
import { acrobits } from './apps/acrobits.js';
import { grandstreamWave } from './apps/grandstream-wave.js';
import { linphone } from './apps/linphone.js';
import { portsip } from './apps/portsip.js';
import { sipnetic } from './apps/sipnetic.js';
import { zoiper } from './apps/zoiper.js';
import type { QrApp } from './types.js';

export const QR_APP_IDS = ['portsip', 'linphone', 'acrobits', 'grandstream-wave', 'sipnetic', 'zoiper'] as const;
export type QrAppId = (typeof QR_APP_IDS)[number];

export const QR_APPS: Readonly<Record<QrAppId, QrApp>> = {
  portsip,
  linphone,
  acrobits,
  'grandstream-wave': grandstreamWave,
  sipnetic,
  zoiper,
};

export function isQrAppId(value: string): value is QrAppId {
  return (QR_APP_IDS as readonly string[]).includes(value);
}

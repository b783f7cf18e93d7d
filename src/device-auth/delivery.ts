/**
 * @module Records on the phone record when a `digest` phone's credentials were first delivered
 * (`device_credentials_sent_at`), so every node and every restart knows the delivery window is
 * closing. Written after the answer, once per phone and call; a failed write is logged and left to
 * the next delivery (the step remembers the delivery in process meanwhile).
 */
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { Mac } from '../domain/mac.js';

/** Builds the `delivered` callback of the device-auth step. */
export function createDeliveryRecorder(store: Pick<Store, 'getPhoneByMac' | 'updatePhone'>, logger: Logger): (mac: string, at: number) => void {
  const write = async (mac: string, at: number) => {
    const phone = await store.getPhoneByMac(mac as Mac);
    if (!phone || phone.device_credentials_sent_at !== undefined) return;
    await store.updatePhone(phone.id, async (current) =>
      current.device_credentials_sent_at === undefined ? { ...current, device_credentials_sent_at: new Date(at).toISOString() } : current
    );
  };
  return (mac, at) => {
    setImmediate(() => {
      write(mac, at).catch((err: unknown) => logger.warn({ mac, err: (err as Error).message }, 'could not record the delivery of device credentials'));
    });
  };
}

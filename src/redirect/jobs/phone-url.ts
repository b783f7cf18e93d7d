/**
 * @module The provisioning URL a phone is registered with: the `url` the admin API shows for it
 * (src/render/server-address.ts, the same function), computed from fresh reads of the phone, its
 * user and the network settings, never from a cache that a change made on another node may not
 * have reached yet.
 */
import type { Phone } from '../../domain/phone.js';
import { resolveServer } from '../../render/server-address.js';
import type { Store } from '../../store/types.js';

/** The phone-path ports phones are sent to (public ports behind NAT), as the app's provisioning service has them. */
export interface PhonePathPorts {
  readonly httpPort: number;
  /** Absent when no HTTPS listener exists: a phone with `https: true` then gets the http URL, as in the API. */
  readonly httpsPort?: number;
}

/**
 * The phone's folder URL (ends with `/`), or undefined when its user is gone (the phone is being
 * deleted with it).
 */
export async function phoneProvisioningUrl(store: Pick<Store, 'getUser' | 'getNetwork'>, phone: Phone, ports: PhonePathPorts): Promise<string | undefined> {
  const [user, network] = await Promise.all([store.getUser(phone.user_id), store.getNetwork()]);
  if (!user) return undefined;
  return resolveServer(network, phone.interface, phone.preferred_transport, ports, user.provision_token, phone.https, []).provisioning_url ?? undefined;
}

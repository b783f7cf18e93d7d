/**
 * @module The account a QR payload carries: the same account and server address the phone files
 * get (render/context.ts accountOf, render/server-address.ts resolveServer), from the user's own
 * `interface` and `preferred_transport` (a QR code belongs to a user, not to a phone).
 */
import type { Network } from '../domain/network.js';
import type { User } from '../domain/user.js';
import { accountOf } from '../render/context.js';
import { resolveServer } from '../render/server-address.js';
import type { QrAccount } from './types.js';

/** Phone-listener ports, as the provisioning service knows them (public ports). */
export interface QrPorts {
  readonly httpPort: number;
  readonly httpsPort?: number;
}

/** The user's account and server; `warnings` gets the same notes a render gets (e.g. interface without address). */
export function qrAccount(user: User, network: Network, ports: QrPorts, warnings: string[] = []): QrAccount {
  return {
    account: accountOf(user),
    server: resolveServer(network, user.interface, user.preferred_transport, ports, null, false, warnings),
  };
}

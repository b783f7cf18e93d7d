/** @module Device authentication on the phone path: Digest/Basic step, nonces, policy (re-exports only). */
export { createDeviceAuthStep, type DeviceAuthStepDeps } from './step.js';
export { createNonces, type Nonces, type NonceOptions } from './nonces.js';
export { createDeviceAuthPolicy, deviceUsername, DEVICE_AUTH_REALM, type DeviceAuthPolicy, type DeviceAuthSettings } from './policy.js';
export { createDeliveryRecorder } from './delivery.js';
export type { DeviceCredentials, FileAuth } from './types.js';

/**
 * @module Door QR codes (issue 11 §3): the door code of a door station's phone record in the form
 * the model reads from a QR code shown to its camera. The form is data (`door_qr` of the model or
 * vendor in vendor.json, with the vendor document it comes from); a model without one answers
 * PROV_ERR_DOOR_QR_UNDOCUMENTED. The code is a secret: built on request, never stored or logged.
 */
import type { Phone } from '../domain/phone.js';
import { ProvError } from '../errors.js';
import type { VendorDescriptor } from '../vendors/descriptor.js';

/**
 * The QR text opening `phone`'s door.
 * @throws ProvError PROV_ERR_DOOR_QR_UNDOCUMENTED (the model reads no documented QR form),
 *   PROV_ERR_DOOR_CODE_MISSING (the phone has no code of the kind the form carries)
 */
export function doorQrPayload(vendor: VendorDescriptor | undefined, phone: Pick<Phone, 'id' | 'vendor' | 'model' | 'door_password1' | 'door_password2'>): string {
  const spec = vendor?.models[phone.model]?.door_qr ?? vendor?.door_qr;
  if (!spec) {
    throw new ProvError('PROV_ERR_DOOR_QR_UNDOCUMENTED', [`${phone.vendor}/${phone.model}`], {
      errors: [{ field: 'purpose', message: `${phone.vendor}/${phone.model} has no documented QR code door opening` }],
    });
  }
  const code = phone[spec.code];
  if (!code) throw new ProvError('PROV_ERR_DOOR_CODE_MISSING', [phone.id, spec.code], { errors: [{ field: spec.code, message: 'is not set' }] });
  return spec.format.replaceAll('{code}', code);
}

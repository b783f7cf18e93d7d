/** @module Vendor and model pickers filled from `GET /api/vendors` (the vendor folders are the only list). */
import type { Api, Page } from '../api.js';
import type { Form, Option } from '../forms.js';
import type { Vendor } from './types.js';

/** The vendors, as options. */
export async function loadVendors(api: Api): Promise<Vendor[]> {
  return (await api.get<Page<Vendor>>('/vendors')).items;
}

export function vendorOptions(vendors: readonly Vendor[]): Option[] {
  return vendors.map((v) => ({ value: v.id, label: v.name }));
}

/** The model select of `form` follows its vendor select (`vendor`, `model` fields). */
export function linkModelPicker(form: Form, vendors: readonly Vendor[], model?: string): void {
  const vendorSelect = form.input('vendor');
  const fill = (keep?: string) => {
    const vendor = vendors.find((v) => v.id === vendorSelect.value);
    const options = (vendor?.models ?? []).map((m) => ({ value: m.model, label: m.display_name ? `${m.model} (${m.display_name})` : m.model }));
    form.setOptions('model', options, keep);
  };
  vendorSelect.addEventListener('change', () => fill());
  fill(model);
}

/** A phone's RPS status as a short text: `registered`, or `error: <the vendor's words>`. */
export function rpsText(phone: { readonly rps_status?: string; readonly rps_message?: string | null }): string {
  const status = phone.rps_status ?? 'disabled';
  return phone.rps_message ? `${status}: ${phone.rps_message}` : status;
}

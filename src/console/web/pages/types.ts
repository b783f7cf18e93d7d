/** @module The API's answers as the console reads them (the fields it shows; the API's schemas are the contract). */

export interface User {
  readonly id: string;
  readonly name: string;
  readonly display_name?: string | null;
  readonly email?: string | null;
  readonly extension_number: string;
  readonly enabled: boolean;
}

export interface Phone {
  readonly id: string;
  readonly mac: string;
  readonly vendor: string;
  readonly model: string;
  readonly user_id: string;
  readonly url?: string;
  readonly rps?: boolean;
  readonly rps_status?: string;
  readonly rps_message?: string | null;
  readonly last_seen_at?: string | null;
  readonly last_seen_ip?: string | null;
  readonly password?: string;
}

export interface Vendor {
  readonly id: string;
  readonly name: string;
  readonly models: readonly { readonly model: string; readonly display_name?: string }[];
}

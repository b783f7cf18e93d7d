/** @module The fields each list endpoint can filter, order and search on (anything else is a 400). */
import { parseMac } from '../domain/mac.js';
import type { QueryableFields } from '../store/query.js';

/** `GET /api/users`: secrets are never queryable (a filter on them would leak them bit by bit). */
export const USER_QUERY: QueryableFields = {
  fields: [
    'id', 'name', 'email', 'display_name', 'extension_number', 'enabled', 'role', 'department',
    'mobile_phone', 'work_phone', 'home_phone', 'sms', 'interface', 'preferred_transport',
    'created_at', 'updated_at',
  ],
  search: ['name', 'display_name', 'email', 'extension_number'],
};

/** `GET /api/phones`, `GET /api/users/{id}/phones`. `mac eq '...'` accepts any MAC spelling. */
export const PHONE_QUERY: QueryableFields = {
  fields: [
    'id', 'mac', 'vendor', 'model', 'user_id', 'serial_number', 'filename', 'language', 'transfer',
    'timezone', 'interface', 'preferred_transport', 'rps', 'rps_status', 'https', 'created_at', 'updated_at',
    'last_seen_at', 'last_seen_ip',
  ],
  search: ['mac', 'vendor', 'model', 'serial_number'],
  normalise: (field, value) => {
    if (field === 'mac' && typeof value === 'string') return parseMac(value) ?? value;
    if (field === 'vendor' && typeof value === 'string') return value.toLowerCase();
    return value;
  },
};

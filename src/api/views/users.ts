/** @module Answer shapes of users and the self-service paths, derived from the domain schemas. */
import { z } from 'zod';
import { UserCreateSchema, UserUpdateSchema } from '../../domain/user.js';
import { serverId, timestamp } from './common.js';

/** A user as every GET answers it: the create fields (defaults applied) without secrets, plus what the server owns. */
export const UserViewSchema = UserCreateSchema.omit({ password: true, extension_password: true, voicemail_pin: true })
  .extend({
    id: serverId,
    provision_token: z.string().describe('Names the user\'s secure provisioning folder (`/<provision_token>/...`); rotate with `POST /api/users/{id}/provision_token`.'),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'User' });

/** Request bodies, named in the document. */
export const UserCreateBody = UserCreateSchema.meta({ title: 'UserCreate' });
export const UserUpdateBody = UserUpdateSchema.meta({ title: 'UserUpdate' });

/** `GET /api/phones/{mac}/assignee`. */
export const AssigneeSchema = z.object({
  id: serverId,
  name: z.string(),
  display_name: z.string().nullable(),
  extension_number: z.string(),
});

/** A one-field body (`POST /api/users/{id}/<field>`): exactly that field of the update schema. */
export function oneFieldBody<K extends keyof typeof UserUpdateSchema.shape>(field: K) {
  return z.strictObject({ [field]: UserUpdateSchema.shape[field].unwrap() } as { [P in K]: (typeof UserUpdateSchema.shape)[K] });
}

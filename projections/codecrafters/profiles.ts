/**
 * `productivity_profiles`: made with the defaults when a user registers in Atlas (so every user
 * has one), replaced by the user's settings on every change.
 */
import type { UpdateDoc, WriteOp } from '../../stores/reads/port.js';
import { DEFAULT_PROFILE, type ProfileUpdatedData } from '../../write/codecrafters/events.js';
import { CODECRAFTERS_COLLECTIONS, profileId } from './models.js';

const profileWrite = (userId: number, update: UpdateDoc): WriteOp => ({
  kind: 'update',
  collection: CODECRAFTERS_COLLECTIONS.profiles,
  filter: { _id: String(userId) },
  update,
  upsert: true,
});

export function profileCreated(userId: number, registeredAt: string): WriteOp[] {
  return [
    profileWrite(userId, {
      $setOnInsert: {
        id: profileId(userId),
        user_id: userId,
        ...DEFAULT_PROFILE,
        created_at: registeredAt,
        updated_at: null,
      },
    }),
  ];
}

export function profileUpdated(data: ProfileUpdatedData): WriteOp[] {
  const { user_id, updated_by: _by, updated_at, ...settings } = data;
  return [
    profileWrite(user_id, {
      $set: { ...settings, updated_at },
      $setOnInsert: { id: profileId(user_id), user_id, created_at: updated_at },
    }),
  ];
}

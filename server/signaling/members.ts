import { validate as isUuid } from 'uuid';
import { MEMBER_KEY_PATTERN, userIdOfMember } from '../../protocol/signaling.js';
import { HttpError } from '../http/errors.js';

// Members are a user's widgets in rooms: "<userId>.<member key>". These check the ids and keys requests carry,
// each refusal a 400 that says what is expected.

/** The member key of a join or leave body; 400 when it is missing or not one. */
export function memberKeyOf(body: Record<string, unknown>): string {
  const { member } = body;
  if (typeof member !== 'string' || !MEMBER_KEY_PATTERN.test(member)) {
    throw new HttpError(400, `member must be the widget's member key: 8-32 characters of A-Z a-z 0-9 _ - (got ${describe(member)})`);
  }
  return member;
}

/** True when `value` names a member: "<user id (uuid)>.<member key>". */
export function isMemberId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const userId = userIdOfMember(value);
  return userId !== null && isUuid(userId);
}

/** The sending member of a relay or frames body, which must be one of `userId`'s own members; 400 otherwise. */
export function senderMemberOf(body: Record<string, unknown>, userId: string): string {
  const { from } = body;
  if (!isMemberId(from)) throw new HttpError(400, `from must be the sending member's id, "<user id>.<member key>" (got ${describe(from)})`);
  if (userIdOfMember(from) !== userId) throw new HttpError(400, `from must be a member of your own (${userId}.<member key>), not ${from}`);
  return from;
}

/** A short, log-safe picture of a value a client sent where a member key or id belongs. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80));
  return typeof value;
}

import { HttpError } from '../http/errors.js';
import { isRoomId } from '../../protocol/signaling.js';

/** A join or leave body ({member, username?}) is a few dozen bytes: this leaves room and refuses the rest. */
export const MEMBERSHIP_BODY_LIMIT_BYTES = 1024;

/** The room a /:roomId/… route names; 404 when it cannot be a room id. */
export function roomIdOf(param: string): string {
  if (!isRoomId(param)) throw new HttpError(404, `no such room "${param.slice(0, 80)}": room ids are 8-64 characters of A-Z a-z 0-9 _ -`);
  return param;
}

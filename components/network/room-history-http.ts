import type { AppendRequest, CompactRequest, EntriesPage, SnapshotInfo, StoredEntry } from '../../protocol/room-entries.js';
import { fromBase64, toBase64 } from './base64.js';
import { ServerAnswerError, type SignalingHttp } from './signaling-http.js';

export type { EntriesPage, StoredEntry } from '../../protocol/room-entries.js';

/**
 * The room's stored board on the server (GET/POST /:roomId/entries, POST /:roomId/compact) as typed calls for one
 * member: bytes in and out, base64 only on the wire. Refusals reject as ServerAnswerError with the server's
 * `code` (room-too-large, compacted-meanwhile, no-storage); network failures as `fetch` does.
 */
export class RoomHistoryHttp {
  constructor(private readonly http: SignalingHttp) {}

  /** GET /:roomId/entries?member=&after=: the entries with seq > after, one page. */
  async read(roomId: string, token: string, member: string, after: number): Promise<EntriesPage> {
    const request = `GET /${roomId}/entries`;
    const query = `member=${encodeURIComponent(member)}&after=${after}`;
    const response = await this.http.fetch(`${this.http.baseUrl}/${encodeURIComponent(roomId)}/entries?${query}`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    return entriesPageOf(await response.json(), request);
  }

  /**
   * POST /:roomId/entries: `data` appended as the room's next entry; answers its seq. `keepalive`: the request
   * outlives the page (a flush as it is hidden or closed); browsers refuse such a body past 64 KB.
   */
  async append(roomId: string, token: string, member: string, data: Uint8Array, keepalive = false): Promise<number> {
    const request = `POST /${roomId}/entries`;
    const body: AppendRequest = { member, data: toBase64(data) };
    const response = await this.post(`/${encodeURIComponent(roomId)}/entries`, body, token, keepalive);
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    const answer: unknown = await response.json();
    const seq = isRecord(answer) ? answer.seq : undefined;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) throw new Error(`${request} answered without the entry's seq`);
    return seq;
  }

  /** POST /:roomId/compact: the entries up to `upto` replaced by the snapshot `data`. */
  async compact(roomId: string, token: string, member: string, upto: number, data: Uint8Array): Promise<void> {
    const request = `POST /${roomId}/compact`;
    const body: CompactRequest = { member, upto, data: toBase64(data) };
    const response = await this.post(`/${encodeURIComponent(roomId)}/compact`, body, token);
    if (!response.ok) throw await ServerAnswerError.from(request, response);
  }

  /** GET /:roomId/snapshots?member=: the room's kept snapshots, newest first. */
  async snapshots(roomId: string, token: string, member: string): Promise<SnapshotInfo[]> {
    const request = `GET /${roomId}/snapshots`;
    const response = await this.get(`/${encodeURIComponent(roomId)}/snapshots?member=${encodeURIComponent(member)}`, token);
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    const answer: unknown = await response.json();
    if (!Array.isArray(answer)) throw new Error(`${request} answered something other than [{seq, at}]`);
    return answer.filter(isSnapshotInfo).map(({ seq, at }) => ({ seq, at }));
  }

  /** GET /:roomId/snapshots/:seq?member=: one kept snapshot's bytes, as stored (sealed when the room has a key). */
  async snapshot(roomId: string, token: string, member: string, seq: number): Promise<SnapshotInfo & { data: Uint8Array }> {
    const request = `GET /${roomId}/snapshots/${seq}`;
    const response = await this.get(`/${encodeURIComponent(roomId)}/snapshots/${seq}?member=${encodeURIComponent(member)}`, token);
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    const answer: unknown = await response.json();
    if (!isSnapshotInfo(answer) || !isRecord(answer) || typeof answer.data !== 'string') throw new Error(`${request} answered something other than {seq, at, data}`);
    return { seq: answer.seq, at: answer.at, data: fromBase64(answer.data) };
  }

  private get(path: string, token: string): Promise<Response> {
    return this.http.fetch(`${this.http.baseUrl}${path}`, { method: 'GET', headers: { Authorization: `Bearer ${token}` } });
  }

  private post(path: string, body: object, token: string, keepalive = false): Promise<Response> {
    return this.http.fetch(`${this.http.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      ...(keepalive ? { keepalive } : {}),
    });
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const isSnapshotInfo = (value: unknown): value is SnapshotInfo =>
  isRecord(value) && Number.isSafeInteger(value.seq) && typeof value.at === 'number' && Number.isFinite(value.at);

/** The server's page, checked; an entry whose data is not base64 keeps empty bytes, so the reader skips it by seq. */
function entriesPageOf(value: unknown, request: string): EntriesPage {
  if (!isRecord(value) || !Array.isArray(value.entries) || typeof value.lastSeq !== 'number') {
    throw new Error(`${request} answered something other than {entries: [{seq, data}], lastSeq}`);
  }
  const entries: StoredEntry[] = [];
  for (const entry of value.entries) {
    if (!isRecord(entry) || typeof entry.seq !== 'number') continue;
    let data = new Uint8Array(0);
    try {
      if (typeof entry.data === 'string') data = fromBase64(entry.data);
    } catch {
      // Left empty: the reader reports this seq as unreadable.
    }
    entries.push({ seq: entry.seq, data });
  }
  return { entries, lastSeq: value.lastSeq, more: value.more === true };
}

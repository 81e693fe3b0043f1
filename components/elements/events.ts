import type { Member, User } from '../../protocol/signaling.js';
import type { DrawSettings } from '../drawing/draw-settings.js';
import type { Participant } from '../controllers/participants.js';
import type { RoomStatus } from '../controllers/room-session.js';
import type { ExportFormat } from '../render/board-export.js';

/** An event that carries nothing but its name. */
type Signal = CustomEvent<Record<PropertyKey, never>>;

/**
 * Everything `<draw-room>` announces. Names use a dash, never a colon: Angular's templates read `(a:b)` as
 * target:event. Each is documented with `@fires` on the element too, for custom-elements.json.
 */
export interface DrawRoomEventMap {
  'draw-room-connected': CustomEvent<{ user: Member; roomId: string }>;
  'draw-room-peer-joined': CustomEvent<{ peer: User }>;
  'draw-room-peer-left': CustomEvent<{ peer: User }>;
  'draw-room-participants': CustomEvent<{ participants: Participant[] }>;
  'draw-room-status': CustomEvent<{ status: RoomStatus; reason: string }>;
  'draw-room-error': CustomEvent<{ message: string }>;
  /** `count`: changes made on this page that no peer has shown it holds yet (`unsyncedChanges`). */
  'draw-room-unsynced': CustomEvent<{ count: number }>;
  /** The board changed (at most once a second): call `snapshot()` to keep a copy. */
  'draw-room-change': Signal;
}

/** Everything `<draw-toolbar>` asks of its room. */
export interface DrawToolbarEventMap {
  'draw-toolbar-settings': CustomEvent<DrawSettings>;
  'draw-toolbar-background': CustomEvent<{ color: string }>;
  'draw-toolbar-undo': Signal;
  'draw-toolbar-redo': Signal;
  'draw-toolbar-clear': Signal;
  'draw-toolbar-restore': Signal;
  'draw-toolbar-history': Signal;
  'draw-toolbar-export': CustomEvent<{ format: ExportFormat }>;
}

export type DrawRoomEvents = DrawRoomEventMap & DrawToolbarEventMap;
export type DrawRoomEventName = keyof DrawRoomEvents;
export type EventDetail<K extends DrawRoomEventName> = DrawRoomEvents[K]['detail'];

// A record over the maps' keys: an event added to a map and not here (or the reverse) fails to compile.
const eventNames: { [K in DrawRoomEventName]: true } = {
  'draw-room-connected': true,
  'draw-room-peer-joined': true,
  'draw-room-peer-left': true,
  'draw-room-participants': true,
  'draw-room-status': true,
  'draw-room-error': true,
  'draw-room-unsynced': true,
  'draw-room-change': true,
  'draw-toolbar-settings': true,
  'draw-toolbar-background': true,
  'draw-toolbar-undo': true,
  'draw-toolbar-redo': true,
  'draw-toolbar-clear': true,
  'draw-toolbar-restore': true,
  'draw-toolbar-history': true,
  'draw-toolbar-export': true,
};

/** Every event name the elements dispatch, for the tests that hold the docs to the map. */
export const EVENT_NAMES = Object.keys(eventNames) as DrawRoomEventName[];

/**
 * The one way the elements dispatch: typed by the maps above, and bubbling out of shadow roots (a default
 * toolbar lives in the room's shadow root; pages listen on the room or on `document`). Controllers report to
 * their element through callbacks and never dispatch on it.
 */
export function emit<K extends DrawRoomEventName>(element: HTMLElement, type: K, ...[detail]: DetailArgument<K>): void {
  element.dispatchEvent(new CustomEvent(type, { detail: detail ?? {}, bubbles: true, composed: true }));
}

/** Events that carry nothing take no detail argument. */
type DetailArgument<K extends DrawRoomEventName> = DrawRoomEvents[K] extends Signal ? [] : [detail: EventDetail<K>];

// GlobalEventHandlersEventMap is what HTMLElementEventMap and DocumentEventMap both extend, so a listener on the
// element, on an ancestor or on `document` gets the typed detail without a cast.
declare global {
  interface GlobalEventHandlersEventMap extends DrawRoomEventMap, DrawToolbarEventMap {}
}

// What end-to-end tests put on a page's window (through init scripts, page.evaluate or exposeFunction) to read
// back later, declared once so tests touch them typed, with no casts. Each is absent until a test sets it up.
declare global {
  interface Window {
    /** draw-room-participants events seen, as "name:state" lists (participants-event.test.ts). */
    participantEvents?: string[][];
    /** draw-room-peer-left events counted (recovery.test.ts). */
    peerLeft?: number;
    /** Room events seen, as "type detail" lines (rename-and-refusals.test.ts). */
    seen?: string[];
    /** draw-room-error messages seen (shared-document.test.ts; shared-stream.test.ts prefixes each with the widget's id). */
    roomErrors?: string[];
    /** draw-room-status values seen (token-renewal.test.ts, board-on-redis.test.ts). */
    statuses?: string[];
    /** Every RTCPeerConnection the page made, kept by an init script (turn.test.ts). */
    peerConnections?: RTCPeerConnection[];
    /** RTCPeerConnections open now and the most open at once, counted by an init script (big-room.test.ts). */
    peerConnectionCount?(): { open: number; most: number };
    /** Hands a draw-room-error message to the test (server-relay.test.ts, board-too-large.test.ts, through exposeFunction). */
    reportError?(message: string): void;
    /** Whether the init script keeps this page from connecting directly (unreachable-peer.test.ts). */
    directBlocked?: boolean;
    /** EventSources this page made and those not closed yet, counted by an init script (shared-stream.test.ts). */
    eventSourceCount?(): { made: number; open: number };
    /** pointermove events the board's canvas got, counted to show the browser coalesced (pen-and-touch.test.ts). */
    pointerMoves?: number;
    /** draw-room-unsynced counts and draw-room-change events seen (board-on-device.test.ts). */
    unsyncedCounts?: number[];
    boardChanges?: number;
  }
}

export {};

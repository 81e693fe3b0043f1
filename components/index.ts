export { DrawRoom } from './draw-room.js';
export { DrawToolbar } from './draw-toolbar.js';
export { DrawingDocument, type BoardChange } from './document.js';
export { BOARD_WIDTH, BOARD_HEIGHT } from './board.js';
export type { BoardItem, ItemMeta, Tool } from './board-items.js';
export type { DrawSettings } from './pointer-drawing.js';
export type { Participant } from './participants.js';
export type { RoomStatus } from './room-session.js';
export type { User } from '../server/protocol.js';

export { DrawRoom } from './elements/draw-room.js';
export { DrawToolbar } from './elements/draw-toolbar.js';
export { DrawingDocument, type BoardChange } from './drawing/document.js';
export { BOARD_WIDTH, BOARD_HEIGHT } from './drawing/board.js';
export type { BoardItem, ItemKind, ItemMeta, ShapeItem, StrokeItem, StrokeMeta, TextItem } from './drawing/board-items.js';
export type { DrawSettings, Tool } from './drawing/draw-settings.js';
export type { Participant } from './controllers/participants.js';
export type { RoomStatus } from './controllers/room-session.js';
export type { User } from '../protocol/signaling.js';

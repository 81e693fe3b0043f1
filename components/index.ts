export { DrawRoom } from './draw-room.js';
export { DrawToolbar, type BrushChangeDetail } from './draw-toolbar.js';
export { DrawingDocument, BOARD_WIDTH, BOARD_HEIGHT, type Stroke, type DocumentMessage } from './document.js';
export type { RoomStatus } from './room-session.js';
export type { User } from '../server/protocol.js';

import { BOARD_HEIGHT, BOARD_WIDTH } from './board.js';

/** How far each person may zoom: far enough out to see a large board whole, in to place a detail. */
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;

/**
 * What one page shows of the board, kept by that page alone: the board point at the canvas's centre and the zoom
 * on top of the fit (1: the 1600 × 1000 home area fills the canvas as it always did).
 */
export interface BoardView {
  centerX: number;
  centerY: number;
  zoom: number;
}

/** Board units → CSS pixels of the canvas: css = board × scale + offset. */
export interface BoardTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export interface CanvasSize {
  width: number;
  height: number;
}

/** A rectangle in board units. */
export interface BoardBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const HOME_AREA: BoardBounds = { minX: 0, minY: 0, maxX: BOARD_WIDTH, maxY: BOARD_HEIGHT };

/** The home area fitted and centred: what every page showed before the board could move, and shows first. */
export const HOME_VIEW: BoardView = { centerX: BOARD_WIDTH / 2, centerY: BOARD_HEIGHT / 2, zoom: 1 };

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The scale at zoom 1: the home area fits the canvas. */
const fitScale = (size: CanvasSize) => Math.min(size.width / BOARD_WIDTH, size.height / BOARD_HEIGHT);

export function transformOf(view: BoardView, size: CanvasSize): BoardTransform {
  const scale = fitScale(size) * view.zoom;
  return { scale, offsetX: size.width / 2 - view.centerX * scale, offsetY: size.height / 2 - view.centerY * scale };
}

export function cssToBoard(transform: BoardTransform, cssX: number, cssY: number): { x: number; y: number } {
  return { x: (cssX - transform.offsetX) / transform.scale, y: (cssY - transform.offsetY) / transform.scale };
}

export function boardToCss(transform: BoardTransform, point: { x: number; y: number }): { x: number; y: number } {
  return { x: point.x * transform.scale + transform.offsetX, y: point.y * transform.scale + transform.offsetY };
}

/** Zooms by `factor` (held to MIN_ZOOM…MAX_ZOOM) keeping the board point under the CSS point where it is on screen. */
export function zoomAround(view: BoardView, size: CanvasSize, cssX: number, cssY: number, factor: number): BoardView {
  const zoom = clampZoom(view.zoom * factor);
  const anchor = cssToBoard(transformOf(view, size), cssX, cssY);
  const scale = fitScale(size) * zoom;
  return { zoom, centerX: anchor.x - (cssX - size.width / 2) / scale, centerY: anchor.y - (cssY - size.height / 2) / scale };
}

/** Moves what is shown by CSS pixels: the board follows the pointer (dx > 0 brings what lies left into view). */
export function panBy(view: BoardView, size: CanvasSize, dxCss: number, dyCss: number): BoardView {
  const scale = fitScale(size) * view.zoom;
  return { ...view, centerX: view.centerX - dxCss / scale, centerY: view.centerY - dyCss / scale };
}

/** The view that shows `bounds` whole and centred, with `marginCss` CSS pixels around it where the zoom allows. */
export function viewToFit(bounds: BoardBounds, size: CanvasSize, marginCss = 24): BoardView {
  const width = Math.max(1, bounds.maxX - bounds.minX);
  const height = Math.max(1, bounds.maxY - bounds.minY);
  const room = { width: Math.max(1, size.width - 2 * marginCss), height: Math.max(1, size.height - 2 * marginCss) };
  const scale = Math.min(room.width / width, room.height / height);
  return { centerX: (bounds.minX + bounds.maxX) / 2, centerY: (bounds.minY + bounds.maxY) / 2, zoom: clampZoom(scale / fitScale(size)) };
}

/** The board area a view shows on a canvas of `size`. */
export function visibleBounds(view: BoardView, size: CanvasSize): BoardBounds {
  const transform = transformOf(view, size);
  const topLeft = cssToBoard(transform, 0, 0);
  const bottomRight = cssToBoard(transform, size.width, size.height);
  return { minX: topLeft.x, minY: topLeft.y, maxX: bottomRight.x, maxY: bottomRight.y };
}

export const sameView = (a: BoardView, b: BoardView) => a.centerX === b.centerX && a.centerY === b.centerY && a.zoom === b.zoom;

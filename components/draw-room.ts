import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { isRoomId, type User } from '../server/protocol.js';
import { DrawingDocument, type DocumentMessage } from './document.js';
import type { BrushChangeDetail, DrawToolbar } from './draw-toolbar.js';
import './draw-toolbar.js';
import { DEFAULT_WIDTH, randomPaletteColor } from './palette.js';
import { PointerDrawingController, type Brush } from './pointer-drawing.js';
import { randomId } from './random-id.js';
import { BoardRenderer } from './renderer.js';
import { RoomSessionController, type RoomStatus } from './room-session.js';
import { parseIceServers } from './ice-servers.js';

/**
 * A shared drawing board: everyone on the same `room` of the same `server-url` draws together,
 * peer to peer over WebRTC. Without `server-url` it is a local, unshared board.
 *
 * @slot - an optional `<draw-toolbar>`; a default one is shown when none is given.
 * @fires draw-room:connected - {user, roomId} once the room is joined.
 * @fires draw-room:peer-joined - {peer} when a peer's data channel opens.
 * @fires draw-room:peer-left - {peer} when a peer leaves or its connection closes.
 * @fires draw-room:status - {status}: local, connecting, connected, reconnecting or offline.
 * @fires draw-room:error - {message} for anything that went wrong; drawing goes on locally.
 * @csspart board - the area that holds the canvas
 * @csspart canvas - the drawing canvas
 * @csspart status - the status line
 * @cssprop --draw-room-height - height of the element when the page sets none (default 480px)
 * @cssprop --draw-room-surround - colour around the board when its aspect differs (default #e9ecef)
 */
@customElement('draw-room')
export class DrawRoom extends LitElement {
  static override styles = css`
    :host {
      display: flex; flex-direction: column; height: var(--draw-room-height, 480px);
      border: 1px solid #dee2e6; box-sizing: border-box; font: 12px system-ui, sans-serif; contain: content;
    }
    [part='board'] { position: relative; flex: 1; min-height: 0; background: var(--draw-room-surround, #e9ecef); }
    canvas { position: absolute; inset: 0; width: 100%; height: 100%; touch-action: none; cursor: crosshair; }
    [part='status'] { padding: 2px 6px; color: #495057; background: #f8f9fa; border-top: 1px solid #dee2e6; }
  `;

  /** Base URL of the draw-room server, e.g. https://draw.example.com. Absent: a local board. */
  @property({ attribute: 'server-url' }) serverUrl = '';

  /** Room to join. Absent: the room id in the page's URL path, or a new random room. */
  @property() room = '';

  /** Name shown to the other people in the room. */
  @property() username = '';

  /** ICE servers as JSON (attribute) or an array (property). Default: public STUN servers. */
  @property({ attribute: 'ice-servers', converter: { fromAttribute: (value) => parseIceServers(value) } })
  iceServers: RTCIceServer[] | undefined;

  /** The shared drawing (strokes and background). */
  readonly drawing = new DrawingDocument();

  @query('[part="board"]') private board!: HTMLDivElement;
  @query('canvas') private canvas!: HTMLCanvasElement;

  private renderer: BoardRenderer | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private brush: Brush = { color: randomPaletteColor(), width: DEFAULT_WIDTH };
  private readonly generatedRoom = randomId();
  private readonly localAuthor = randomId();

  private readonly session = new RoomSessionController(this, this.drawing, () =>
    this.serverUrl
      ? {
          serverUrl: this.serverUrl,
          roomId: this.roomId,
          username: this.username.trim() || `Guest ${this.localAuthor.slice(0, 4)}`,
          iceServers: this.iceServers ?? DEFAULT_ICE_SERVERS,
        }
      : null,
  );

  private readonly pointer = new PointerDrawingController(this, {
    document: this.drawing,
    toBoard: (x, y) => this.renderer?.toBoard(x, y) ?? { x, y },
    brush: () => this.brush,
    author: () => this.session.user?.id ?? this.localAuthor,
    publish: (message) => this.session.broadcast(message),
  });

  /** The room this element is in: `room`, else the page path's room id, else a generated one. */
  get roomId(): string {
    if (this.room) return this.room;
    const fromPath = location.pathname.split('/').filter(Boolean).pop() ?? '';
    return isRoomId(fromPath) ? fromPath : this.generatedRoom;
  }

  /** Connection state: local, connecting, connected, reconnecting or offline. */
  get status(): RoomStatus {
    return this.session.status;
  }

  /** The signed-in user, once connected. */
  get user(): User | null {
    return this.session.user;
  }

  /** Peers with an open data channel to this element. */
  get peers(): User[] {
    return [...this.session.peers];
  }

  /** Clears the board for everyone in the room. */
  clear(): void {
    this.publish(this.drawing.clear());
  }

  /** Sets the board background for everyone in the room (#rrggbb). */
  setBackground(color: string): void {
    this.publish(this.drawing.setBackground(color));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('draw-toolbar:brush', this.onBrush as EventListener);
    this.addEventListener('draw-toolbar:background', this.onBackground as EventListener);
    this.addEventListener('draw-toolbar:clear', this.onClear);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.renderer?.dispose();
    this.renderer = null;
  }

  protected override firstUpdated(): void {
    this.renderer = new BoardRenderer(this.canvas, this.drawing);
    this.pointer.attach(this.canvas);
    this.resizeObserver = new ResizeObserver(() => this.fitCanvas());
    this.resizeObserver.observe(this.board);
    this.fitCanvas();
    this.drawing.onChange(() => this.syncToolbars());
  }

  private fitCanvas(): void {
    if (!this.renderer || !this.isConnected) return;
    const { width, height } = this.board.getBoundingClientRect();
    this.renderer.resize(width, height, window.devicePixelRatio || 1);
  }

  private publish(message: DocumentMessage): void {
    this.session.broadcast(message);
  }

  private readonly onBrush = (event: CustomEvent<BrushChangeDetail>) => {
    this.brush = { color: event.detail.color, width: event.detail.width };
    this.syncToolbars();
  };

  private readonly onBackground = (event: CustomEvent<{ color: string }>) => this.setBackground(event.detail.color);

  private readonly onClear = () => this.clear();

  private syncToolbars(): void {
    const toolbars = [
      ...this.querySelectorAll('draw-toolbar'),
      ...(this.shadowRoot?.querySelectorAll('draw-toolbar') ?? []),
    ] as DrawToolbar[];
    for (const toolbar of toolbars) {
      toolbar.color = this.brush.color;
      toolbar.width = this.brush.width;
      toolbar.background = this.drawing.background;
    }
  }

  override render() {
    const peers = this.session.peers.length;
    return html`
      <slot @slotchange=${() => this.syncToolbars()}><draw-toolbar></draw-toolbar></slot>
      <div part="board"><canvas part="canvas" aria-label="Drawing board"></canvas></div>
      <div part="status" role="status">
        ${this.session.status === 'connected'
          ? `Connected · ${peers} ${peers === 1 ? 'peer' : 'peers'}`
          : this.session.status === 'local'
            ? 'Local board (no server-url)'
            : `${this.session.status[0]!.toUpperCase()}${this.session.status.slice(1)}…`}
      </div>
    `;
  }
}

const DEFAULT_ICE_SERVERS: RTCIceServer[] = [
  { urls: ['stun:stun.l.google.com:19302', 'stun:global.stun.twilio.com:3478'] },
];

declare global {
  interface HTMLElementTagNameMap {
    'draw-room': DrawRoom;
  }
}

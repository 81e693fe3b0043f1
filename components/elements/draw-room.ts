import { LitElement, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { isRoomId, normalizeUsername, type User } from '../../protocol/signaling.js';
import { BOARD_HEIGHT, BOARD_WIDTH } from '../drawing/board.js';
import { boardToPng, boardToSvg, downloadBlob } from '../render/board-export.js';
import { ClearBoardController } from '../controllers/clear-board.js';
import { drawRoomStyles } from './draw-room.styles.js';
import { DrawingDocument } from '../drawing/document.js';
import './draw-toolbar.js';
import { parseIceServers } from '../network/ice-servers.js';
import { shortcutOf } from '../controllers/keyboard-shortcuts.js';
import { LiveItems } from '../drawing/live-items.js';
import { DEFAULT_FONT_SIZE, DEFAULT_WIDTH, cycleColor, randomPaletteColor } from './palette.js';
import { PointerDrawingController } from '../controllers/pointer-drawing.js';
import type { DrawSettings } from '../drawing/draw-settings.js';
import { mergeParticipants, type Participant } from '../controllers/participants.js';
import { Presence } from '../drawing/presence.js';
import { randomId } from '../../protocol/random-id.js';
import { BoardRenderer } from '../render/renderer.js';
import { RoomSessionController, type RoomStatus } from '../controllers/room-session.js';
import { statusText } from './status-text.js';
import { TextEntryController, type TextSpot } from '../controllers/text-entry.js';
import { ToolbarLinkController } from '../controllers/toolbar-link.js';

/**
 * A shared drawing board: everyone on the same `room` of the same `server-url` draws together,
 * peer to peer over WebRTC. Without `server-url` it is a local, unshared board.
 *
 * @slot - an optional `<draw-toolbar>`; a default one is shown when none is given.
 * @fires draw-room:connected - {user, roomId} once the room is joined.
 * @fires draw-room:peer-joined - {peer} when a peer's data channel opens.
 * @fires draw-room:peer-left - {peer} when a peer leaves or its connection closes.
 * @fires draw-room:participants - {participants} when someone arrives, leaves, renames or becomes (un)reachable.
 * @fires draw-room:status - {status, reason}: local, connecting, connected, reconnecting (signaling dropped; peer
 *   connections may still carry the drawing), offline (the browser has no network) or refused (the server
 *   refused this board for a reason retrying cannot fix: `reason` says it in words).
 * @fires draw-room:error - {message} for anything that went wrong; drawing goes on locally.
 * @csspart board - the area that holds the canvases
 * @csspart canvas - the drawing canvas
 * @csspart text-input - the field for typing text on the board
 * @csspart status - the status line
 * @csspart confirm-clear - the dialog asking before a clear wipes other people's work
 * @cssprop --draw-room-height - height of the element when the page sets none (default 480px)
 * @cssprop --draw-room-surround - colour around the board when its aspect differs (default #e9ecef)
 */
@customElement('draw-room')
export class DrawRoom extends LitElement {
  static override styles = drawRoomStyles;

  /** Base URL of the draw-room server, e.g. https://draw.example.com. Absent: a local board. */
  @property({ attribute: 'server-url' }) serverUrl = '';

  /** Room to join. Absent: the room id in the page's URL path, or a new random room. */
  @property() room = '';

  /** Name shown to the other people in the room. */
  @property() username = '';

  /** ICE servers as JSON (attribute) or an array (property). Default: public STUN servers. */
  @property({ attribute: 'ice-servers', converter: { fromAttribute: (value) => parseIceServers(value) } })
  iceServers: RTCIceServer[] | undefined;

  /** The shared drawing: items (strokes, shapes, text) and the board background. */
  readonly drawing = new DrawingDocument();

  @query('[part="board"]') private board!: HTMLDivElement;
  @query('canvas.committed') private boardCanvas!: HTMLCanvasElement;
  @query('canvas.live') private liveCanvas!: HTMLCanvasElement;

  private renderer: BoardRenderer | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private settings: DrawSettings = { tool: 'pen', color: randomPaletteColor(), width: DEFAULT_WIDTH, fontSize: DEFAULT_FONT_SIZE };
  private readonly generatedRoom = randomId();
  private readonly localAuthor = randomId();
  /** Every id this person drew under: the local one, then each the server gave (a new one after a lost token). */
  private readonly ownAuthors = new Set([this.localAuthor]);
  /** Where the pointer last was on the board: keyboard text goes there. */
  private lastPointer: { x: number; y: number } | null = null;
  private announcedParticipants = '';
  private readonly live = new LiveItems();
  private readonly presence = new Presence(this.drawing.ydoc, () => this.onPresenceChange());

  private readonly session = new RoomSessionController(this, {
    document: this.drawing,
    awareness: this.presence.awareness,
    live: this.live,
    config: () =>
      this.serverUrl
        ? { serverUrl: this.serverUrl, roomId: this.roomId, username: this.displayName, iceServers: this.iceServers ?? DEFAULT_ICE_SERVERS }
        : null,
    // Painted at once, not on the next frame: a peer's stroke shows as soon as its points arrive.
    onLiveChange: () => this.renderer?.paintLive(),
    onMembersChanged: () => this.announceParticipants(),
  });

  private readonly pointer = new PointerDrawingController(this, {
    document: this.drawing,
    live: this.live,
    toBoard: (x, y) => this.renderer?.toBoard(x, y) ?? { x, y },
    settings: () => this.settings,
    author: () => this.session.user?.id ?? this.localAuthor,
    sendLive: (message) => this.session.sendLive(message),
    // Points are flushed once per animation frame, so painting at once paints once a frame.
    onLiveChange: () => this.renderer?.paintLive(),
    onTextRequest: (board, cssPoint) => void this.textEntry.open({ board, css: cssPoint }),
    onCursor: (point) => {
      if (point) this.lastPointer = point;
      this.presence.setCursor(point);
    },
  });

  private readonly textEntry = new TextEntryController(this, {
    commit: (spot, text) => this.placeText(spot, text),
    keepsTyping: (target) => target === this.board,
    onClosed: () => this.board.focus(),
  });

  private readonly toolbars = new ToolbarLinkController(this, {
    settings: () => this.settings,
    changeSettings: (settings) => this.changeSettings(settings),
    setBackground: (color) => this.setBackground(color),
    clear: () => void this.clearBoard.request(),
    restore: () => this.restoreCleared(),
    undo: () => this.undo(),
    redo: () => this.redo(),
    download: (format) => void this.download(format),
    board: () => ({ background: this.drawing.background, restorable: this.drawing.restorableClear?.count ?? 0 }),
  });

  private readonly clearBoard = new ClearBoardController(this, {
    document: this.drawing,
    ownAuthors: () => this.ownAuthors,
    clearedBy: () => this.displayName,
  });

  /** The room this element is in: `room`, else the page path's room id, else a generated one. */
  get roomId(): string {
    if (this.room) return this.room;
    const fromPath = location.pathname.split('/').filter(Boolean).pop() ?? '';
    return isRoomId(fromPath) ? fromPath : this.generatedRoom;
  }

  /** Connection state: local, connecting, connected, reconnecting, offline or refused. */
  get status(): RoomStatus {
    return this.session.status;
  }

  /** Why the status is what it is, in words (set when refused): "This room is full (16 people)". */
  get statusReason(): string {
    return this.session.statusReason;
  }

  /** The name the others see: `username`, or the generated "Guest xxxx" when it is empty. */
  get displayName(): string {
    // The form the server issues: others see the same name whether it came by token or by presence.
    return normalizeUsername(this.username) || `Guest ${this.localAuthor.slice(0, 4)}`;
  }

  /** The signed-in user, once connected. */
  get user(): User | null {
    return this.session.user;
  }

  /** Peers with an open data channel to this element. */
  get peers(): User[] {
    return [...this.session.peers];
  }

  /**
   * Everyone in the room, this user included: name, colour and `state` (self, connecting, connected or
   * unreachable), including members no data channel reaches yet.
   */
  get participants(): Participant[] {
    return mergeParticipants(this.presence.participants, this.session.members);
  }

  /** Clears the board for everyone in the room, without asking (the toolbar's button asks first). Undoable. */
  clear(): void {
    this.drawing.beginAction();
    this.drawing.clear(this.displayName);
  }

  /** Puts back what the last clear removed, if nothing of it is on the board again. Anyone in the room can. */
  restoreCleared(): void {
    this.drawing.beginAction();
    this.drawing.restoreClear();
  }

  /** Sets the board background for everyone in the room (#rrggbb). */
  setBackground(color: string): void {
    this.drawing.beginAction();
    this.drawing.setBackground(color);
  }

  /** Undoes this user's last change; other people's changes are never undone. */
  undo(): void {
    this.drawing.undo();
  }

  redo(): void {
    this.drawing.redo();
  }

  /** The board as a PNG image at board resolution (1600 × 1000) times `scale`. */
  toPNG(scale = 1): Promise<Blob> {
    return boardToPng(this.drawing.items, this.drawing.background, scale);
  }

  /** The board as an SVG document. */
  toSVG(): string {
    return boardToSvg(this.drawing.items, this.drawing.background);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.presence.start();
    // Moved elsewhere in the page (frameworks do): the board was taken down on disconnect, set it up again.
    if (this.hasUpdated && !this.renderer) this.setUpBoard();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.renderer?.dispose();
    this.renderer = null;
    this.presence.stop();
  }

  protected override firstUpdated(): void {
    this.setUpBoard();
    this.drawing.onChange(() => this.toolbars.sync());
    this.toolbars.sync();
    this.announceSelf();
  }

  /** Renderer, pointer input and size tracking: made when first rendered and again after a move in the page. */
  private setUpBoard(): void {
    this.renderer = new BoardRenderer(this.boardCanvas, this.liveCanvas, this.drawing, {
      liveItems: () => this.live.all(),
      cursors: () => this.presence.cursors,
    });
    this.pointer.attach(this.liveCanvas);
    this.resizeObserver = new ResizeObserver(() => this.fitCanvas());
    this.resizeObserver.observe(this.board);
    this.fitCanvas();
  }

  protected override updated(): void {
    this.announceSelf();
  }

  /** Name, colour and user id to the others (presence): a rename reaches them without touching a connection. */
  private announceSelf(): void {
    const userId = this.session.user?.id ?? null;
    if (userId) this.ownAuthors.add(userId);
    this.presence.setUser(this.displayName.slice(0, 32), this.settings.color, userId);
  }

  private fitCanvas(): void {
    if (!this.renderer || !this.isConnected) return;
    const { width, height } = this.board.getBoundingClientRect();
    this.renderer.resize(width, height, window.devicePixelRatio || 1);
  }

  private onPresenceChange(): void {
    this.renderer?.requestLivePaint();
    this.announceParticipants();
  }

  /** `draw-room:participants` when the list really changed (presence also changes with every cursor move). */
  private announceParticipants(): void {
    const participants = this.participants;
    const key = JSON.stringify(participants);
    if (key === this.announcedParticipants) return;
    this.announcedParticipants = key;
    this.requestUpdate();
    this.dispatchEvent(new CustomEvent('draw-room:participants', { detail: { participants }, bubbles: true, composed: true }));
  }

  private changeSettings(settings: DrawSettings): void {
    this.settings = settings;
    this.toolbars.sync();
    this.requestUpdate();
  }

  private async download(format: 'png' | 'svg'): Promise<void> {
    const blob = format === 'svg' ? new Blob([this.toSVG()], { type: 'image/svg+xml' }) : await this.toPNG();
    downloadBlob(blob, `draw-room-${this.roomId}.${format}`);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.textEntry.active || event.target !== this.board) return;
    const shortcut = shortcutOf(event);
    if (!shortcut) return;
    event.preventDefault();
    if (shortcut === 'undo' || shortcut === 'redo') return this[shortcut]();
    if (shortcut === 'type-text') return void this.textEntry.open(this.keyboardTextSpot());
    this.changeSettings({ ...this.settings, color: cycleColor(this.settings.color, shortcut === 'next-color' ? 1 : -1) });
  }

  /** Where Enter puts text: the last pointer position on the board, else its centre. */
  private keyboardTextSpot(): TextSpot {
    const board = this.lastPointer ?? { x: BOARD_WIDTH / 2, y: BOARD_HEIGHT / 2 };
    const { scale, offsetX, offsetY } = this.renderer?.boardTransform ?? { scale: 1, offsetX: 0, offsetY: 0 };
    return { board, css: { x: board.x * scale + offsetX, y: board.y * scale + offsetY } };
  }

  /** The board takes focus when pressed, but not from a text field that press just opened. */
  private onBoardPointerDown(): void {
    if (!this.textEntry.active) this.board.focus();
  }

  private placeText(spot: TextSpot, text: string): void {
    this.drawing.beginAction();
    this.drawing.addItem({
      id: randomId(),
      author: this.session.user?.id ?? this.localAuthor,
      kind: 'text',
      color: this.settings.color,
      width: 1,
      x: spot.board.x,
      y: spot.board.y,
      text,
      fontSize: this.settings.fontSize,
    });
  }

  override render() {
    const scale = this.renderer?.boardTransform.scale ?? 1;
    const { tool, color, width, fontSize } = this.settings;
    return html`
      <slot @slotchange=${() => this.toolbars.sync()}>
        <draw-toolbar .tool=${tool} .color=${color} .width=${width} .fontSize=${fontSize}></draw-toolbar>
      </slot>
      <div part="board" tabindex="0" role="group" aria-label="Drawing board" aria-describedby="board-hint"
        @keydown=${this.onKeyDown} @pointerdown=${this.onBoardPointerDown}>
        <span id="board-hint" class="hint">Press Enter to type text on the board, Escape to cancel it. Ctrl+Z undoes.</span>
        <canvas class="committed" part="canvas" aria-hidden="true"></canvas>
        <canvas class="live" aria-hidden="true"></canvas>
        ${this.textEntry.render({ color, fontSize, scale })}
      </div>
      ${this.clearBoard.render()}
      <div part="status" role="status">
        ${statusText(this.session.status, this.session.statusReason, this.session.peers.length, this.participants)}
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

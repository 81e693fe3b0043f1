import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { USERNAME_MAX_LENGTH, isRoomId, normalizeUsername, type Member, type User } from '../../protocol/signaling.js';
import { boardToPng, boardToSvg, downloadBlob, type ExportFormat } from '../render/board-export.js';
import { BoardStorageController, DEFAULT_PERSIST, parsePersist, type Persist } from '../controllers/board-storage.js';
import { AnnouncementsController } from '../controllers/announcements.js';
import { BOARD_CONTENTS_ID, BoardDescriptionController } from '../controllers/board-description.js';
import { BoardKeysController } from '../controllers/board-keys.js';
import { BoardNavigationController } from '../controllers/board-navigation.js';
import { BoardViewController } from '../controllers/board-view.js';
import { ClearBoardController } from '../controllers/clear-board.js';
import { CursorLayerController } from '../controllers/cursor-layer.js';
import { cursorLayerStyles } from './cursor-layer.styles.js';
import { HistoryPanelController } from '../controllers/history-panel.js';
import { DEFAULT_TOOLBAR_PARTS, drawRoomStyles } from './draw-room.styles.js';
import { DEFAULT_THEME, parseTheme, type Theme } from './theme.js';
import { DrawingDocument } from '../drawing/document.js';
import { readOnlyView, type DrawingView } from './drawing-view.js';
import { emit } from './events.js';
import { participantList } from './participant-list.js';
import { participantListStyles } from './participant-list.styles.js';
import { FollowViewController } from '../controllers/follow-view.js';
import './draw-toolbar.js';
import { parseIceServers } from '../network/ice-servers.js';
import { LiveItems } from '../drawing/live-items.js';
import { DEFAULT_FONT_SIZE, DEFAULT_WIDTH, cycleColor, randomPaletteColor } from './palette.js';
import { PointerDrawingController } from '../controllers/pointer-drawing.js';
import { SelectToolController } from '../controllers/select-tool.js';
import { isShapeTool, type DrawSettings } from '../drawing/draw-settings.js';
import { SHAPE_WORDS, keyboardShape } from '../drawing/keyboard-shapes.js';
import { mergeParticipants, type Participant } from '../controllers/participants.js';
import { Presence } from '../drawing/presence.js';
import { randomId } from '../../protocol/random-id.js';
import { RoomSessionController, type RoomStatus } from '../controllers/room-session.js';
import { statusText } from './status-text.js';
import { TextEntryController, type TextSpot } from '../controllers/text-entry.js';
import { ToolbarLinkController } from '../controllers/toolbar-link.js';
import { UnsyncedGuardController } from '../controllers/unsynced-guard.js';
import type { ViewShortcut } from '../controllers/keyboard-shortcuts.js';

/** How far one press of + or − zooms. */
const ZOOM_STEP = 1.25;
/** How to use the board from the keyboard, in short: the rest is in each button's tooltip and the README. */
const BOARD_HINT =
  'Enter types a text, or adds the current shape. V selects: Enter picks the newest item, Tab the next, arrows move it, Escape lets go. ' +
  'Plus and minus zoom, Shift+1 shows everything. Ctrl+Z undoes.';

/**
 * A shared drawing board: everyone on the same `room` of the same `server-url` draws together,
 * peer to peer over WebRTC. Without `server-url` it is a local, unshared board.
 *
 * Events bubble and cross shadow roots; their types are in `events.ts` (`DrawRoomEventMap`), so a listener gets a
 * typed `detail` without a cast.
 *
 * @slot - an optional `<draw-toolbar>`; a default one is shown when none is given.
 * @dependency draw-toolbar
 * @attr {'local' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused'} status - reflects the
 *   read-only `status` property, so a page can style `draw-room[status=offline]`; setting it changes nothing.
 * @fires {CustomEvent<{ user: { id: string; userId: string; username: string }; roomId: string }>} draw-room-connected - once the room
 *   is joined (and again under a new identity after the last token expired).
 * @fires {CustomEvent<{ peer: { id: string; username: string } }>} draw-room-peer-joined - a peer's data channel opened.
 * @fires {CustomEvent<{ peer: { id: string; username: string } }>} draw-room-peer-left - a peer left or its connection
 *   closed.
 * @fires {CustomEvent<{ participants: Array<{ clientId: number | null; userId: string | null; name: string; color: string; local: boolean; state: 'self' | 'direct' | 'turn' | 'relay' | 'connecting' | 'unreachable' }> }>} draw-room-participants -
 *   the list of participants changed: someone arrived, left, changed name or colour, or the way the drawing
 *   reaches them changed: a data channel between the browsers (`direct`) or through a TURN server (`turn`), the
 *   server relay (`relay`), not yet (`connecting`) or not for a while (`unreachable`). Not on cursor moves.
 * @fires {CustomEvent<{ status: 'local' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused'; reason: string }>} draw-room-status -
 *   `status` changed: local, connecting, connected, reconnecting (signaling dropped; peer connections may still
 *   carry the drawing), offline (the browser has no network) or refused (the server refused this board for a
 *   reason retrying cannot fix: `reason` says it in words).
 * @fires {CustomEvent<{ message: string }>} draw-room-error - anything that went wrong (a refused peer message, a
 *   failed relay); drawing goes on locally.
 * @fires {CustomEvent<{ count: number }>} draw-room-unsynced - `unsyncedChanges` moved: `count` changes made on this
 *   page have reached no peer yet (0: everything has).
 * @fires {CustomEvent<Record<PropertyKey, never>>} draw-room-change - the board changed, here or at a peer (at most
 *   once a second, within a second of the change): call `snapshot()` to keep a copy of your own.
 * @csspart board - the area that holds the canvases
 * @csspart canvas - the drawing canvas
 * @csspart text-input - the field for typing text on the board
 * @csspart status - the status line
 * @csspart encryption - says whether what crosses the server is end-to-end encrypted (a room key is in use)
 * @csspart confirm-clear - the dialog asking before a clear wipes other people's work
 * @csspart history - the History dialog: the board's saved versions on the server
 * @csspart history-version - each saved version in the History dialog (pressed: the one previewed)
 * @csspart history-preview - the picture of the version previewed
 * @csspart history-restore - the button that restores the version previewed
 * @csspart participants - the list of people on the board, in the status bar (with a server)
 * @csspart participant - each person in it: their initials in their presence colour (a button, pressed while followed)
 * @csspart cursor - each other person's cursor over the board: an arrow in their presence colour, with a white and a dark
 *   rim, its tip on their pointer; it sets `--cursor-color` (theirs) and `--cursor-text-color` (black or white, whichever
 *   reads on it) for its own rules and a page's. Moved with `translate`: a `transform` adds to it, from the tip
 * @csspart cursor-label - the name beside a cursor, on a pill of their colour; it flips left or up near the board's edges
 * @cssprop [--draw-room-height=480px] - height of the element when the page sets none
 * @csspart toolbar - the default toolbar's bar; its controls are the parts below (a slotted `<draw-toolbar>` has
 *   the same ones, `history` for `history-button`: style it directly)
 * @csspart tool - each tool button of the default toolbar (pressed: the current tool)
 * @csspart fill - the default toolbar's toggle that fills rectangles and ellipses
 * @csspart dash - the default toolbar's toggle that dashes strokes, outlines and lines
 * @csspart more - the compact toolbar's "More" button (a widget under 480 px wide)
 * @csspart more-menu - the compact toolbar's "More" pop-up
 * @csspart palette-button - the default toolbar's button that opens the palette
 * @csspart palette - the palette pop-up
 * @csspart swatch - each colour swatch in it
 * @csspart custom-color - the colour picker for any colour
 * @csspart width - the stroke width's field
 * @csspart font-size - the font size's field
 * @csspart background - the board background's colour picker
 * @csspart undo - the undo button
 * @csspart redo - the redo button
 * @csspart export-png - the button that downloads a PNG
 * @csspart export-svg - the button that downloads an SVG
 * @csspart clear - the clear button
 * @csspart restore - the button that puts back what the last clear removed
 * @csspart history-button - the button that opens the History dialog
 * @cssprop [--draw-room-surround=#e9ecef] - the board area before the board is first painted (dark theme: #101113)
 * @cssprop [--draw-room-border=#dee2e6] - the widget's frame and the lines between its bars, pop-ups and dialogs (dark theme: #373a40)
 * @cssprop [--draw-room-text=#212529] - the toolbar's labels (dark theme: #e9ecef)
 * @cssprop [--draw-room-toolbar-background=#f8f9fa] - the toolbar (dark theme: #25262b)
 * @cssprop [--draw-room-button-background=#ffffff] - buttons and fields (width, font size, colour pickers) (dark theme: #2c2e33)
 * @cssprop [--draw-room-button-text=#212529] - the text of buttons and fields (dark theme: #e9ecef)
 * @cssprop [--draw-room-button-border=#868e96] - the edges of buttons and fields (dark theme: #909296)
 * @cssprop [--draw-room-button-hover-background=#e9ecef] - a button under the mouse (dark theme: #373a40)
 * @cssprop [--draw-room-pressed-background=#212529] - a pressed button: the current tool, the version previewed (dark theme: #e9ecef)
 * @cssprop [--draw-room-pressed-text=#ffffff] - the text of a pressed button (dark theme: #1a1b1e)
 * @cssprop [--draw-room-status-background=#f8f9fa] - the status bar (dark theme: #1a1b1e)
 * @cssprop [--draw-room-status-text=#495057] - the text of the status bar (dark theme: #c1c2c5)
 * @cssprop [--draw-room-dialog-background=#ffffff] - dialogs (clear, History) and the palette pop-up (dark theme: #25262b)
 * @cssprop [--draw-room-dialog-text=#212529] - the text of dialogs (dark theme: #e9ecef)
 * @cssprop [--draw-room-focus-ring=#1c7ed6] - the focus ring of controls (dark theme: #4dabf7)
 * @cssprop [--draw-room-board-focus-ring=#1c7ed6] - the focus ring drawn inside the board (the board's own colour is not themed) (dark theme: #1c7ed6)
 * @cssprop [--draw-room-link-direct=#2b8a3e] - a person's link badge in the status bar: reached directly (a dot), or through TURN (a ringed dot) (dark theme: #51cf66)
 * @cssprop [--draw-room-link-turn=#1971c2] - the ring of the link badge of someone reached through a TURN server (dark theme: #4dabf7)
 * @cssprop [--draw-room-link-relay=#d9480f] - the link badge of someone reached through the server (a square) (dark theme: #ff922b)
 * @cssprop [--draw-room-link-connecting=#868e96] - the link badge of someone still connecting (a hollow ring) (dark theme: #909296)
 * @cssprop [--draw-room-link-unreachable=#c92a2a] - the link badge of someone who can't be reached (a diamond) (dark theme: #ff6b6b)
 */
@customElement('draw-room')
export class DrawRoom extends LitElement {
  static override styles = [drawRoomStyles, participantListStyles, cursorLayerStyles];

  /** Base URL of the draw-room server, e.g. https://draw.example.com. Absent: a local board. */
  @property({ attribute: 'server-url' }) serverUrl = '';

  /** Room to join. Absent: the room id in the page's URL path, or a new random room. */
  @property() room = '';

  /** Name shown to the other people in the room. */
  @property() username = '';

  /**
   * The room key (base64url of at least 16 random bytes, as in a room link's `#key=`): everything that crosses
   * the server (signaling, relayed drawing) is sealed under it, and the server can neither read it nor put itself
   * between peers. Absent: the board works unencrypted and says so. Keep it out of any URL the server sees.
   */
  @property({ attribute: 'room-key' }) roomKey = '';

  /**
   * Where the board is kept beyond the page: `none` nowhere (a reload starts empty, unless peers hold it), `local` on
   * this device (IndexedDB, one database per server, room and key), `server` (default) on the device and on the
   * server, sealed under the room key (like `local` when the server keeps no boards).
   */
  @property({ converter: { fromAttribute: (value) => parsePersist(value) } }) persist: Persist = DEFAULT_PERSIST;

  /**
   * The widget's look: `light`, `dark`, or `auto` (default), which follows the page's `prefers-color-scheme` as it
   * changes. The toolbar follows, slotted or not. Reflected to the `theme` attribute, so a page can style
   * `draw-room[theme=dark]`; any other value is `auto`, with a console warning. Every colour is a `--draw-room-…`
   * custom property.
   */
  @property({ reflect: true, converter: { fromAttribute: (value) => parseTheme(value) } }) theme: Theme = DEFAULT_THEME;

  /** ICE servers as JSON (attribute) or an array (property). Default: the server's (GET /ice-servers), renewed before they expire. */
  @property({ attribute: 'ice-servers', converter: { fromAttribute: (value) => parseIceServers(value) } })
  iceServers: RTCIceServer[] | undefined;

  /** The shared document itself; pages see the read-only `drawing`, and change it through this element's methods. */
  private readonly drawingDocument = new DrawingDocument();

  /** The shared drawing, to read: `items` (strokes, shapes, text, bottom first) and `background` (#rrggbb). */
  readonly drawing: DrawingView = readOnlyView(this.drawingDocument);

  @query('[part="board"]') private board!: HTMLDivElement;
  @query('canvas.committed') private boardCanvas!: HTMLCanvasElement;
  @query('canvas.live') private liveCanvas!: HTMLCanvasElement;

  private settings: DrawSettings = { tool: 'pen', color: randomPaletteColor(), width: DEFAULT_WIDTH, fontSize: DEFAULT_FONT_SIZE };
  private readonly generatedRoom = randomId();
  private readonly localAuthor = randomId();
  /** Every id this person drew under: the local one, then each the server gave (a new one after a lost token). */
  private readonly ownAuthors = new Set([this.localAuthor]);
  private announcedParticipants = '';
  private readonly live = new LiveItems();
  private readonly presence = new Presence(this.drawingDocument.ydoc, () => this.onPresenceChange());

  private readonly view = new BoardViewController(this, {
    document: this.drawingDocument,
    elements: () => ({ board: this.board, committed: this.boardCanvas, live: this.liveCanvas }),
    liveItems: () => this.live.all(),
    moving: () => this.selectTool.moving(),
    paintOverlay: (context, unit) => this.selectTool.paintOverlay(context, unit),
    onSetUp: (liveCanvas) => {
      this.navigation.attach(this.board, liveCanvas);
      this.pointer.attach(liveCanvas);
      this.selectTool.attach(liveCanvas);
    },
    onViewChange: () => {
      // The text field's size follows the zoom; the cursors move with the board.
      this.requestUpdate();
      this.cursorLayer.requestUpdate();
      // Others may follow this view; one shown from the person followed is theirs, never sent back as this user's.
      if (!this.follow.applying) this.presence.setView(this.view.current);
    },
    onResize: () => this.cursorLayer.requestUpdate(),
  });

  /** Other people's cursors, elements over the board: they move on their own, without rendering this template. */
  private readonly cursorLayer = new CursorLayerController(this, {
    cursors: () => this.presence.cursors,
    toCss: (point) => this.view.toCss(point),
    boardSize: () => this.view.cssSize,
  });

  /** Wheel, Ctrl+wheel, Space+drag and middle-drag move this page's view: never anyone else's, never a line drawn. */
  private readonly navigation = new BoardNavigationController(this, {
    zoomBy: (factor, around) => {
      this.follow.stop();
      this.view.zoomBy(factor, around);
    },
    panBy: (dx, dy) => {
      this.follow.stop();
      this.view.panBy(dx, dy);
    },
    cancelDrawing: () => {
      this.pointer.cancel();
      this.selectTool.cancelDrag();
    },
  });

  private readonly session = new RoomSessionController(this, {
    document: this.drawingDocument,
    awareness: this.presence.awareness,
    live: this.live,
    config: () =>
      this.serverUrl
        ? { serverUrl: this.serverUrl, roomId: this.roomId, username: this.displayName, iceServers: this.iceServers, roomKey: this.roomKey || undefined, keepOnServer: this.persist === 'server' }
        : null,
    onLiveChange: () => this.view.paintLive(),
    onMembersChanged: () => this.announceParticipants(),
    onConnected: (user, roomId) => emit(this, 'draw-room-connected', { user, roomId }),
    onPeerJoined: (peer) => emit(this, 'draw-room-peer-joined', { peer }),
    onPeerLeft: (peer) => emit(this, 'draw-room-peer-left', { peer }),
    onStatusChange: (status, reason) => emit(this, 'draw-room-status', { status, reason }),
    onError: (message) => this.reportError(message),
    onUnsyncedChange: () => {
      this.requestUpdate();
      this.unsynced.check();
    },
  });

  /** Runs on the host's hooks alone (nothing calls it): keeps the board on the device, sends `draw-room-change`. */
  protected readonly storage = new BoardStorageController(this, {
    document: this.drawingDocument,
    place: () => ({ persist: this.persist, serverUrl: this.serverUrl, roomId: this.roomId, roomKey: this.roomKey || undefined }),
    onChange: () => emit(this, 'draw-room-change'),
    onError: (message) => this.reportError(message),
  });

  private readonly unsynced = new UnsyncedGuardController(this, {
    count: () => this.unsyncedChanges,
    onChange: (count) => emit(this, 'draw-room-unsynced', { count }),
  });

  private readonly pointer = new PointerDrawingController(this, {
    document: this.drawingDocument,
    live: this.live,
    toBoard: (x, y) => this.view.toBoard(x, y),
    panning: (event) => this.navigation.claims(event),
    settings: () => this.settings,
    author: () => this.session.user?.id ?? this.localAuthor,
    sendLive: (message) => this.session.sendLive(message),
    // Points are flushed once per animation frame, so painting at once paints once a frame.
    onLiveChange: () => this.view.paintLive(),
    onTextRequest: (board, cssPoint) => void this.textEntry.open({ board, css: cssPoint }),
    onCursor: (point) => {
      this.keys.pointerMoved(point);
      this.presence.setCursor(point);
    },
  });

  /** The select tool (V): select, move, resize, turn, copy, paste, duplicate, nudge and delete items. */
  private readonly selectTool: SelectToolController = new SelectToolController(this, {
    document: this.drawingDocument,
    live: this.live,
    active: () => this.settings.tool === 'select',
    toBoard: (x, y) => this.view.toBoard(x, y),
    unit: (): number => 1 / this.view.transform.scale,
    panning: (event) => this.navigation.claims(event),
    sendLive: (message) => this.session.sendLive(message),
    onLiveChange: () => this.view.paintLive(),
    author: () => this.session.user?.id ?? this.localAuthor,
    announce: (text) => this.announcements.tell(text),
    pickSelectTool: () => this.changeSettings({ ...this.settings, tool: 'select' }),
  });

  private readonly textEntry = new TextEntryController(this, {
    commit: (spot, text) => this.placeText(spot, text),
    keepsTyping: (target) => target === this.board,
    onClosed: () => this.board.focus(),
  });

  private readonly keys = new BoardKeysController(this, {
    board: () => this.board,
    typing: () => this.textEntry.active,
    openText: (spot) => {
      this.follow.stop();
      void this.textEntry.open(spot);
    },
    undo: () => this.undo(),
    redo: () => this.redo(),
    stepColor: (step) => this.changeSettings({ ...this.settings, color: cycleColor(this.settings.color, step) }),
    pickTool: (tool) => this.changeSettings({ ...this.settings, tool }),
    toCss: (board) => this.view.toCss(board),
    viewCentre: () => this.view.centre,
    moveView: (shortcut) => this.moveView(shortcut),
    selectionKey: (event) => this.selectTool.key(event),
    addShape: (at) => this.addShapeAt(at),
  });

  private readonly toolbars = new ToolbarLinkController(this, {
    settings: () => this.settings,
    changeSettings: (settings) => this.changeSettings(settings),
    setBackground: (color) => this.setBackground(color),
    clear: () => void this.clearBoard.request(),
    restore: () => this.restoreCleared(),
    history: () => void this.historyPanel.open(),
    undo: () => this.undo(),
    redo: () => this.redo(),
    download: (format) => void this.download(format),
    board: () => ({
      background: this.drawingDocument.background,
      restorable: this.drawingDocument.restorableClear?.count ?? 0,
      // Shown whenever the board is meant to be kept on the server, connected or not: the toolbar keeps its layout.
      history: Boolean(this.serverUrl) && this.persist === 'server',
    }),
  });

  private readonly historyPanel = new HistoryPanelController(this, {
    versions: () => this.session.savedVersions,
    whyNone: () =>
      this.status === 'connected'
        ? 'This server keeps no boards, so this one has no saved versions.'
        : 'The server cannot be reached right now: its saved versions show once it is back.',
    restore: async (version) => {
      // The board as it is now stays restorable too: a restore is as undoable for the others as for its author.
      await this.session.keepVersion();
      this.drawingDocument.restoreVersion(version, this.displayName);
    },
  });

  /** Following someone's view, picked in the participant list. */
  private readonly follow = new FollowViewController(this, {
    viewOf: (clientId) => this.presence.viewOf(clientId),
    show: (view) => this.view.showView(view),
    onChange: () => {
      this.requestUpdate();
      // Following ended: what this page shows is this user's own again, for anyone following them.
      if (this.follow.leader === null) this.presence.setView(this.view.current);
    },
  });

  /** What is on the board in words: the board's accessible description. */
  private readonly description = new BoardDescriptionController(this, this.drawingDocument);

  /** Who joined or left, and others' clears and restores, told to screen readers politely. */
  private readonly announcements = new AnnouncementsController(this, {
    document: this.drawingDocument,
    arrivedAfterMe: (clientId) => this.presence.arrivedAfterMe(clientId),
  });

  private readonly clearBoard = new ClearBoardController(this, {
    document: this.drawingDocument,
    ownAuthors: () => this.ownAuthors,
    clearedBy: () => this.displayName,
    keepVersion: () => this.session.keepVersion(),
  });

  /** The room this element is in: `room`, else the page path's room id, else a generated one. */
  get roomId(): string {
    if (this.room) return this.room;
    const fromPath = location.pathname.split('/').filter(Boolean).pop() ?? '';
    return isRoomId(fromPath) ? fromPath : this.generatedRoom;
  }

  /**
   * Connection state: local, connecting, connected, reconnecting, offline or refused. Reflected to the `status`
   * attribute, so a page can style `draw-room[status=offline]`.
   */
  get status(): RoomStatus {
    return this.session.status;
  }

  /** Why the status is what it is, in words (set when refused): "This room is full (32 people)". */
  get statusReason(): string {
    return this.session.statusReason;
  }

  /** The name the others see: `username`, or the generated "Guest xxxx" when it is empty. */
  get displayName(): string {
    // The form the server issues: others see the same name whether it came by token or by presence.
    return normalizeUsername(this.username) || `Guest ${this.localAuthor.slice(0, 4)}`;
  }

  /** True while a room key seals everything that crosses the server (`room-key` set, and the board not refused). */
  get encrypted(): boolean {
    return this.session.encrypted;
  }

  /**
   * This board in its room, once connected: `id` is its member id (what the others' `peers` and `participants`
   * list it by), `userId` the browser's signaling user, shared by every board of every tab of this browser.
   */
  get user(): Member | null {
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

  /**
   * Changes made on this page that no peer has shown it holds yet (a peer's state vector and delete set cover them).
   * While there are any, the status line says so and closing the page asks first. A board without `server-url`
   * shares with no one: 0.
   */
  get unsyncedChanges(): number {
    return this.session.unsyncedChanges;
  }

  /** The whole board as bytes (a Yjs update), for `load()` here or in another room, or to keep a copy of your own. */
  snapshot(): Uint8Array {
    return this.drawingDocument.snapshot();
  }

  /**
   * Merges a `snapshot()` into the board for everyone in the room, as one change that `undo()` takes back. What the
   * board already holds is not doubled. Throws on bytes that are not a snapshot.
   */
  load(snapshot: Uint8Array): void {
    this.drawingDocument.load(snapshot);
  }

  /** Clears the board for everyone in the room, without asking (the toolbar's button asks first). Undoable. */
  clear(): void {
    this.drawingDocument.beginAction();
    this.drawingDocument.clear(this.displayName);
  }

  /** Puts back what the last clear removed, if nothing of it is on the board again. Anyone in the room can. */
  restoreCleared(): void {
    this.drawingDocument.beginAction();
    this.drawingDocument.restoreClear(this.displayName);
  }

  /** Sets the board background for everyone in the room (#rrggbb). */
  setBackground(color: string): void {
    this.drawingDocument.beginAction();
    this.drawingDocument.setBackground(color);
  }

  /** Undoes this user's last change; other people's changes are never undone. */
  undo(): void {
    this.drawingDocument.undo();
  }

  /** Redoes what this user last undid. */
  redo(): void {
    this.drawingDocument.redo();
  }

  /**
   * The board as a PNG image at board resolution times `scale`: the 1600 × 1000 home area, or everything drawn
   * with a margin once anything lies outside it.
   */
  toPNG(scale = 1): Promise<Blob> {
    return boardToPng(this.drawingDocument.items, this.drawingDocument.background, scale);
  }

  /** The board as an SVG document, covering what `toPNG()` covers. */
  toSVG(): string {
    return boardToSvg(this.drawingDocument.items, this.drawingDocument.background);
  }

  /** @internal — for tests: closes every peer connection, as a network failure would; they are restored. */
  breakPeerConnections(): void {
    this.session.breakPeerConnections();
  }

  /** @internal — for tests: the open data channels to peers, so a test can play a peer that sends garbage. */
  openDataChannels(): RTCDataChannel[] {
    return this.session.openDataChannels();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.presence.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.presence.stop();
  }

  protected override firstUpdated(): void {
    this.view.setUp();
    this.drawingDocument.onChange(() => this.toolbars.sync());
    this.toolbars.sync();
    this.announceSelf();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The History button shows with a server that keeps the board: it follows those two properties.
    if (changed.has('serverUrl') || changed.has('persist')) this.toolbars.sync();
    // Every status change requests an update, so the attribute follows within the same frame.
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
    // A move to or from 'local' moves the count too (the status line just rendered it).
    this.unsynced.check();
    this.announceSelf();
  }

  /**
   * Name and user id to the others (presence): a rename reaches them without touching a connection. The colour
   * they see is presence's own (one no one present before holds), not the pen's: a pen may be any colour.
   */
  private announceSelf(): void {
    const userId = this.session.user?.id ?? null;
    if (userId) this.ownAuthors.add(userId);
    this.presence.setUser(this.displayName.slice(0, USERNAME_MAX_LENGTH), userId);
  }

  private onPresenceChange(): void {
    this.cursorLayer.requestUpdate();
    this.follow.presenceChanged();
    this.announceParticipants();
  }

  /** `draw-room-participants` when the list really changed (presence also changes with every cursor move). */
  private announceParticipants(): void {
    const participants = this.participants;
    const key = JSON.stringify(participants);
    if (key === this.announcedParticipants) return;
    this.announcedParticipants = key;
    this.requestUpdate();
    emit(this, 'draw-room-participants', { participants });
    this.announcements.participantsChanged(participants);
  }

  /** A press on the board draws, pans or places text: this user takes their view back from anyone followed. */
  private readonly onBoardPointerDown = () => {
    this.follow.stop();
    this.keys.onPointerDown();
  };

  private reportError(message: string): void {
    console.warn(`draw-room: ${message}`);
    emit(this, 'draw-room-error', { message });
  }

  private changeSettings(settings: DrawSettings): void {
    this.settings = settings;
    this.selectTool.toolChanged();
    this.toolbars.sync();
    this.requestUpdate();
  }

  /** Enter on the board with a shape tool: that shape at the focus point, as if dragged there. False for other tools. */
  private addShapeAt(at: { x: number; y: number }): boolean {
    const { tool } = this.settings;
    if (!isShapeTool(tool)) return false;
    this.drawingDocument.beginAction();
    this.drawingDocument.addItem(keyboardShape(tool, at, this.settings, randomId(), this.session.user?.id ?? this.localAuthor));
    this.announcements.tell(`Added ${SHAPE_WORDS[tool]}`);
    return true;
  }

  private moveView(shortcut: ViewShortcut): void {
    this.follow.stop();
    if (shortcut === 'zoom-in') return this.view.zoomBy(ZOOM_STEP);
    if (shortcut === 'zoom-out') return this.view.zoomBy(1 / ZOOM_STEP);
    if (shortcut === 'show-home') return this.view.showHome();
    this.view.showContent();
  }

  private async download(format: ExportFormat): Promise<void> {
    const blob = format === 'svg' ? new Blob([this.toSVG()], { type: 'image/svg+xml' }) : await this.toPNG();
    downloadBlob(blob, `draw-room-${this.roomId}.${format}`);
  }

  private placeText(spot: TextSpot, text: string): void {
    this.drawingDocument.beginAction();
    this.drawingDocument.addItem({
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
    const { scale } = this.view.transform;
    const { tool, color, width, fontSize, fill = false, dash = false } = this.settings;
    return html`
      <slot @slotchange=${() => this.toolbars.sync()}>
        <draw-toolbar exportparts=${DEFAULT_TOOLBAR_PARTS} .tool=${tool} .color=${color} .width=${width} .fontSize=${fontSize}
          .fill=${fill} .dash=${dash}></draw-toolbar>
      </slot>
      <div part="board" tabindex="0" role="group" aria-label="Drawing board" aria-describedby="${BOARD_CONTENTS_ID} board-hint"
        @keydown=${this.keys.onKeyDown} @pointerdown=${this.onBoardPointerDown}>
        ${this.description.render()}
        <span id="board-hint" class="hint">${BOARD_HINT}</span>
        <canvas class="committed" part="canvas" aria-hidden="true"></canvas>
        <canvas class="live" aria-hidden="true"></canvas>
        ${this.cursorLayer.render()}
        ${this.textEntry.render({ color, fontSize, scale })}
      </div>
      ${this.clearBoard.render()}
      ${this.historyPanel.render()}
      ${this.announcements.render()}
      <div class="status-bar">
        ${this.serverUrl ? participantList(this.participants, this.follow.leader, (clientId) => this.follow.toggle(clientId)) : nothing}
        <div part="status" role="status">
          ${statusText(this.session.status, this.session.statusReason, this.session.peers.length, this.participants, [...this.session.unreadable.values()], this.unsyncedChanges, this.session.tooLargeToSave)}
        </div>
        ${this.serverUrl ? html`<span part="encryption">${this.encrypted ? '🔒 End-to-end encrypted' : 'Not encrypted'}</span>` : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'draw-room': DrawRoom;
  }
}

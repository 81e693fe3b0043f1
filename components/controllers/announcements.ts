import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { BoardNewsWatcher } from '../drawing/board-news.js';
import type { DrawingDocument } from '../drawing/document.js';
import { ParticipantNews, newsInWords } from './announcement-words.js';
import type { Participant } from './participants.js';

/** The same words again within this long say nothing new (someone's link flapping, a clear echoed). */
const REPEAT_AFTER_MS = 10_000;
/** The region keeps the last few, so a reader catching up finds them; older ones go. */
const KEPT = 3;

interface Announcement {
  /** Keeps each line's node while newer ones come and older ones go, so a reader hears only the new line. */
  id: number;
  text: string;
}

/** Short messages for a polite live region, each said once: the same words again soon after are dropped. */
export class AnnouncementLog {
  private recent: Announcement[] = [];
  private said = new Map<string, number>();
  private next = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds `text` unless it was said within the last ten seconds; true when added. */
  say(text: string): boolean {
    const at = this.now();
    const last = this.said.get(text);
    if (last !== undefined && at - last < REPEAT_AFTER_MS) return false;
    this.said.set(text, at);
    for (const [old, when] of this.said) if (at - when >= REPEAT_AFTER_MS) this.said.delete(old);
    this.recent = [...this.recent, { id: this.next++, text }].slice(-KEPT);
    return true;
  }

  get lines(): readonly Announcement[] {
    return this.recent;
  }
}

export interface AnnouncementParts {
  document: DrawingDocument;
  /** True when the client arrived after this user: its appearance is a join, not someone already here. */
  arrivedAfterMe(clientId: number): boolean;
}

/**
 * A polite live region that tells, by name, who joined and who left, and who cleared or restored the board; never
 * this user's own actions, never cursor moves.
 */
export class AnnouncementsController implements ReactiveController {
  private readonly log = new AnnouncementLog();
  private readonly people: ParticipantNews;
  private news: BoardNewsWatcher | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly parts: AnnouncementParts,
  ) {
    this.people = new ParticipantNews((clientId) => parts.arrivedAfterMe(clientId));
    host.addController(this);
  }

  hostConnected(): void {
    this.news ??= new BoardNewsWatcher(this.parts.document, (news) => this.say([newsInWords(news)]));
  }

  hostDisconnected(): void {
    this.news?.destroy();
    this.news = undefined;
  }

  /** Call when the participant list really changed (not on cursor moves). */
  participantsChanged(participants: readonly Participant[]): void {
    this.say(this.people.update(participants));
  }

  /** Tells what this user's own action did, where the page shows nothing in words (what the select tool picked). */
  tell(text: string): void {
    this.say([text]);
  }

  render(): unknown {
    return html`<div class="hint announcements" role="log" aria-live="polite">
      ${repeat(this.log.lines, (line) => line.id, (line) => html`<p>${line.text}</p>`)}
    </div>`;
  }

  private say(messages: readonly string[]): void {
    let added = false;
    for (const message of messages) added = this.log.say(message) || added;
    if (added) this.host.requestUpdate();
  }
}

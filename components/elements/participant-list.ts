import { html, nothing, type TemplateResult } from 'lit';
import { readableTextOn } from '../drawing/color-contrast.js';
import type { Participant } from '../controllers/participants.js';
import { initialsOf } from '../controllers/person-initials.js';

/** How the drawing reaches someone, in words for screen readers and tooltips (eyes also see the badge). */
const LINK_WORDS: Record<Exclude<Participant['state'], 'self'>, string> = {
  direct: 'connected directly',
  turn: 'connected through a TURN server',
  relay: 'connected through the server',
  connecting: 'connecting',
  unreachable: "can't be reached",
};

/** The person's name and how the drawing reaches them: "alice, connected directly", "Ada (you)". */
export function personLabel(person: Participant): string {
  return person.state === 'self' ? `${person.name} (you)` : `${person.name}, ${LINK_WORDS[person.state]}`;
}

/**
 * The people on the board as a row of avatars (initials in their presence colour), this user first and marked
 * "(you)". Someone whose presence arrived can be followed: their avatar is a toggle button, pressed while followed.
 */
export function participantList(people: readonly Participant[], following: number | null, toggleFollow: (clientId: number) => void): TemplateResult {
  return html`<ul part="participants" aria-label="People on this board">
    ${people.map((person) => html`<li>${avatar(person, following, toggleFollow)}</li>`)}
  </ul>`;
}

function avatar(person: Participant, following: number | null, toggleFollow: (clientId: number) => void): TemplateResult {
  const label = personLabel(person);
  const look = `--person-color: ${person.color}; background: ${person.color}; color: ${readableTextOn(person.color)}`;
  const face = html`<span aria-hidden="true">${initialsOf(person.name)}</span>${person.state === 'self' ? nothing : html`<span class="link" aria-hidden="true"></span>`}`;
  const { clientId } = person;
  // This user, and someone only signaling knows of (no presence, so no view to follow), are not buttons.
  if (person.state === 'self' || clientId === null) {
    return html`<span part="participant" class="avatar" role="img" data-link=${person.state} style=${look} aria-label=${label} title=${label}>${face}</span>`;
  }
  const followed = following === clientId;
  const title = followed ? `${label}. Following their view: click or press Escape to stop` : `${label}. Click to follow their view`;
  return html`<button part="participant" class="avatar" data-link=${person.state} style=${look} aria-label=${label} title=${title}
    aria-pressed=${followed ? 'true' : 'false'} @click=${() => toggleFollow(clientId)}>${face}</button>`;
}

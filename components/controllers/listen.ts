type Listeners<Map> = { [Type in keyof Map]?: (event: Map[Type]) => void };

/**
 * Adds listeners to a target and returns what removes them all: controllers attach to a canvas that a framework
 * may move, and must leave nothing behind on the old one.
 */
export function listen<Target extends HTMLElement | Window>(
  target: Target,
  listeners: Listeners<Target extends Window ? WindowEventMap : HTMLElementEventMap>,
): () => void {
  const entries = Object.entries(listeners) as Array<[string, EventListener]>;
  for (const [type, listener] of entries) target.addEventListener(type, listener);
  return () => {
    for (const [type, listener] of entries) target.removeEventListener(type, listener);
  };
}

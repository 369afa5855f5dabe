package dev.parley.realtime;

import dev.parley.core.CommittedEvent;

/** Turns a core event into one transport's frame; null means this transport does not show it. */
@FunctionalInterface
public interface Renderer {
    Object render(CommittedEvent event);
}

package dev.parley.api.ws;

import dev.parley.api.Wire;
import dev.parley.core.CommittedEvent;
import dev.parley.realtime.Renderer;
import dev.parley.web.Json;

/**
 * Renders a committed event as its JSON frame text, once: the hub offers one event to every
 * connection in turn, so the last rendering is kept and reused for the same event.
 */
final class WsRenderer implements Renderer {
    private record Rendered(CommittedEvent event, String text) {}

    private volatile Rendered last;

    @Override
    public Object render(CommittedEvent event) {
        Rendered r = last;
        if (r != null && r.event == event) {
            return r.text;
        }
        String text = Json.write(Wire.event(event));
        last = new Rendered(event, text);
        return text;
    }
}

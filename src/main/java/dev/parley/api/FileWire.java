package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.PostedFile;
import dev.parley.core.StoredFile;
import dev.parley.web.Json;

/** The native API's JSON shape of a file, and of a file as posted in a thread. */
public final class FileWire {
    private FileWire() {}

    public static ObjectNode file(StoredFile f) {
        ObjectNode n = Json.obj();
        n.put("id", f.id().toString());
        n.put("name", f.name());
        n.put("content_type", f.contentType());
        n.put("size", f.size());
        n.put("sha256", f.sha256());
        n.put("uploader", f.uploader() == null ? null : f.uploader().toString());
        n.put("created_at", Wire.time(f.createdAt()));
        n.put("url", "/v1/files/" + f.id());
        return n;
    }

    public static ObjectNode posted(PostedFile p) {
        ObjectNode n = file(p.file());
        n.put("message", p.message().toString());
        n.put("seq", p.seq());
        n.put("sender", p.sender() == null ? null : p.sender().toString());
        n.put("posted_at", Wire.time(p.postedAt()));
        return n;
    }
}

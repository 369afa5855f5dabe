package dev.parley.core;

/**
 * The core, assembled: every transport holds one of these and calls its use cases.
 */
public record Chat(Users users, Threads threads, Messages messages, Resume resume, Files files, Limits limits) {

    /** The ports one core needs. */
    public record Ports(UserStore users, ThreadStore threads, MessageStore messages, EventLog events, EventBus bus,
                        FileStore files, BlobStore blobs) {}

    /** Assembles the core; uploads larger than {@code maxUploadBytes} are refused. */
    public static Chat assemble(Ports ports, Limits limits, long maxUploadBytes) {
        Users users = new Users(ports.users(), limits);
        Threads threads = new Threads(ports.threads(), ports.users(), ports.bus(), limits);
        Files files = new Files(ports.files(), ports.blobs(), ports.threads(), limits, maxUploadBytes);
        Messages messages = new Messages(ports.messages(), ports.threads(), ports.users(), threads,
                limits, files.attachments());
        return new Chat(users, threads, messages, new Resume(ports.events(), limits), files, limits);
    }
}

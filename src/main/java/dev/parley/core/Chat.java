package dev.parley.core;

/**
 * The core, assembled: every transport holds one of these and calls its use cases.
 */
public record Chat(Users users, Threads threads, Messages messages, Resume resume, Limits limits) {

    /** The ports one core needs. */
    public record Ports(UserStore users, ThreadStore threads, MessageStore messages, EventLog events, EventBus bus) {}

    public static Chat assemble(Ports ports, Limits limits, Messages.AttachmentPolicy attachments) {
        Users users = new Users(ports.users(), limits);
        Threads threads = new Threads(ports.threads(), ports.users(), ports.bus(), limits);
        Messages messages = new Messages(ports.messages(), ports.threads(), ports.users(), threads,
                limits, attachments);
        return new Chat(users, threads, messages, new Resume(ports.events(), limits), limits);
    }
}

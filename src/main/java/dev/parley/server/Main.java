package dev.parley.server;

import dev.parley.auth.Tokens;
import dev.parley.core.Actor;
import dev.parley.core.UserProfile;
import dev.parley.core.UserStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code parley} command. With no subcommand it serves; operators also get {@code migrate},
 * {@code create-user} and {@code token}, which read the same settings as the server; {@code bench} runs
 * the benchmarks against servers it starts itself.
 */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1",
        description = "A self-hosted chat backend.",
        subcommands = {Main.Serve.class, Main.Migrate.class, Main.CreateUser.class, Main.Token.class,
                dev.parley.bench.BenchCommand.class})
public final class Main implements Callable<Integer> {
    /** Set while serving: the JVM is then shutting down already and must not be told to exit again. */
    private static volatile boolean serving;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (!serving) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        return new Serve().call();
    }

    @Command(name = "serve", description = "Start the server (the default).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Config config;
            ParleyServer server;
            try {
                config = Config.fromEnvironment();
                server = ParleyServer.start(config);
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("parley: " + e.getMessage());
                return 2;
            }
            serving = true;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new java.lang.Thread(() -> {
                server.close();
                stopped.countDown();
            }, "parley-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "migrate", description = "Apply the database migrations and exit.")
    static final class Migrate implements Callable<Integer> {
        @Override
        public Integer call() {
            Config config = Config.fromEnvironment();
            Operator.migrate(config);
            System.out.println("migrations applied");
            return 0;
        }
    }

    @Command(name = "create-user", description = "Create or update a user by external id and print it.")
    static final class CreateUser implements Callable<Integer> {
        @Parameters(index = "0", description = "the host app's id for the user (external_id)")
        String externalId;

        @Option(names = "--name", description = "display name")
        String name;

        @Option(names = "--email", description = "email address")
        String email;

        @Override
        public Integer call() {
            return Operator.withChat(Config.fromEnvironment(), chat -> {
                UserStore.Upserted u = chat.users().upsert(Actor.SERVER,
                        new UserProfile(externalId, name, email, null, null, null));
                System.out.println((u.created() ? "created " : "updated ") + u.user().id()
                        + " external_id=" + u.user().externalId());
                return 0;
            });
        }
    }

    @Command(name = "token", description = "Issue a user token (JWT) for a user id or external id.")
    static final class Token implements Callable<Integer> {
        @Parameters(index = "0", description = "the user's Parley id or external_id")
        String user;

        @Option(names = "--ttl", description = "lifetime, e.g. PT1H or P1D (default ${DEFAULT-VALUE})",
                defaultValue = "PT24H")
        Duration ttl;

        @Override
        public Integer call() {
            Config config = Config.fromEnvironment();
            return Operator.withChat(config, chat -> {
                var u = chat.users().find(user);
                if (u.isEmpty()) {
                    System.err.println("parley: no user " + user);
                    return 1;
                }
                Config complete = Secrets.complete(config);
                Tokens tokens = new Tokens(complete.jwtSecret(), java.time.Clock.systemUTC());
                System.out.println(tokens.issue(u.get().id().toString(), ttl).token());
                return 0;
            });
        }
    }
}

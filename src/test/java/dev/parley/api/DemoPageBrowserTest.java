package dev.parley.api;

import dev.parley.testing.TempDirs;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.parley.api.Api.json;
import static dev.parley.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in a real headless Chromium: it signs in with a token, lists the inbox over REST,
 * opens a thread and goes live on /v1/ws. Needs Debian's chromium (/usr/bin/chromium).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DemoPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String LIVE = "id=\"status\">live as Alice";
    private static final int MAX_LOADS = 3;
    static TestServer server;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "the demo browser test needs Debian's chromium: apt-get install chromium");
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_demo_page_signs_in_lists_my_threads_and_shows_a_thread() throws Exception {
        Api.Person alice = Api.person(server, "Alice");
        Api.Person bob = Api.person(server, "Bob");
        String thread = ok(server.post("/v1/threads", alice.auth(), json("name", "Demo room",
                "members", new String[] {bob.id()})), 201).get("id").asText();
        ok(server.post("/v1/messages", bob.auth(), json("thread", thread, "text", "hello from bob")), 201);

        String token = alice.auth().substring("Bearer ".length());
        String url = server.url("/#token=" + token + "&thread=" + thread);
        // Chromium's virtual time runs ahead of the real network: now and then it dumps the page before
        // the socket's handshake came back (1.7 s instead of 6, once in a full suite). A page that goes
        // live still must do so within a few loads.
        String dom = dumpDom(url);
        for (int load = 1; load < MAX_LOADS && !dom.contains(LIVE); load++) {
            dom = dumpDom(url);
        }

        assertThat(dom).contains("Demo room").contains("hello from bob");
        assertThat(dom).containsPattern("data-id=\"[0-9a-f-]{36}\" class=\"msg\"");
        assertThat(dom).as("signed in on /v1/ws").contains(LIVE);
    }

    /** Loads the page in headless Chromium and returns the DOM once its scripts have run. */
    private static String dumpDom(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("parley-chromium-");
        Path out = Files.createTempFile("parley-dom-", ".html");
        List<String> command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", url);
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 60 s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            TempDirs.delete(profile);
        }
    }
}

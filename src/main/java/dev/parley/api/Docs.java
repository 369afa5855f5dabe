package dev.parley.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API's documentation and the demo: {@code /v1/openapi.yaml} (the hand-written OpenAPI document),
 * {@code /v1/docs} (Swagger UI from its webjar, assets under {@code /assets/swagger-ui/}), and the
 * demo chat page at {@code /}. None of them needs credentials.
 */
final class Docs {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private Docs() {}

    static void mount(Router router) {
        String spec = resource("openapi.yaml");
        String docsPage = resource("docs/index.html");
        String demoPage = resource("demo/index.html");
        router.get("/v1/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/yaml; charset=utf-8").end(spec));
        router.get("/v1/docs").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8").end(docsPage));
        router.get("/assets/swagger-ui/*").handler(StaticHandler.create(WEBJAR + swaggerUiVersion())
                .setCachingEnabled(true).setDirectoryListing(false));
        router.get("/").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8").end(demoPage));
    }

    static String resource(String name) {
        try (InputStream in = Docs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version folder of the Swagger UI webjar on the classpath. */
    private static String swaggerUiVersion() {
        Properties p = new Properties();
        try (InputStream in = Docs.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}

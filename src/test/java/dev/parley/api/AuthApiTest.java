package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static dev.parley.api.Api.bearer;
import static dev.parley.api.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest {
    static TestServer server;
    static JsonNode user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        user = server.newUser("Ivy");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String subject() {
        return user.get("id").asText();
    }

    private static String signed(String secret, Instant exp) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject(subject()).expirationTime(Date.from(exp)).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void unauthorized(TestServer.Answer a) {
        problem(a, 401, "unauthorized");
        assertThat(a.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void no_authorization_header_is_401_with_www_authenticate() {
        unauthorized(server.get("/v1/threads", null));
        unauthorized(server.post("/v1/messages", null, "{}"));
    }

    @Test
    void a_garbage_token_or_unknown_scheme_is_401() {
        unauthorized(server.get("/v1/threads", bearer("not-a-token")));
        unauthorized(server.get("/v1/threads", "Basic dXNlcjpwYXNz"));
        unauthorized(server.get("/v1/threads", "Bearer "));
    }

    @Test
    void an_expired_token_is_401() throws Exception {
        unauthorized(server.get("/v1/threads", bearer(signed(TestServer.JWT_SECRET, Instant.now().minusSeconds(3600)))));
    }

    @Test
    void a_token_signed_with_another_secret_is_401() throws Exception {
        String other = "another-secret-another-secret-another-secret!";
        unauthorized(server.get("/v1/threads", bearer(signed(other, Instant.now().plusSeconds(3600)))));
    }

    @Test
    void an_unsigned_alg_none_token_is_401() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + subject() + "\",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        unauthorized(server.get("/v1/threads", bearer(header + "." + claims + ".")));
    }

    @Test
    void a_valid_token_for_an_unknown_subject_is_401() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("ghost").expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        jwt.sign(new MACSigner(TestServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        unauthorized(server.get("/v1/threads", bearer(jwt.serialize())));
    }

    @Test
    void a_valid_token_whose_subject_is_the_external_id_works() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(user.get("external_id").asText()).expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        jwt.sign(new MACSigner(TestServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(server.get("/v1/users/me", bearer(jwt.serialize())).status()).isEqualTo(200);
    }

    @Test
    void a_user_token_cannot_use_the_as_user_header() {
        var a = server.send("GET", "/v1/threads", Map.of("Authorization", bearer(server.token(subject())),
                Rest.AS_USER, subject()), null);
        problem(a, 403, "forbidden");
    }

    @Test
    void the_docs_need_no_credentials() {
        assertThat(server.get("/v1/openapi.yaml", null).status()).isEqualTo(200);
        assertThat(server.get("/v1/docs", null).status()).isEqualTo(200);
    }
}

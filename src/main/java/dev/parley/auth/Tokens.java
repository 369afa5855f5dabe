package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * User tokens: HS256 JWTs signed with the configured secret. Only HS256 is accepted (an allow-list,
 * so {@code alg: none} or an RS256/HS256 confusion never verifies); {@code exp} is required and, like
 * {@code nbf}, checked with a small clock skew.
 */
public final class Tokens {
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.HS256);
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final byte[] secret;
    private final Clock clock;

    /** An issued token and when it expires. */
    public record Issued(String token, Instant expiresAt) {}

    public Tokens(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public Issued issue(String subject, Duration ttl) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new Issued(jwt.serialize(), exp);
    }

    /** The verified subject of a token, or UNAUTHORIZED. */
    public String verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
                throw unauthorized("token algorithm not accepted");
            }
            if (!jwt.verify(new MACVerifier(secret))) {
                throw unauthorized("token signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Date exp = claims.getExpirationTime();
            if (exp == null || exp.toInstant().plus(SKEW).isBefore(now)) {
                throw unauthorized("token expired");
            }
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && nbf.toInstant().minus(SKEW).isAfter(now)) {
                throw unauthorized("token not valid yet");
            }
            String sub = claims.getSubject();
            if (sub == null || sub.isBlank()) {
                throw unauthorized("token has no subject");
            }
            return sub;
        } catch (ParseException | JOSEException e) {
            throw unauthorized("token is malformed");
        }
    }

    static ParleyException unauthorized(String detail) {
        return new ParleyException(ErrorCode.UNAUTHORIZED, detail);
    }
}

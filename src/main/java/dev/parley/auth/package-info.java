/**
 * Credentials: the server API key and user tokens (HS256 JWTs), turned into a core {@link
 * dev.parley.core.Actor}. Shared by the native API and every dialect so each checks credentials the same way.
 */
package dev.parley.auth;

/**
 * File storage adapters: the {@link dev.parley.core.BlobStore} port on local disk, content-addressed
 * by SHA-256 under the data directory (an S3-compatible store can implement the same port later).
 */
package dev.parley.files;

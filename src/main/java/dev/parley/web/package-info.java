/**
 * What every HTTP-facing adapter shares: the JSON mapper, running blocking work off the event loop,
 * reading bounded JSON bodies, the status of each core error, and the {@link dev.parley.web.HttpModule}
 * seam through which the native API and each dialect mount their routes.
 */
package dev.parley.web;

/**
 * Log helpers: the throttled logger and the escaping of application and server text
 * before it reaches a log line.
 * <p>
 * Internal: not API. Types here may change or disappear in any release.
 */
package io.github.langfuse4j.internal.logging;

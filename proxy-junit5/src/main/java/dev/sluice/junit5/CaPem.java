package dev.sluice.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.nio.file.Path} parameter that gets the test proxy's CA certificate as a PEM
 * file (no private key), in a temporary directory removed when the proxy closes: what curl's
 * {@code --cacert}, {@code SSL_CERT_FILE} or {@code NODE_EXTRA_CA_CERTS} want.
 *
 * <pre>{@code
 * @Test void curlTrustsTheProxy(@CaPem Path caPem, TestProxy proxy) {
 *   new ProcessBuilder("curl", "--cacert", caPem.toString(), "-x", "http://" + ..., "https://...");
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CaPem {}

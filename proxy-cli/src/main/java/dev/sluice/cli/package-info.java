/**
 * The command line, modelled on {@code mitmdump}.
 *
 * <p>Starting point: {@link dev.sluice.cli.Main}, run as {@code ./sluice} or
 * {@code java -jar proxy-cli/target/sluice.jar}; everything else is in the {@code internal}
 * package.
 *
 * <pre>{@code
 * ./sluice -p 8080 -w session.mitm
 * }</pre>
 */
package dev.sluice.cli;

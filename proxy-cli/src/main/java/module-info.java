/**
 * The {@code mitmdump}-like command line.
 *
 * <pre>{@code
 * java -jar proxy-cli/target/sluice.jar -p 8080
 * }</pre>
 */
module dev.sluice.cli {
  requires dev.sluice.core;
  requires dev.sluice.replay;
  requires dev.sluice.web;
  requires info.picocli;

  exports dev.sluice.cli;

  opens dev.sluice.cli to info.picocli;
}

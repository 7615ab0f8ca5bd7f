package dev.sluice.cli;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.cli.internal.FlowLinePrinter;
import dev.sluice.cli.internal.HomeDirectory;
import dev.sluice.cli.internal.ProxyOptions;
import dev.sluice.core.ProxyServer;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.FlowRecorder;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sluice's command line, modelled on {@code mitmdump}: starts the proxy and prints one line per
 * finished flow; records ({@code -w}), reads and converts ({@code -r}, {@code -n}) and replays
 * flows, answering clients from a recording ({@code -S}) or sending recorded requests again
 * ({@code -C}).
 *
 * <pre>{@code
 * java -jar proxy-cli/target/sluice.jar -p 8080 -w session.mitm
 * curl -x http://127.0.0.1:8080 http://127.0.0.1:8000/
 * java -jar proxy-cli/target/sluice.jar -p 8080 -S session.mitm --kill
 * java -jar proxy-cli/target/sluice.jar -n -r session.mitm '~m POST' -w posts.har
 * java -jar proxy-cli/target/sluice.jar -n -C session.mitm -w again.mitm
 * }</pre>
 *
 * <p>Options take mitmproxy's names: {@code --set body_size_limit=3m}. Bad or unknown options
 * exit with status 2 and a message that names them.
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "An intercepting HTTP/HTTPS proxy. Prints one line per finished flow.",
    sortOptions = false)
public final class Main implements Callable<Integer> {

  @Option(names = {"-p", "--listen-port"}, paramLabel = "PORT", description = "Port to listen on (default: 8080; 0 picks a free one).")
  private Integer listenPort;

  @Option(names = "--listen-host", paramLabel = "HOST", description = "Address to listen on (default: 127.0.0.1).")
  private String listenHost;

  @Option(names = {"-m", "--mode"}, paramLabel = "MODE", description = "regular (default), reverse:URL or upstream:URL.")
  private String mode;

  @Option(names = {"-q", "--quiet"}, description = "Print no flow lines.")
  private boolean quiet;

  @Option(names = "--showhost", description = "Show the URL built from the Host header in flow lines instead of the one the request went to.")
  private boolean showHost;

  @Option(names = {"-k", "--ssl-insecure"}, description = "Do not verify upstream server certificates.")
  private boolean sslInsecure;

  @Option(names = "--ignore-hosts", paramLabel = "REGEX", description = "Pass TLS to matching host:port through untouched (repeatable).")
  private List<String> ignoreHosts = new ArrayList<>();

  @Option(names = "--allow-hosts", paramLabel = "REGEX", description = "Intercept only matching host:port; pass the rest through (repeatable).")
  private List<String> allowHosts = new ArrayList<>();

  @Option(names = "--anticache", description = "Strip If-None-Match and If-Modified-Since from requests.")
  private boolean anticache;

  @Option(names = "--anticomp", description = "Ask servers for uncompressed bodies (Accept-Encoding: identity).")
  private boolean anticomp;

  @Option(names = "--proxyauth", paramLabel = "SPEC",
      description = "Require proxy authentication: user:pass, any, @htpasswd-file, or ldap[s]:host[:port]:bind_dn:bind_password:subtree.")
  private String proxyAuth;

  @Option(names = {"-B", "--modify-body"}, paramLabel = "SPEC", description = "Replace in bodies: [/filter]/regex/[@]replacement (repeatable).")
  private List<String> modifyBody = new ArrayList<>();

  @Option(names = "--replacements", paramLabel = "SPEC", description = "Older name of --modify-body (repeatable).")
  private List<String> replacements = new ArrayList<>();

  @Option(names = {"-H", "--modify-headers"}, paramLabel = "SPEC", description = "Set headers: [/filter]/name/[@]value; an empty value removes (repeatable).")
  private List<String> modifyHeaders = new ArrayList<>();

  @Option(names = "--setheaders", paramLabel = "SPEC", description = "Older name of --modify-headers (repeatable).")
  private List<String> setHeaders = new ArrayList<>();

  @Option(names = "--stickyauth", paramLabel = "FILTER", description = "Re-send the last Authorization header to matching requests of the same host.")
  private String stickyAuth;

  @Option(names = "--stickycookie", paramLabel = "FILTER", description = "Keep cookies from responses and add them to matching requests.")
  private String stickyCookie;

  @Option(names = {"-w", "--save-stream-file"}, paramLabel = "FILE",
      description = "Save flows to FILE as they finish (replacing it; +FILE appends): .har or .zhar gives HAR, anything else a mitmproxy dump.")
  private String saveStreamFile;

  @Option(names = {"-r", "--rfile"}, paramLabel = "FILE", description = "Read flows from FILE (mitmproxy dump, HAR or .zhar), print them, and save them with -w.")
  private Path rfile;

  @Option(names = {"-n", "--no-server"}, description = "Start no proxy: with -r and -w, filter and convert a file.")
  private boolean noServer;

  @Option(names = {"-S", "--server-replay"}, paramLabel = "FILE", description = "Answer requests with the responses recorded in FILE (repeatable). "
      + "Implies connection_strategy=lazy unless set, so HTTPS replay works with the upstream down.")
  private List<String> serverReplay = new ArrayList<>();

  @Option(names = {"-C", "--client-replay"}, paramLabel = "FILE", description = "Send the requests recorded in FILE again "
      + "through the proxy and out (repeatable); exit when done unless --keepserving. With -n, no proxy is announced.")
  private List<String> clientReplay = new ArrayList<>();

  @Option(names = "--keepserving", description = "Keep serving after the client replay has finished.")
  private boolean keepServing;

  @Option(names = "--kill",
      description = "Kill requests that server replay cannot answer (server_replay_extra=kill). Older mitmproxy documented -k for this; -k means --ssl-insecure now.")
  private boolean kill;

  @Option(names = "--set", paramLabel = "name=value", description = "Set an option by its mitmproxy name, e.g. --set body_size_limit=3m.")
  private List<String> settings = new ArrayList<>();

  @Parameters(paramLabel = "FILTER", arity = "0..*", description = "A filter expression selecting the flows printed and saved, e.g. '~m POST'.")
  private List<String> filterWords = new ArrayList<>();

  private static final long REPLAY_POLL_MILLIS = 50;

  private final PrintStream out;
  private final CountDownLatch stop;
  private final Map<String, String> environment;

  private Main(PrintStream out, CountDownLatch stop, Map<String, String> environment) {
    this.out = out;
    this.stop = stop;
    this.environment = environment;
  }

  /** Runs the command line; exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err, new CountDownLatch(1)));
  }

  /**
   * Runs the command line with the given streams until {@code stop} is counted down; returns the
   * exit status (0, or 2 for bad usage, 1 for a failure such as a port in use).
   */
  public static int execute(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
    return execute(args, out, err, stop, System.getenv());
  }

  /**
   * Like {@link #execute(String[], PrintStream, PrintStream, CountDownLatch)}, with the
   * environment variables read from {@code environment}: {@code HOME} is the directory {@code ~}
   * stands for (the CA's {@code ~/.sluice}).
   */
  public static int execute(String[] args, PrintStream out, PrintStream err, CountDownLatch stop,
      Map<String, String> environment) {
    Main main = new Main(out, stop, environment);
    CommandLine commandLine = new CommandLine(main)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler((e, cl, parsed) -> {
          cl.getErr().println("sluice: " + e.getMessage());
          return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    ProxyOptions options = new ProxyOptions(HomeDirectory.of(environment));
    if (listenHost != null) {
      options.set("listen_host", listenHost);
    }
    if (listenPort != null) {
      options.set("listen_port", listenPort.toString());
    }
    if (mode != null) {
      options.set("mode", mode);
    }
    if (sslInsecure) {
      options.set("ssl_insecure", "true");
    }
    ignoreHosts.forEach(regex -> options.set("ignore_hosts", regex));
    allowHosts.forEach(regex -> options.set("allow_hosts", regex));
    if (anticache) {
      options.set("anticache", "true");
    }
    if (anticomp) {
      options.set("anticomp", "true");
    }
    if (proxyAuth != null) {
      options.set("proxyauth", proxyAuth);
    }
    if (stickyAuth != null) {
      options.set("stickyauth", stickyAuth);
    }
    if (stickyCookie != null) {
      options.set("stickycookie", stickyCookie);
    }
    modifyBody.forEach(spec -> options.set("modify_body", spec));
    replacements.forEach(spec -> options.set("modify_body", spec));
    modifyHeaders.forEach(spec -> options.set("modify_headers", spec));
    setHeaders.forEach(spec -> options.set("modify_headers", spec));
    String filterExpression = String.join(" ", filterWords).trim();
    FlowFilter view = filterExpression.isEmpty() ? FlowFilter.all() : FlowFilter.parse(filterExpression);
    options.set("save_stream_filter", filterExpression);
    if (saveStreamFile != null) {
      options.set("save_stream_file", saveStreamFile);
      checkNotReadAndWritten(options.saveStreamPath());
    }
    serverReplay.forEach(file -> options.set("server_replay", file));
    if (kill) {
      options.set("server_replay_extra", "kill");
    }
    clientReplay.forEach(file -> options.set("client_replay", file));
    if (keepServing) {
      options.set("keepserving", "true");
    }
    if (showHost) {
      options.set("showhost", "true");
    }
    settings.forEach(options::set);
    List<Flow> toReplay = options.readClientReplayFlows();
    FlowLinePrinter printer = quiet ? null : new FlowLinePrinter(out, options.showHost());
    try (FlowRecorder recorder = options.openRecorder()) {
      if (rfile != null) {
        readFlows(view, printer, recorder);
      }
      if (!noServer || options.hasClientReplay()) {
        serve(options, filterExpression.isEmpty() ? printer : matching(view, printer), recorder, toReplay);
      }
    }
    return CommandLine.ExitCode.OK;
  }

  private void readFlows(FlowFilter view, FlowLinePrinter printer, FlowRecorder recorder) throws IOException {
    try (FlowReader reader = FlowReader.open(rfile)) {
      for (Flow flow; (flow = reader.read()) != null; ) {
        if (!view.test(flow)) {
          continue;
        }
        if (printer != null) {
          printer.print(flow);
        }
        if (recorder != null) {
          recorder.record(flow);
        }
      }
    }
  }

  /**
   * Runs the proxy until {@code stop}; with client replay, until the replay is done (or, with
   * {@code keepserving}, until {@code stop} after it). With {@code -n} the proxy only carries the
   * replay: it listens on a free loopback port and is not announced.
   */
  private void serve(ProxyOptions options, FlowHook printer, FlowRecorder recorder, List<Flow> toReplay)
      throws IOException, InterruptedException {
    CertificateAuthority ca = noServer ? CertificateAuthority.ephemeral() : CertificateAuthority.loadOrCreate(options.confdir());
    ProxyServer.Builder builder = options.toBuilder().certificateIssuer(ca);
    if (noServer) {
      builder.listenHost("127.0.0.1").port(0);
    }
    if (printer != null) {
      builder.hook(printer);
    }
    if (recorder != null) {
      builder.hook(recorder);
    }
    try (ProxyServer started = builder.start()) {
      if (!noServer) {
        Path caCertificate = options.confdir().resolve(CertificateAuthority.CERTIFICATE_PEM_FILE);
        out.println("Sluice " + started.mode() + " proxy listening at " + url(started));
        out.println("CA certificate: " + caCertificate);
        out.println("Trust it with curl: curl --cacert " + caCertificate + " -x " + url(started) + " https://example.org/");
        out.flush();
      }
      if (options.hasClientReplay()) {
        replay(started, options, toReplay);
      } else {
        stop.await();
      }
    }
  }

  /** Replays {@code flows} through {@code proxy} (each prints its line as it finishes) and waits as the options say. */
  private void replay(ProxyServer proxy, ProxyOptions options, List<Flow> flows) throws InterruptedException {
    try (ClientReplay replay = ClientReplay.builder(proxy).flows(flows)
        .concurrency(options.clientReplayConcurrency()).start()) {
      while (!replay.result().isDone()) {
        if (stop.await(REPLAY_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
      replay.result().join();
    }
    if (options.keepServing() && !noServer) {
      stop.await();
    }
  }

  private static FlowHook matching(FlowFilter view, FlowLinePrinter printer) {
    return printer == null ? null : FlowHook.matching(view, printer);
  }

  private void checkNotReadAndWritten(Path written) {
    if (rfile != null && rfile.toAbsolutePath().normalize().equals(written.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("-r and -w name the same file: " + rfile);
    }
  }

  private static String url(ProxyServer server) {
    String host = server.address().getAddress().getHostAddress();
    return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.address().getPort();
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (version == null ? "(development build)" : version)};
    }
  }
}

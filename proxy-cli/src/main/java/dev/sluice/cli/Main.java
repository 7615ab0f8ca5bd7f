package dev.sluice.cli;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.internal.Hosts;
import dev.sluice.cli.internal.BackgroundCa;
import dev.sluice.cli.internal.CliOptions;
import dev.sluice.cli.internal.CommandFlags;
import dev.sluice.cli.internal.FlowLinePrinter;
import dev.sluice.cli.internal.HomeDirectory;
import dev.sluice.cli.internal.OptionValues;
import dev.sluice.cli.internal.OptionsListing;
import dev.sluice.cli.internal.SaveStreamFile;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.ProxyServer;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.FlowRecorder;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.web.FlowReport;
import dev.sluice.web.WebView;
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
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sluice's command line, modelled on {@code mitmdump}: starts the proxy and prints one line per
 * finished flow; records ({@code -w}), reads and converts ({@code -r}, {@code -n}) and replays
 * flows, answering clients from a recording ({@code -S}) or sending recorded requests again
 * ({@code -C}); shows them in a web page ({@code --web}) or writes them as an HTML report
 * ({@code --report}).
 *
 * <pre>{@code
 * java -jar proxy-cli/target/sluice.jar -p 8080 -w session.mitm
 * curl -x http://127.0.0.1:8080 http://127.0.0.1:8000/
 * java -jar proxy-cli/target/sluice.jar -p 8080 -S session.mitm --kill
 * java -jar proxy-cli/target/sluice.jar -n -r session.mitm '~m POST' -w posts.har
 * java -jar proxy-cli/target/sluice.jar -n -C session.mitm -w again.mitm
 * java -jar proxy-cli/target/sluice.jar -p 8080 --web          # and open the printed URL
 * java -jar proxy-cli/target/sluice.jar -n -r session.mitm --report session.html
 * }</pre>
 *
 * <p>Options take mitmproxy's names: {@code --set body_size_limit=3m}; {@code --options} lists
 * them, and each dedicated flag ({@code -p}, {@code --anticache}, ...) sets one of them. Bad or
 * unknown options exit with status 2 and a message that names them (and, for a misspelt name,
 * the nearest known one).
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "An intercepting HTTP/HTTPS proxy. Prints one line per finished flow.",
    sortOptions = false)
public final class Main implements Callable<Integer> {

  @Option(names = {"-q", "--quiet"}, description = "Print no flow lines.")
  private boolean quiet;

  @Option(names = {"-r", "--rfile"}, paramLabel = "FILE", description = "Read flows from FILE (mitmproxy dump, HAR or .zhar), print them, and save them with -w.")
  private Path rfile;

  @Option(names = {"-n", "--no-server"}, description = "Start no proxy: with -r and -w, filter and convert a file.")
  private boolean noServer;

  @Option(names = "--web", description = "Also serve the web view, mitmweb's page of the flows, on web_host:web_port "
      + "(127.0.0.1:8081; --set web_port=8082 moves it); its URL, with the token every request needs, is printed at start.")
  private boolean web;

  @Option(names = "--report", paramLabel = "FILE", description = "With -r: write the flows read (those the filter selects) "
      + "to FILE as one self-contained HTML page, the web view's list and detail views.")
  private Path report;

  @Option(names = "--set", paramLabel = "name=value", description = "Set an option by its mitmproxy name, e.g. --set body_size_limit=3m "
      + "(--options lists them all); a sequence option gains one entry each time.")
  private List<String> settings = new ArrayList<>();

  @Option(names = "--options", description = "Print every option with its type, default and help, and exit.")
  private boolean listOptions;

  @Parameters(paramLabel = "FILTER", arity = "0..*", description = "A filter expression selecting the flows printed and saved, e.g. '~m POST'.")
  private List<String> filterWords = new ArrayList<>();

  private static final long REPLAY_POLL_MILLIS = 50;

  private final PrintStream out;
  private final CountDownLatch stop;
  private final Map<String, String> environment;
  private CommandLine commandLine;
  private CommandFlags flags;

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
    CommandSpec spec = CommandSpec.forAnnotatedObject(main);
    main.flags = CommandFlags.addTo(CliOptions.REGISTRY, spec);
    main.commandLine = new CommandLine(spec)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler((e, cl, parsed) -> {
          cl.getErr().println("sluice: " + e.getMessage());
          return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
    return main.commandLine.execute(args);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (listOptions) {
      OptionsListing.print(CliOptions.REGISTRY, out);
      return CommandLine.ExitCode.OK;
    }
    OptionValues options = new OptionValues(CliOptions.REGISTRY);
    flags.readInto(commandLine.getParseResult(), options);
    String filterExpression = String.join(" ", filterWords).trim();
    FlowFilter view = filterExpression.isEmpty() ? FlowFilter.all() : FlowFilter.parse(filterExpression);
    options.set(FlowRecorder.SAVE_STREAM_FILTER.name(), filterExpression);
    settings.forEach(options::set);
    if (options.get(FlowRecorder.SAVE_STREAM_FILE) != null) {
      checkNotReadAndWritten(SaveStreamFile.path(options.get(FlowRecorder.SAVE_STREAM_FILE)));
    }
    CliOptions.serverReplayImpliesLazyConnections(options);
    if (report != null && rfile == null) {
      throw new IllegalArgumentException("--report needs -r FILE: it reports the flows read from a file");
    }
    List<Flow> toReplay = readAll(options.get(ClientReplay.CLIENT_REPLAY));
    FlowLinePrinter printer = quiet ? null : new FlowLinePrinter(out, options.get(CliOptions.SHOWHOST));
    boolean proxying = !noServer || !options.get(ClientReplay.CLIENT_REPLAY).isEmpty();
    try (FlowRecorder recorder = SaveStreamFile.open(options.get(FlowRecorder.SAVE_STREAM_FILE),
        options.get(FlowRecorder.SAVE_STREAM_FILTER));
        WebView webView = web ? startWebView(options) : null) {
      if (rfile != null) {
        readFlows(view, printer, recorder, webView);
      }
      if (proxying) {
        serve(options, matching(filterExpression, view, printer), recorder, toReplay, matching(filterExpression, view, webView));
      } else if (webView != null) {
        stop.await();
      }
    }
    return CommandLine.ExitCode.OK;
  }

  /** Shows, prints, saves and reports each flow of {@code rfile} that {@code view} selects. */
  private void readFlows(FlowFilter view, FlowLinePrinter printer, FlowRecorder recorder, WebView webView) throws IOException {
    List<Consumer<Flow>> sinks = new ArrayList<>();
    if (printer != null) {
      sinks.add(printer::print);
    }
    if (recorder != null) {
      sinks.add(recorder::record);
    }
    if (webView != null) {
      sinks.add(webView::show);
    }
    List<Flow> reported = new ArrayList<>();
    if (report != null) {
      sinks.add(reported::add);
    }
    try (FlowReader reader = FlowReader.open(rfile)) {
      for (Flow flow; (flow = reader.read()) != null; ) {
        if (view.test(flow)) {
          for (Consumer<Flow> sink : sinks) {
            sink.accept(flow);
          }
        }
      }
    }
    if (report != null) {
      FlowReport.write(report, rfile.getFileName().toString(), reported);
      out.println("Report of " + reported.size() + " flow(s) written to " + report);
      out.flush();
    }
  }

  private WebView startWebView(OptionValues options) throws IOException {
    WebView view = WebView.builder().host(options.get(WebView.WEB_HOST)).port(options.get(WebView.WEB_PORT)).start();
    out.println("Web view listening at " + view.uri());
    out.flush();
    return view;
  }

  /**
   * Runs the proxy until {@code stop}; with client replay, until the replay is done (or, with
   * {@code keepserving}, until {@code stop} after it). With {@code -n} the proxy only carries the
   * replay: it listens on a free loopback port and is not announced.
   */
  private void serve(OptionValues options, FlowHook printer, FlowRecorder recorder, List<Flow> toReplay, FlowHook webView)
      throws IOException, InterruptedException {
    Path confdir = CliOptions.confdir(options, HomeDirectory.of(environment));
    ProxyServer.Builder builder = options.applyTo(ProxyServer.builder());
    if (noServer) {
      builder.listenHost("127.0.0.1").port(0);
    }
    if (printer != null) {
      builder.hook(HookPhase.RECORDING, printer);
    }
    if (recorder != null) {
      builder.hook(HookPhase.RECORDING, recorder);
    }
    if (webView != null) {
      builder.hook(HookPhase.RECORDING, webView);
    }
    try (BackgroundCa ca = BackgroundCa.start(noServer ? CertificateAuthority::ephemeral
            : () -> CertificateAuthority.loadOrCreate(confdir));
        ProxyServer started = builder.certificateIssuer(ca).start()) {
      ca.await();
      if (!noServer) {
        Path caCertificate = confdir.resolve(CertificateAuthority.CERTIFICATE_PEM_FILE);
        out.println("Sluice " + started.mode() + " proxy listening at " + url(started));
        out.println("CA certificate: " + caCertificate);
        out.println("Trust it with curl: curl --cacert " + caCertificate + " -x " + url(started) + " https://example.org/");
        out.flush();
      }
      if (!options.get(ClientReplay.CLIENT_REPLAY).isEmpty()) {
        replay(started, options, toReplay);
      } else {
        stop.await();
      }
    }
  }

  /** Replays {@code flows} through {@code proxy} (each prints its line as it finishes) and waits as the options say. */
  private void replay(ProxyServer proxy, OptionValues options, List<Flow> flows) throws InterruptedException {
    try (ClientReplay replay = ClientReplay.builder(proxy).flows(flows)
        .concurrency(options.get(ClientReplay.CLIENT_REPLAY_CONCURRENCY)).start()) {
      while (!replay.result().isDone()) {
        if (stop.await(REPLAY_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
      replay.result().join();
    }
    if (options.get(ClientReplay.KEEPSERVING) && !noServer) {
      stop.await();
    }
  }

  /**
   * Every flow of {@code files}, in order, read now (so a bad file fails before the proxy starts).
   *
   * @throws IOException naming the file (and the offset of a corrupt record)
   */
  private static List<Flow> readAll(List<Path> files) throws IOException {
    List<Flow> flows = new ArrayList<>();
    for (Path file : files) {
      flows.addAll(FlowReader.readAll(file));
    }
    return flows;
  }

  /** {@code hook} for the flows {@code view} selects; {@code hook} itself when there is no filter expression. */
  private static FlowHook matching(String expression, FlowFilter view, FlowHook hook) {
    return hook == null || expression.isEmpty() ? hook : FlowHook.matching(view, hook);
  }

  private void checkNotReadAndWritten(Path written) {
    if (rfile != null && rfile.toAbsolutePath().normalize().equals(written.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("-r and -w name the same file: " + rfile);
    }
  }

  /** The proxy's URL as curl's {@code -x} takes it: {@code socks5h://} in SOCKS5 mode (curl sends the host name), else {@code http://}. */
  private static String url(ProxyServer server) {
    String scheme = server.mode().kind() == ProxyMode.Kind.SOCKS5 ? "socks5h" : "http";
    return scheme + "://" + Hosts.withPort(server.address());
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

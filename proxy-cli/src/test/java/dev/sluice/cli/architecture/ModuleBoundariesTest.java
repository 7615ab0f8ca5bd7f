package dev.sluice.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.testing.EchoOrigin;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each published module's descriptor exports its public packages and nothing under
 * {@code internal}, and the modules resolve and run as modules: a proxy started from a module
 * layer built of the real jars (or class directories) answers a request, while code outside the
 * modules cannot reach an internal class.
 */
class ModuleBoundariesTest {

  private static final Set<String> PUBLISHED = Set.of("dev.sluice.api", "dev.sluice.testing", "dev.sluice.tls",
      "dev.sluice.core", "dev.sluice.replay", "dev.sluice.web", "dev.sluice.junit5", "dev.sluice.cli");

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static final Map<String, ModuleReference> SLUICE = new TreeMap<>();
  private static ModuleFinder everything;

  @BeforeAll
  static void findTheModules() {
    List<ModuleFinder> finders = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.toString().contains("test-classes") || path.toString().endsWith("-tests.jar") || !Files.exists(path)) {
        continue;
      }
      ModuleFinder finder = ModuleFinder.of(path);
      for (ModuleReference ref : finder.findAll()) {
        if (ref.descriptor().name().startsWith("dev.sluice.")) {
          SLUICE.put(ref.descriptor().name(), ref);
        }
      }
      finders.add(finder);
    }
    everything = ModuleFinder.compose(finders.toArray(ModuleFinder[]::new));
  }

  @Test
  void everyPublishedModuleHasADescriptorOfItsOwn() {
    assertThat(SLUICE.keySet()).containsAll(PUBLISHED);
    assertThat(SLUICE.values()).filteredOn(ref -> PUBLISHED.contains(ref.descriptor().name()))
        .allSatisfy(ref -> assertThat(ref.descriptor().isAutomatic()).as(ref.descriptor().name()).isFalse());
  }

  @Test
  void eachModuleExportsItsPublicPackagesAndNoInternalOne() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String name : PUBLISHED) {
      ModuleReference ref = SLUICE.get(name);
      ModuleDescriptor descriptor = ref.descriptor();
      for (ModuleDescriptor.Exports export : descriptor.exports()) {
        if (export.source().contains(".internal") && (!export.isQualified()
            || !export.targets().stream().allMatch(target -> target.startsWith("dev.sluice.")))) {
          problems.add(name + " exports " + export.source() + (export.isQualified() ? " to " + export.targets() : " to everyone"));
        }
      }
      Set<String> exported = new HashSet<>();
      descriptor.exports().stream().filter(e -> !e.isQualified()).forEach(e -> exported.add(e.source()));
      for (String pkg : packagesWithPublicTypes(ref)) {
        if (!pkg.contains(".internal") && !exported.contains(pkg)) {
          problems.add(name + " does not export its public package " + pkg);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aProxyRunsFromTheModulesAndTheirInternalsStayClosed() throws Exception {
    Configuration configuration = ModuleLayer.boot().configuration()
        .resolveAndBind(everything, ModuleFinder.of(), PUBLISHED);
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    ClassLoader loader = layer.findLoader("dev.sluice.core");

    Class<?> proxyServer = Class.forName("dev.sluice.core.ProxyServer", true, loader);
    Object builder = proxyServer.getMethod("builder").invoke(null);
    Object server = builder.getClass().getMethod("start").invoke(builder);
    try (AutoCloseable closing = (AutoCloseable) server) {
      InetSocketAddress address = (InetSocketAddress) proxyServer.getMethod("address").invoke(server);
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(address)).build();
      var reply = client.send(HttpRequest.newBuilder(origin.uri("/through-the-module-layer")).build(), BodyHandlers.ofString());
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(origin.take().target()).isEqualTo("/through-the-module-layer");
    }

    Class<?> internal = Class.forName("dev.sluice.core.internal.RequestTarget", false, loader);
    assertThat(internal.getModule().getName()).isEqualTo("dev.sluice.core");
    assertThat(internal.getModule().isExported(internal.getPackageName())).isFalse();
    Method parse = internal.getDeclaredMethod("connect", String.class);
    assertThatThrownBy(() -> parse.setAccessible(true))
        .isInstanceOf(InaccessibleObjectException.class)
        .hasMessageContaining("does not \"opens dev.sluice.core.internal\"");
    Class<?> exported = Class.forName("dev.sluice.api.FlowFilter", true, loader);
    assertThat(exported.getMethod("parse", String.class).invoke(null, "~q")).isNotNull();
  }

  private static Set<String> packagesWithPublicTypes(ModuleReference ref) throws IOException {
    Set<String> packages = new TreeSet<>();
    try (var reader = ref.open(); Stream<String> names = reader.list()) {
      for (String entry : names.filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")).toList()) {
        Optional<InputStream> in = reader.open(entry);
        if (in.isEmpty()) {
          continue;
        }
        try (InputStream stream = in.get()) {
          if (isPublicTopLevel(stream.readAllBytes(), entry)) {
            packages.add(entry.substring(0, entry.lastIndexOf('/')).replace('/', '.'));
          }
        }
      }
    }
    return packages;
  }

  private static boolean isPublicTopLevel(byte[] classFile, String entry) throws IOException {
    return !entry.contains("$") && (ClassFile.read(entry, classFile).accessFlags() & Modifier.PUBLIC) != 0;
  }
}

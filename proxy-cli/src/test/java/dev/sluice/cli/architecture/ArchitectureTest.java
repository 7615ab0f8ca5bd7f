package dev.sluice.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Message;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md and the "no JVM-global side effects" promise, checked over the
 * compiled classes of every module on this test's class path.
 */
class ArchitectureTest {

  private static final Set<String> GLOBAL_SETTERS = Set.of(
      "javax/net/ssl/SSLContext.setDefault",
      "javax/net/ssl/HttpsURLConnection.setDefaultSSLSocketFactory",
      "javax/net/ssl/HttpsURLConnection.setDefaultHostnameVerifier",
      "java/net/Authenticator.setDefault",
      "java/net/ProxySelector.setDefault",
      "java/net/CookieHandler.setDefault",
      "java/net/ResponseCache.setDefault",
      "java/net/URL.setURLStreamHandlerFactory",
      "java/net/HttpURLConnection.setFollowRedirects",
      "java/lang/System.setProperty",
      "java/lang/System.setProperties",
      "java/lang/System.clearProperty",
      "java/util/Locale.setDefault",
      "java/util/TimeZone.setDefault",
      "io/netty/util/ResourceLeakDetector.setLevel",
      "io/netty/util/ResourceLeakDetectorFactory.setResourceLeakDetectorFactory",
      "java/lang/Runtime.addShutdownHook",
      "java/security/Security.addProvider",
      "java/security/Security.insertProviderAt",
      "java/security/Security.setProperty");

  /** What only the engine and the replayers record on a flow: never public on the model. */
  private static final Set<String> ENGINE_ONLY = Set.of(
      "setServer", "setError", "setReplay", "setWebSocket", "setTimestampEnd", "addMessage", "setClosed");

  private static final List<ClassFile> CLASSES = new ArrayList<>();

  @BeforeAll
  static void readEveryModule() throws IOException {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!path.toString().contains("proxy-") || path.toString().contains("test-classes") || path.toString().endsWith("-tests.jar")) {
        continue;
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          for (Path file : files.filter(ArchitectureTest::isClass).toList()) {
            CLASSES.add(ClassFile.read(path.relativize(file).toString(), Files.readAllBytes(file)));
          }
        }
      } else if (entry.endsWith(".jar")) {
        try (JarFile jar = new JarFile(path.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry jarEntry = e.nextElement();
            if (isClass(Path.of(jarEntry.getName())) && jarEntry.getName().startsWith("dev/sluice/")) {
              try (InputStream in = jar.getInputStream(jarEntry)) {
                CLASSES.add(ClassFile.read(jarEntry.getName(), in.readAllBytes()));
              }
            }
          }
        }
      }
    }
  }

  /** A class file, not a module descriptor (those are {@link ModuleBoundariesTest}'s). */
  private static boolean isClass(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".class") && !name.equals("module-info.class");
  }

  @Test
  void everyLibraryModuleIsOnTheClassPath() {
    assertThat(CLASSES).extracting(c -> module(c.name()))
        .contains("api", "testing", "tls", "core", "replay", "web", "junit5", "cli");
  }

  @Test
  void noLibraryModuleDependsOnTheWebView() {
    Set<String> libraries = Set.of("api", "testing", "tls", "core", "replay");
    List<String> offenders = new ArrayList<>();
    for (ClassFile c : CLASSES) {
      if (libraries.contains(module(c.name()))) {
        c.referencedClasses().stream().filter(ref -> ref.startsWith("dev/sluice/web/"))
            .forEach(ref -> offenders.add(c.name() + " -> " + ref));
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void theApiModuleUsesNothingButTheJdk() {
    List<String> offenders = new ArrayList<>();
    for (ClassFile c : CLASSES) {
      if (module(c.name()).equals("api")) {
        c.referencedClasses().stream()
            .filter(ref -> !ref.startsWith("java/") && !ref.startsWith("javax/") && !ref.startsWith("[")
                && !ref.startsWith("dev/sluice/api/"))
            .forEach(ref -> offenders.add(c.name() + " -> " + ref));
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternalPackageUnlessThatModuleExportsItToIt() {
    Map<String, ModuleDescriptor> descriptors = new HashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      ModuleFinder.of(Path.of(entry)).findAll().stream().map(ModuleReference::descriptor)
          .filter(d -> d.name().startsWith("dev.sluice.")).forEach(d -> descriptors.putIfAbsent(d.name(), d));
    }
    List<String> offenders = new ArrayList<>();
    for (ClassFile c : CLASSES) {
      String own = module(c.name());
      c.referencedClasses().stream()
          .filter(ref -> ref.startsWith("dev/sluice/") && ref.contains("/internal/") && !module(ref).equals(own))
          .filter(ref -> !exportedTo(descriptors.get("dev.sluice." + module(ref)), ref, "dev.sluice." + own))
          .forEach(ref -> offenders.add(c.name() + " -> " + ref));
    }
    assertThat(offenders).isEmpty();
  }

  /** Whether {@code owner} exports the package of class {@code ref} to module {@code reader}, by name. */
  private static boolean exportedTo(ModuleDescriptor owner, String ref, String reader) {
    String pkg = ref.substring(0, ref.lastIndexOf('/')).replace('/', '.');
    return owner != null && owner.exports().stream()
        .anyMatch(e -> e.source().equals(pkg) && e.isQualified() && e.targets().contains(reader));
  }

  @Test
  void nothingSetsJvmGlobalState() {
    List<String> offenders = new ArrayList<>();
    for (ClassFile c : CLASSES) {
      c.calledMethods().stream().filter(GLOBAL_SETTERS::contains).forEach(m -> offenders.add(c.name() + " calls " + m));
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void noNettyTypeAppearsInAPublicSignature() throws ClassNotFoundException {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m.getModifiers())) {
          check(type, m.toGenericString(), offenders);
        }
      }
      for (Constructor<?> k : type.getDeclaredConstructors()) {
        if (visible(k.getModifiers())) {
          check(type, k.toGenericString(), offenders);
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(type, f.toGenericString(), offenders);
        }
      }
      if (type.getGenericSuperclass() != null) {
        check(type, "extends " + type.getGenericSuperclass().getTypeName(), offenders);
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void noPublicTypeLetsAHookForgeWhatTheEngineRecords() throws ClassNotFoundException {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      for (Method m : type.getMethods()) {
        if (m.getDeclaringClass().getName().startsWith("dev.sluice.") && ENGINE_ONLY.contains(m.getName())) {
          offenders.add(type.getName() + "." + m.getName());
        }
      }
    }
    for (Method m : HttpFlow.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == HttpFlow.class) {
        offenders.add("HttpFlow." + m.getName() + " makes live flows");
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void theTypesKeepersHoldHaveGettersOnly() {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : List.of(Flow.class, Message.class, Request.class, Response.class)) {
      for (Method m : type.getMethods()) {
        boolean getter = m.getReturnType() != void.class && !m.getName().startsWith("set");
        if (!Modifier.isStatic(m.getModifiers()) && !getter) {
          offenders.add(type.getSimpleName() + "." + m.getName());
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  /** Every public type, nested ones too, of a public (not {@code internal}) package of a Sluice module. */
  private List<Class<?>> publicTypes() throws ClassNotFoundException {
    List<Class<?>> types = new ArrayList<>();
    for (ClassFile c : CLASSES) {
      if (c.name().contains("/internal/") || c.name().matches(".*\\$\\d+\\.class")) {
        continue;
      }
      Class<?> type = Class.forName(c.name().replace(".class", "").replace('/', '.'), false, getClass().getClassLoader());
      if (Modifier.isPublic(type.getModifiers())) {
        types.add(type);
      }
    }
    return types;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(Class<?> type, String signature, List<String> offenders) {
    if (signature.contains("io.netty.")) {
      offenders.add(type.getName() + ": " + signature);
    }
  }

  /** {@code api}, {@code core}, ... from {@code dev/sluice/<module>/...}. */
  private static String module(String classPath) {
    String[] parts = classPath.split("/");
    return parts.length > 2 && parts[0].equals("dev") && parts[1].equals("sluice") ? parts[2] : "";
  }
}

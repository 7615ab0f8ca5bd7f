package dev.sluice.cli.internal;

import dev.sluice.api.CertificateIssuer;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The command line's CA, read (or created) on a thread of its own while the proxy starts on the
 * main one: reading it (the JDK's security providers, the key check's first signature) and starting
 * Netty take about as long each, and a start-up has two cores to use. The command waits for it
 * before it says it is listening, so a bad CA file still stops it there; closing waits for the
 * thread, so no CA file is still being written when the command returns.
 *
 * <pre>{@code
 * try (BackgroundCa ca = BackgroundCa.start(() -> CertificateAuthority.loadOrCreate(confdir));
 *     ProxyServer proxy = ProxyServer.builder().certificateIssuer(ca).start()) {
 *   ca.await();   // throws the CA file's problem
 * }
 * }</pre>
 */
public final class BackgroundCa implements CertificateIssuer, AutoCloseable {

  private final CompletableFuture<CertificateAuthority> loading = new CompletableFuture<>();

  private BackgroundCa() {}

  /** Starts {@code reading} the CA on a thread of its own. */
  public static BackgroundCa start(Callable<CertificateAuthority> reading) {
    BackgroundCa ca = new BackgroundCa();
    Thread reader = new Thread(() -> {
      try {
        ca.loading.complete(reading.call());
      } catch (Exception | Error e) {
        ca.loading.completeExceptionally(e);
      }
    }, "sluice-ca");
    reader.setDaemon(true);
    reader.start();
    return ca;
  }

  /**
   * The CA, once read.
   *
   * @throws IOException what was wrong with the CA's files, naming them
   */
  public CertificateAuthority await() throws IOException, InterruptedException {
    try {
      return loading.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public IssuedCertificate issue(CertificateRequest request) {
    try {
      return await().issue(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the CA was read", e);
    }
  }

  /** Waits until the CA is read or has failed (what failed is {@link #await()}'s to say). */
  @Override
  public void close() {
    loading.exceptionally(failure -> null).join();
  }
}

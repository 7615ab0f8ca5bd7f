package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DescriptorShortageTest {

  @Test
  void epollsSocketFailureDeepInNettysWrappingIsTheProcessLimit() {
    Assumptions.assumeTrue(Epoll.isAvailable(), "Netty's native errors need the epoll library");
    // what Bootstrap.connect fails with when socket() returns EMFILE: the channel factory's wrapping
    Throwable emfile = Errors.newIOException("newSocketStream", -24);
    Throwable failure = new ChannelException("Unable to create Channel from class class EpollSocketChannel",
        new InvocationTargetException(new ChannelException(emfile)));

    assertThat(DescriptorShortage.of(failure)).contains(DescriptorShortage.PROCESS);
  }

  @Test
  void nioSocketExceptionIsToldByItsMessage() {
    Throwable failure = new ChannelException("Failed to open a socket.", new SocketException("Too many open files"));

    assertThat(DescriptorShortage.of(failure)).contains(DescriptorShortage.PROCESS);
  }

  @Test
  void theSystemWideTableIsTheOtherShortage() {
    Assumptions.assumeTrue(Epoll.isAvailable(), "Netty's native errors need the epoll library");
    assertThat(DescriptorShortage.of(Errors.newIOException("accept", -23))).contains(DescriptorShortage.SYSTEM);
  }

  @Test
  void theJdksMessageForTheSystemWideTableIsTheOtherShortageToo() {
    assertThat(DescriptorShortage.of(new SocketException("Too many open files in system")))
        .contains(DescriptorShortage.SYSTEM);
  }

  @Test
  void otherFailuresAreNoShortage() {
    assertThat(DescriptorShortage.of(new ConnectException("Connection refused"))).isEmpty();
    assertThat(DescriptorShortage.of(new IOException((String) null))).isEmpty();
  }

  @Test
  void otherNativeErrorsAreNoShortage() {
    Assumptions.assumeTrue(Epoll.isAvailable(), "Netty's native errors need the epoll library");
    assertThat(DescriptorShortage.of(Errors.newIOException("connect", -111))).isEmpty();
  }

  @Test
  void theReasonNamesTheCauseTheLimitAndTheWayOut() {
    assertThat(DescriptorShortage.PROCESS.reason(new OpenFiles(20_000))).isEqualTo(
        "the proxy ran out of file descriptors (limit 20000 open files); raise it with ulimit -n or lower maxConnections");
    assertThat(DescriptorShortage.PROCESS.reason(OpenFiles.UNKNOWN)).isEqualTo(
        "the proxy ran out of file descriptors (limit unknown); raise it with ulimit -n or lower maxConnections");
    assertThat(DescriptorShortage.SYSTEM.reason(new OpenFiles(20_000))).isEqualTo(
        "the system ran out of file descriptors (its table is full: Too many open files in system); "
            + "raise fs.file-max or lower maxConnections");
  }
}

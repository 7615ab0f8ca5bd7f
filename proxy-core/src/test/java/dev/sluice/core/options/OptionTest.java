package dev.sluice.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ModifySpec;
import dev.sluice.core.hooks.StickyCookies;
import dev.sluice.core.hooks.TlsPassThrough;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionTest {

  @Test
  void boolOptionsReadTheUsualSpellingsAndNameTheOptionAndTheTextWhenBad() {
    assertThat(List.of("true", "YES", "on", "1")).allMatch(Anticache.ANTICACHE::parse);
    assertThat(List.of("false", "No", "off", "0")).noneMatch(Anticache.ANTICACHE::parse);
    assertThatThrownBy(() -> Anticache.ANTICACHE.parse("maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("anticache: not a boolean (true/false): \"maybe\"");
    assertThat(Anticache.ANTICACHE.type()).isEqualTo("bool");
    assertThat(Anticache.ANTICACHE.defaultValue()).isFalse();
  }

  @Test
  void sizeOptionsReadMitmproxysUnitsAndWriteTheirDefaultInTheLargestWholeUnit() {
    assertThat(EngineOptions.BODY_SIZE_LIMIT.parse("3m")).isEqualTo(3L << 20);
    assertThat(EngineOptions.BODY_SIZE_LIMIT.parse("512")).isEqualTo(512L);
    assertThat(EngineOptions.BODY_SIZE_LIMIT.format(EngineOptions.BODY_SIZE_LIMIT.defaultValue())).isEqualTo("64m");
    assertThat(EngineOptions.BODY_SIZE_LIMIT.format(1536L)).isEqualTo("1536");
    assertThatThrownBy(() -> EngineOptions.BODY_SIZE_LIMIT.parse("lots"))
        .hasMessage("body_size_limit: not a size (e.g. 512, 64k, 3m, 1g): \"lots\"");
    assertThatThrownBy(() -> EngineOptions.BODY_SIZE_LIMIT.parse("4g")).hasMessageStartingWith("body_size_limit: out of range");
  }

  @Test
  void aSequenceOptionGainsOneEntryPerTextSettingAndIsEmptyByDefault() {
    Option<List<ModifySpec>> option = ModifyHeaders.MODIFY_HEADERS;

    List<ModifySpec> one = option.update(option.defaultValue(), "/X-A/1");
    List<ModifySpec> two = option.update(one, "/X-B/2");

    assertThat(option.repeats()).isTrue();
    assertThat(option.type()).isEqualTo("sequence of str");
    assertThat(option.format(option.defaultValue())).isEqualTo("[]");
    assertThat(two).extracting(ModifySpec::toString).containsExactly("/X-A/1", "/X-B/2");
    assertThat(option.format(two)).isEqualTo("[/X-A/1, /X-B/2]");
    assertThatThrownBy(() -> option.update(one, "/bad name/x")).hasMessageStartingWith("modify_headers: spec \"/bad name/x\"");
  }

  @Test
  void aScalarOptionsTextSettingReplacesTheValue() {
    assertThat(EngineOptions.LISTEN_PORT.repeats()).isFalse();
    assertThat(EngineOptions.LISTEN_PORT.update(8080, "9090")).isEqualTo(9090);
  }

  @Test
  void anOptionalOptionIsOffByDefaultAndTheEmptyTextTurnsItOff() {
    Option<?> option = StickyCookies.STICKYCOOKIE;

    assertThat(option.defaultValue()).isNull();
    assertThat(option.type()).isEqualTo("optional str");
    assertThat(option.parse("")).isNull();
    assertThat(option.parse("~d example.com")).isNotNull();
    assertThatThrownBy(() -> option.parse("~nosuch")).hasMessageStartingWith("stickycookie: ");
  }

  @Test
  void theCheckAppliesToTypedValuesToo() {
    assertThatThrownBy(() -> EngineOptions.LISTEN_PORT.check(70000)).hasMessage("listen_port: not a port (0-65535): 70000");
    assertThatThrownBy(() -> EngineOptions.LISTEN_PORT.parse("99999")).hasMessage("listen_port: not a port (0-65535): 99999");
    assertThatThrownBy(() -> EngineOptions.LISTEN_PORT.parse("http")).hasMessage("listen_port: not an integer: \"http\"");
    assertThatThrownBy(() -> EngineOptions.LISTEN_PORT.check(null)).isInstanceOf(NullPointerException.class).hasMessage("listen_port");
    assertThatThrownBy(() -> TlsPassThrough.IGNORE_HOSTS.check(List.of("ok", "(")))
        .hasMessageStartingWith("ignore_hosts: regex \"(\"");
  }

  @Test
  void aSecretIsNeverRepeatedInTheError() {
    assertThatThrownBy(() -> EngineOptions.UPSTREAM_AUTH.parse("secret-without-user"))
        .hasMessage("upstream_auth: expected user:password on one line, with a non-empty user")
        .hasNoCause();
    assertThat(EngineOptions.UPSTREAM_AUTH.parse("me:secret")).isEqualTo("me:secret");
  }

  @Test
  void aChoiceTakesItsConstantsInAnyCaseAndListsThemWhenBad() {
    Option<ConnectionStrategy> option = EngineOptions.CONNECTION_STRATEGY;

    assertThat(option.parse("LAZY")).isEqualTo(ConnectionStrategy.LAZY);
    assertThat(option.type()).isEqualTo("one of eager, lazy");
    assertThat(option.format(option.defaultValue())).isEqualTo("eager");
    assertThatThrownBy(() -> option.parse("sometimes"))
        .hasMessage("connection_strategy: expected eager/lazy, got \"sometimes\"");
  }

  @Test
  void aDeclarationNeedsAWellFormedNameHelpAndADefaultThatPassesItsCheck() {
    assertThatThrownBy(() -> Option.bool("Block-Trackers")).hasMessageContaining("\"Block-Trackers\"");
    assertThatThrownBy(() -> Option.bool("block_trackers").build()).hasMessage("block_trackers: help is required");
    assertThatThrownBy(() -> Option.of("block_list", "str", text -> text).help("A list.").build())
        .hasMessage("block_list: a default value (or optional()) is required");
    assertThatThrownBy(() -> Option.integer("retries").defaultValue(-1).help("Retries.")
        .check(n -> {
          if (n < 0) {
            throw new IllegalArgumentException("must be 0 or more, got " + n);
          }
        }).build())
        .hasMessage("retries: must be 0 or more, got -1");
  }

  @Test
  void aThirdPartyOptionConfiguresTheBuilderItIsSetOn() {
    Option<Integer> retries = Option.integer("upload_retries").defaultValue(3).help("How often an upload is retried.")
        .build();

    assertThat(retries.parse(" 5 ")).isEqualTo(5);
    assertThat(retries.format(retries.defaultValue())).isEqualTo("3");
    assertThat(retries).hasToString("upload_retries");
  }
}

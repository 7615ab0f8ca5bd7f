package dev.sluice.core.internal;

import dev.sluice.api.FlowHook;
import dev.sluice.core.HookPhase;
import dev.sluice.core.options.Option;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code ProxyServer.Builder} has been told, in order: the hooks with their phases, and the
 * options with their values, each at the place where it was first set (the hooks it adds when
 * the proxy starts go there).
 *
 * <pre>{@code
 * settings.set(Anticache.ANTICACHE, true);
 * settings.hook(HookPhase.RECORDING, recorder);
 * settings.entries();   // [OptionEntry[name=anticache], HookEntry[phase=RECORDING, hook=...]]
 * }</pre>
 */
public final class BuilderSettings {

  /** A hook with its phase, or the place of an option's hooks. */
  public sealed interface Entry permits HookEntry, OptionEntry {}

  /** A hook added to a phase. */
  public record HookEntry(HookPhase phase, FlowHook hook) implements Entry {}

  /** The place of the option named {@code name}. */
  public record OptionEntry(String name) implements Entry {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Option<?>> options = new HashMap<>();
  private final Map<String, Object> values = new HashMap<>();

  /** Adds {@code hook} to {@code phase}, after the entries so far. */
  public void hook(HookPhase phase, FlowHook hook) {
    entries.add(new HookEntry(phase, hook));
  }

  /** Sets {@code option} to {@code value} (already checked); the first setting takes its place among the entries. */
  public <T> void set(Option<T> option, T value) {
    if (!options.containsKey(option.name())) {
      entries.add(new OptionEntry(option.name()));
    }
    options.put(option.name(), option);
    values.put(option.name(), value);
  }

  /** The value set for {@code option}'s name, or {@code option}'s default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    return options.containsKey(option.name()) ? (T) values.get(option.name()) : option.defaultValue();
  }

  /** Whether an option of {@code option}'s name was set. */
  public boolean isSet(Option<?> option) {
    return options.containsKey(option.name());
  }

  /** The option last set under {@code name}. */
  public Option<?> option(String name) {
    return options.get(name);
  }

  /** The hooks and option places, in the order added. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }
}

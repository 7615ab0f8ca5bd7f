/**
 * mitmproxy's filter language, behind {@link dev.sluice.api.FlowFilter#parse(String)}.
 *
 * <p>Starting points: {@link dev.sluice.api.internal.filter.FilterParser} (the grammar),
 * {@code FilterLexer} (words, quotes, operators), {@code Flag} and {@code RegexField} (what each
 * {@code ~operator} tests), {@code FlowText} (the parts of a flow the regexes search, read as
 * mitmproxy reads them). Not an API: use {@code FlowFilter.parse}.
 */
package dev.sluice.api.internal.filter;

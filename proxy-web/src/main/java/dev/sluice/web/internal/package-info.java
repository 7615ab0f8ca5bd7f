/** The web view's server, its flow JSON and the page's HTML; not an API. */
package dev.sluice.web.internal;

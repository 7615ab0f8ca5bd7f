# Turns run.sh's results (case TAB target TAB value) into the markdown tables: throughput as a ratio
# to direct (absolute in brackets), latency percentiles with their ratio to direct, then memory and
# start-up of each proxy in absolute terms (there is no "direct" to divide by).
BEGIN { n = split(targets, t, " "); split("1k 1 KiB,100k 100 KiB,10m 10 MiB", sizes, ","); names["direct"] = "direct"; names["sluice"] = "Sluice"; names["baseline"] = "Sluice at " baseline
  names["littleproxy"] = "LittleProxy"; names["mitmdump"] = "mitmdump"; names["haproxy"] = "HAProxy" }
{ v[$1, $2] = $3 }
function header(first,   i, line, rule) {
  line = "| " first; rule = "|---"
  for (i = 1; i <= n; i++) { line = line " | " names[t[i]]; rule = rule "|---:" }
  print line " |"; print rule "|"
}
function section(title, first) { print ""; print title; print ""; header(first) }
function num(x) { return x == "" ? "" : sprintf(x >= 100 ? "%.0f" : "%.2f", x) }
function throughput(key, label,   i, d, line, x) {
  d = v[key, "direct"]; line = "| " label
  for (i = 1; i <= n; i++) {
    x = v[key, t[i]]
    if (x == "") line = line " | –"
    else if (t[i] == "direct") line = line " | 1 (" num(x) ")"
    else line = line " | **" (d > 0 ? sprintf("%.2f", x / d) : "?") "** (" num(x) ")"
  }
  print line " |"
}
function latency(key, label,   i, line, p50, p99, d50, d99) {
  d50 = v[key "_p50", "direct"]; d99 = v[key "_p99", "direct"]; line = "| " label
  for (i = 1; i <= n; i++) {
    p50 = v[key "_p50", t[i]]; p99 = v[key "_p99", t[i]]
    if (p50 == "") { line = line " | –"; continue }
    line = line " | " sprintf("%.2f / %.2f", p50, p99)
    if (t[i] != "direct" && d50 > 0 && d99 > 0) line = line sprintf(" (×%.1f / ×%.1f)", p50 / d50, p99 / d99)
  }
  print line " |"
}
function absolute(key, label, unit,   i, line, x) {
  line = "| " label
  for (i = 1; i <= n; i++) { x = v[key, t[i]]; line = line " | " (x == "" ? "–" : x " " unit) }
  print line " |"
}
# Sluice against an anchor peer (HAProxy): the ratio of their figures, both absolute in brackets.
function against(key, label, anchor,   a, x) {
  a = v[key, anchor]; x = v[key, "sluice"]
  if (a == "" || x == "") return
  print "| " label " | **" sprintf("%.2f", x / a) "** | " num(x) " | " num(a) " | " (v[key, "direct"] == "" ? "–" : num(v[key, "direct"])) " |"
}
function row(kind, key, label) {
  if (kind == "throughput") throughput(key, label)
  else if (kind == "latency") latency(key, label)
  else absolute(key "_cpu", label, "µs")
}
function http_rows(kind,   s, kv) {
  for (s = 1; s <= 3; s++) {
    split(sizes[s], kv, " ")
    row(kind, "http_" kv[1] "_c1", "HTTP " kv[2] " " kv[3] ", 1 connection")
    row(kind, "http_" kv[1] "_c32", "HTTP " kv[2] " " kv[3] ", 32 connections")
  }
}
END {
  print "Measured " date " on " machine "."
  section("Throughput, ratio to direct in the same run (absolute in brackets: requests/s, or MiB/s for 1 GiB):", "case")
  http_rows("throughput")
  throughput("https_keepalive", "HTTPS intercepted 1 KiB, keep-alive, 32 concurrent")
  throughput("https_fresh", "HTTPS intercepted 1 KiB, new connection + handshake each, 50 hosts, 8 concurrent")
  throughput("h2_1k", "HTTP/2 1 KiB, reverse mode to nginx, 10 connections x 10 streams (h2load)")
  throughput("h2_1k_cold", "HTTP/2 1 KiB, first run, cold")
  throughput("h2_1g_download", "HTTP/2 1 GiB download, reverse mode, one transfer (MiB/s)")
  throughput("1g_download", "1 GiB download, streamed, median of " warm_rounds " warm rounds (MiB/s)")
  throughput("1g_upload", "1 GiB upload, streamed, median of " warm_rounds " warm rounds (MiB/s)")
  throughput("1g_download_cold", "1 GiB download, first transfer, cold (MiB/s)")
  throughput("1g_upload_cold", "1 GiB upload, first transfer, cold (MiB/s)")
  if (v["rev_1k_c1", "haproxy"] != "" || v["h2_1k", "haproxy"] != "") {
    print ""; print "Sluice against HAProxy (one thread) in the same run: Sluice in reverse mode, HAProxy in HTTP mode (HTTP/2 on both sides for HTTP/2; TCP mode with splice for 1 GiB), both in front of the same nginx:"; print ""
    print "| case | Sluice / HAProxy | Sluice | HAProxy | direct |"; print "|---|---:|---:|---:|---:|"
    against("rev_1k_c1", "HTTP 1 KiB, 1 connection (requests/s)", "haproxy")
    against("rev_1k_c32", "HTTP 1 KiB, 32 connections", "haproxy")
    against("rev_100k_c1", "HTTP 100 KiB, 1 connection", "haproxy")
    against("rev_100k_c32", "HTTP 100 KiB, 32 connections", "haproxy")
    against("h2_1k", "HTTP/2 1 KiB, 10 connections x 10 streams", "haproxy")
    against("relay_1g_download", "1 GiB download, median of 3 after a cold one (MiB/s)", "haproxy")
    against("relay_1g_upload", "1 GiB upload, median of 3 after a cold one (MiB/s)", "haproxy")
  }
  section("Latency p50 / p99 in ms (ratio to direct's p50 / p99):", "case")
  http_rows("latency")
  latency("https_keepalive", "HTTPS keep-alive, 32 concurrent")
  latency("https_fresh", "HTTPS new connection each, 8 concurrent")
  section("CPU time each proxy spent per request (user + system, µs), the figure least disturbed by a busy machine:", "case")
  http_rows("cpu")
  absolute("h2_1k_cpu", "HTTP/2 1 KiB, 10 connections x 10 streams", "µs")
  absolute("rev_1k_c1_cpu", "reverse mode, HTTP 1 KiB, 1 connection", "µs")
  absolute("rev_1k_c32_cpu", "reverse mode, HTTP 1 KiB, 32 connections", "µs")
  absolute("rev_100k_c1_cpu", "reverse mode, HTTP 100 KiB, 1 connection", "µs")
  absolute("rev_100k_c32_cpu", "reverse mode, HTTP 100 KiB, 32 connections", "µs")
  section("CPU time per streamed GiB, median of the warm rounds (ms): the whole machine's (curl, nginx and the proxy) and the proxy's own:", "case")
  absolute("1g_download_machine_cpu", "1 GiB download, machine", "ms")
  absolute("1g_download_proxy_cpu", "1 GiB download, proxy", "ms")
  absolute("1g_upload_machine_cpu", "1 GiB upload, machine", "ms")
  absolute("1g_upload_proxy_cpu", "1 GiB upload, proxy", "ms")
  section("Each proxy's start-up (launch to first proxied response, CA already on disk) and resident memory:", "")
  absolute("startup", "start-up, median of " startup_runs " (`./sluice`, or the peer's usual command)", "ms")
  absolute("startup_jar", "start-up, median of " startup_runs ", `java -jar sluice.jar`", "ms")
  absolute("idle_rss", "idle RSS after start-up", "MiB")
  absolute("1g_download_rss_before", "RSS before the 1 GiB downloads", "MiB")
  absolute("1g_download_peak_rss", "peak RSS, 1 GiB download (" warm_rounds + 1 " transfers)", "MiB")
  absolute("1g_upload_rss_before", "RSS before the 1 GiB uploads", "MiB")
  absolute("1g_upload_peak_rss", "peak RSS, 1 GiB upload (" warm_rounds + 1 " transfers)", "MiB")
  absolute("h2_1g_rss_before", "RSS before the HTTP/2 1 GiB download (reverse-mode instance)", "MiB")
  absolute("h2_1g_peak_rss", "peak RSS, HTTP/2 1 GiB download", "MiB")
  absolute("burst_rss_before", "RSS of a fresh instance, before the burst of " burst_connections " connections", "MiB")
  absolute("burst_peak_rss", "peak RSS during the burst (20 s of 1 KiB requests on every connection)", "MiB")
  absolute("burst_rss_after", "RSS 60 s after the burst", "MiB")
  absolute("burst_rps", "requests/s during the burst", "")
}

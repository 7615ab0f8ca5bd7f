#!/usr/bin/env bash
# The side-by-side load harness: direct to nginx, through Sluice, LittleProxy and mitmdump, in one
# run on loopback, every figure as a ratio to direct. Installs nginx and wrk (apt) if missing,
# fetches LittleProxy from Maven Central, builds Sluice if needed, stops everything it started.
# Sluice runs as the README says, with ./sluice (the launcher and its JVM flags).
# Usage: proxy-bench/run.sh            (BENCH_SECONDS=5 per measurement, BENCH_KEEP=1 keeps the work dir,
#        BENCH_BASELINE=<git revision> adds Sluice built at that revision as a column of its own,
#        BENCH_STARTUP_RUNS=5 timed starts of each proxy, BENCH_BURST=0 skips the 9 000-connection burst,
#        BENCH_H2_WARMUP=20 seconds of h2load between the cold HTTP/2 run and the measured one)
# The table is printed and written to proxy-bench/target/bench-results.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/proxy-bench"
measure="${BENCH_SECONDS:-5}"
baseline="${BENCH_BASELINE:-}"
startup_runs="${BENCH_STARTUP_RUNS:-5}"
burst_connections=9000
targets=(direct sluice ${baseline:+baseline} littleproxy mitmdump)
hosts=50

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- what the harness needs -------------------------------------------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null || ! command -v h2load >/dev/null \
    || ! command -v haproxy >/dev/null; then
  log "installing nginx, wrk, h2load and haproxy"
  as_root apt-get install -y nginx wrk nghttp2-client haproxy >/dev/null
fi
if ! command -v mitmdump >/dev/null; then
  log "installing mitmproxy (the reference peer)"
  as_root apt-get install -y mitmproxy >/dev/null || log "mitmproxy not installable: its column stays empty"
fi

sluice_jar="$root/proxy-cli/target/sluice.jar"
bench_jar="$bench/target/benchmarks.jar"
if [ ! -f "$sluice_jar" ] || [ ! -f "$bench_jar" ] \
    || [ -n "$(find "$root" -path '*/src/main/*' -newer "$bench_jar" -print -quit)" ] \
    || [ -n "$(find "$root" -path '*/src/main/*' -newer "$sluice_jar" -print -quit)" ]; then
  log "building Sluice and proxy-bench"
  (cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl proxy-cli,proxy-bench -am package)
fi

# The baseline keeps its own launcher beside its jar (no sources there: the launcher builds nothing).
baseline_root="$bench/target/baseline/$baseline"
baseline_jar="$baseline_root/proxy-cli/target/sluice.jar"
if [ -n "$baseline" ] && [ ! -f "$baseline_jar" ]; then
  log "building Sluice at $baseline (the baseline column)"
  checkout="$(mktemp -d /tmp/sluice-baseline.XXXXXX)"
  git -C "$root" worktree add -q --detach "$checkout" "$baseline"
  (cd "$checkout" && ./mvnw -q -B -ntp -DskipTests -pl proxy-cli -am package)
  mkdir -p "$(dirname "$baseline_jar")" && cp "$checkout/proxy-cli/target/sluice.jar" "$baseline_jar"
  cp "$checkout/sluice" "$baseline_root/sluice"
  git -C "$root" worktree remove --force "$checkout"
fi

peers="$bench/target/peers"
if [ ! -f "$peers/classes/dev/sluice/bench/peers/LittleProxyPeer.class" ] \
    || [ -n "$(find "$bench/peers" -newer "$peers/classes/dev/sluice/bench/peers/LittleProxyPeer.class" -type f -print -quit)" ]; then
  log "fetching LittleProxy"
  rm -rf "$peers" && mkdir -p "$peers/classes"
  (cd "$root" && ./mvnw -q -B -ntp -f proxy-bench/peers/pom.xml dependency:copy-dependencies -DoutputDirectory="$peers/lib")
  javac -d "$peers/classes" -cp "$peers/lib/*" "$bench/peers/src/dev/sluice/bench/peers/LittleProxyPeer.java"
fi

# --- the work directory, and stopping everything on exit ---------------------------------------
work="$(mktemp -d /tmp/sluice-bench.XXXXXX)"
shm="$(mktemp -d /dev/shm/sluice-bench.XXXXXX 2>/dev/null || mktemp -d "$work/upload.XXXXXX")"
chmod 755 "$work" && chmod 777 "$shm"   # nginx's workers run as another user when started by root
declare -A pid=()
cleanup() {
  for name in "${!pid[@]}"; do kill "${pid[$name]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$shm"
  if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$work"; else log "kept $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A port=([direct]="" [sluice]="$(free_port)" [sluice_jar]="$(free_port)" [baseline]="$(free_port)"
  [littleproxy]="$(free_port)" [mitmdump]="$(free_port)")
http_port="$(free_port)"
https_port="$(free_port)"
h2_origin_port="$(free_port)"
now_ms() { date +%s%3N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system time of a process
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
results="$work/results.tsv"
: >"$results"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# --- the origin ---------------------------------------------------------------------------------
log "writing the files (1 KiB, 100 KiB, 10 MiB random; 1 GiB sparse)"
mkdir -p "$work/www" "$work/nginx/logs" "$work/nginx/tmp"
head -c 1024 /dev/urandom >"$work/www/1k"
head -c 102400 /dev/urandom >"$work/www/100k"
head -c 10485760 /dev/urandom >"$work/www/10m"
truncate -s 1G "$work/www/1g"

sans="$(seq -s, -f 'IP:127.0.0.%g' 1 "$hosts")"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=sluice-bench-origin \
  -addext "subjectAltName=$sans" -keyout "$work/nginx/origin.key" -out "$work/nginx/origin.pem" 2>/dev/null
listens="$(for i in $(seq 1 "$hosts"); do printf '    listen 127.0.0.%s:%s ssl;\n' "$i" "$https_port"; done)"
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
worker_rlimit_nofile 20000;
events { worker_connections 10000; }
http {
  access_log off;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  client_body_temp_path $shm;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  ssl_certificate $work/nginx/origin.pem;
  ssl_certificate_key $work/nginx/origin.key;
  server {
    listen 127.0.0.1:$http_port;
$listens
    root $work/www;
    location /upload/ {
      root $shm;
      dav_methods PUT;
      create_full_put_path on;
      client_max_body_size 0;
    }
  }
  server {
    listen 127.0.0.1:$h2_origin_port ssl http2;
    root $work/www;
  }
}
EOF
log "starting nginx (http 127.0.0.1:$http_port, https 127.0.0.1-$hosts:$https_port)"
nginx -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf" &
pid[nginx]=$!
origin="http://127.0.0.1:$http_port"
for _ in $(seq 1 100); do curl -fso /dev/null "$origin/1k" && break; sleep 0.1; done
curl -fso /dev/null "$origin/1k" || { log "nginx did not start: $(tail -3 "$work/nginx/logs/error.log")"; exit 1; }

# --- the proxies --------------------------------------------------------------------------------
mkdir -p "$work/sluice" "$work/sluice_jar" "$work/baseline" "$work/littleproxy" "$work/mitmdump"
launch() {
  local target="$1" p="${port[$1]}" out="$work/$1/out.log"
  case "$target" in
    sluice) "$root/sluice" -q -p "$p" -k --set confdir="$work/sluice" --set stream_large_bodies=1m >"$out" 2>&1 & ;;
    sluice_jar) java -jar "$sluice_jar" -q -p "$p" -k --set confdir="$work/sluice" --set stream_large_bodies=1m >"$out" 2>&1 & ;;
    baseline) "$baseline_root/sluice" -q -p "$p" -k --set confdir="$work/baseline" --set stream_large_bodies=1m >"$out" 2>&1 & ;;
    littleproxy) (cd "$work/littleproxy" && exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$peers/classes:$peers/lib/*" dev.sluice.bench.peers.LittleProxyPeer "$p" "$work/littleproxy") >"$out" 2>&1 & ;;
    mitmdump) mitmdump -q --listen-host 127.0.0.1 -p "$p" --set confdir="$work/mitmdump" --set ssl_insecure=true \
        --set stream_large_bodies=1m >"$out" 2>&1 & ;;
  esac
  pid[$target]=$!
}
wait_ready() {
  local target="$1" deadline=$(( $(date +%s) + 60 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:${port[$target]}" "$origin/1k")" = 200 ] && return 0
    kill -0 "${pid[$target]}" 2>/dev/null || break
    sleep 0.01
  done
  log "$target did not start: $(tail -5 "$work/$target/out.log")"
  return 1
}
stop() { kill "${pid[$1]}" 2>/dev/null || true; wait "${pid[$1]}" 2>/dev/null || true; }

# --- start-up: launch to the first proxied response, CA on disk ----------------------------------
# Sluice as the README starts it (./sluice, whose first run records its class-data archive) and as
# java -jar, the peers with their usual command. A first start of each creates its CA; then the
# proxies take turns, $startup_runs rounds, and each gets the median of its starts.
log "start-up: a first start of each proxy, then $startup_runs timed rounds"
startable=()
for target in sluice sluice_jar ${baseline:+baseline} littleproxy mitmdump; do
  if [ "$target" = mitmdump ] && ! command -v mitmdump >/dev/null; then continue; fi
  if launch "$target" && wait_ready "$target"; then startable+=("$target"); fi
  stop "$target"
done
declare -A startups=()
for round in $(seq 1 "$startup_runs"); do
  for target in "${startable[@]}"; do
    start="$(now_ms)"
    if launch "$target" && wait_ready "$target"; then startups[$target]+=" $(( $(now_ms) - start ))"; fi
    stop "$target"
  done
  log "  round $round:$(for target in "${startable[@]}"; do printf ' %s %s ms' "$target" "${startups[$target]##* }"; done)"
done
for target in "${startable[@]}"; do
  [ -n "${startups[$target]:-}" ] || continue
  case "$target" in
    sluice_jar) record startup_jar sluice "$(echo "${startups[$target]}" | median)" ;;
    *) record startup "$target" "$(echo "${startups[$target]}" | median)" ;;
  esac
done
unset startups

running=(direct)
for target in "${targets[@]:1}"; do
  [[ " ${startable[*]} " == *" $target "* ]] || continue
  log "starting $target on 127.0.0.1:${port[$target]}"
  launch "$target" && wait_ready "$target" || continue
  running+=("$target")
done
sleep 2
for target in "${running[@]:1}"; do record idle_rss "$target" "$(mib "$(rss_kib "${pid[$target]}")")"; done
declare -A trust=([direct]="$work/nginx/origin.pem" [sluice]="$work/sluice/sluice-ca-cert.pem"
  [baseline]="$work/baseline/sluice-ca-cert.pem"
  [littleproxy]="$work/littleproxy/littleproxy_cert" [mitmdump]="$work/mitmdump/mitmproxy-ca-cert.pem")
proxy_of() { [ "$1" = direct ] && echo "" || echo "127.0.0.1:${port[$1]}"; }

# --- 1 GiB through each proxy: throughput and peak resident memory, first, from idle ------------
# Loopback transfers on two shared cores swing by 2-4x from one run to the next, direct included
# (where the scheduler puts curl and nginx), so the targets take turns, round after round: the
# first round runs cold (the JIT still compiling the path), the median of the next rounds warm.
# Beside the speed, two CPU figures per GiB that placement disturbs far less: the whole machine's
# busy CPU time (curl, nginx and the proxy together) and the proxy's own.
warm_rounds=5
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }   # user nice system irq softirq
transfer() {   # prints "MiB/s machine-ms proxy-ms" of one 1 GiB transfer of kind $2 via target $1, or fails
  local proxy=() upload=() url="$origin/1g" took busy0 own0=0 own1=0
  [ "$1" = direct ] || { proxy=(-x "http://127.0.0.1:${port[$1]}"); own0="$(cpu_ticks "${pid[$1]}")"; }
  [ "$2" = upload ] && { upload=(-T "$work/www/1g" -H 'Expect:'); url="$origin/upload/1g"; }
  busy0="$(machine_busy)"
  took="$(curl -sf -o /dev/null "${proxy[@]}" "${upload[@]}" -w '%{time_total}' "$url")" || return 1
  [ "$1" = direct ] || own1="$(cpu_ticks "${pid[$1]}")"
  awk -v t="$took" -v busy="$(( $(machine_busy) - busy0 ))" -v own="$(( own1 - own0 ))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.1f %.0f %.0f\n", 1024 / t, busy * 1000 / hz, own * 1000 / hz}'
}
for kind in download upload; do
  declare -A speeds=() machine=() own=() failed=()
  for target in "${running[@]}"; do
    [ "$target" = direct ] && continue
    echo 5 >"/proc/${pid[$target]}/clear_refs"
    record "1g_${kind}_rss_before" "$target" "$(mib "$(rss_kib "${pid[$target]}")")"
  done
  for round in $(seq 0 "$warm_rounds"); do
    log "1 GiB $kind, round $round of $warm_rounds (0 is cold)"
    for target in "${running[@]}"; do
      [ -z "${failed[$target]:-}" ] || continue
      if read -r speed busy mine < <(transfer "$target" "$kind") && [ -n "${speed:-}" ]; then
        log "  $target $speed MiB/s, machine CPU $busy ms, proxy CPU $mine ms"
        speeds[$target]+=" $speed"
        [ "$round" = 0 ] || { machine[$target]+=" $busy"; own[$target]+=" $mine"; }
      else
        failed[$target]=1; log "  via $target failed"
      fi
    done
  done
  for target in "${running[@]}"; do
    [ -z "${failed[$target]:-}" ] || continue
    read -r -a runs <<<"${speeds[$target]}"
    record "1g_${kind}_cold" "$target" "${runs[0]}"
    record "1g_${kind}" "$target" "$(echo "${runs[@]:1}" | median)"
    record "1g_${kind}_machine_cpu" "$target" "$(echo "${machine[$target]}" | median)"
    [ "$target" = direct ] && continue
    record "1g_${kind}_proxy_cpu" "$target" "$(echo "${own[$target]}" | median)"
    record "1g_${kind}_peak_rss" "$target" "$(mib "$(hwm_kib "${pid[$target]}")")"
  done
  unset speeds machine own failed
done

# --- plain HTTP with wrk ------------------------------------------------------------------------
cat >"$work/absolute-form.lua" <<'EOF'
wrk.path = os.getenv("BENCH_URL")
wrk.headers["Host"] = os.getenv("BENCH_HOST")
EOF
to_ms() { awk '{v=$1; if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v}'; }
run_wrk() {
  local target="$1" size="$2" conns="$3" seconds="$4" threads=$(( $3 > 1 ? 2 : 1 ))
  if [ "$target" = direct ]; then
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$origin/$size"
  else
    BENCH_URL="$origin/$size" BENCH_HOST="127.0.0.1:$http_port" \
      wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s "$work/absolute-form.lua" "http://127.0.0.1:${port[$target]}/"
  fi
}
for size in 1k 100k 10m; do
  for conns in 1 32; do
    for target in "${running[@]}"; do
      log "wrk $size, $conns connection(s), $target"
      run_wrk "$target" "$size" "$conns" 1 >/dev/null
      [ "$target" = direct ] || cpu_before="$(cpu_ticks "${pid[$target]}")"
      out="$(run_wrk "$target" "$size" "$conns" "$measure")"
      case="http_${size}_c${conns}"
      record "$case" "$target" "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
      if [ "$target" != direct ]; then
        record "${case}_cpu" "$target" "$(awk -v t="$(( $(cpu_ticks "${pid[$target]}") - cpu_before ))" -v hz="$(getconf CLK_TCK)" \
          '/ requests in / {printf "%.0f", t * 1e6 / hz / $1}' <<<"$out")"
      fi
      record "${case}_p50" "$target" "$(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms)"
      record "${case}_p99" "$target" "$(awk '$1 == "99%" {print $2}' <<<"$out" | to_ms)"
      bad="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
      [ -z "$bad" ] || log "  $target: $bad"
    done
  done
done

# --- HTTPS through CONNECT with interception (the Java load client) -----------------------------
https_load() {   # uses $mode, $target and $verify of the loop below
  java -cp "$bench_jar" dev.sluice.bench.load.HttpsLoad mode="$mode" proxy="$(proxy_of "$target")" \
    port="$https_port" path=/1k hosts="$hosts" trust="${trust[$target]}" verify_hostname="$verify" \
    concurrency="${concurrency[$mode]}" "$@" 2>"$work/https.err"
}
declare -A concurrency=([keepalive]=32 [fresh]=8)
for mode in keepalive fresh; do
  for target in "${running[@]}"; do
    log "https $mode, ${concurrency[$mode]} concurrent, $target"
    verify=true   # LittleProxy's one certificate (CN=littleproxy) names no host: trusted, not matched
    [ "$target" = littleproxy ] && verify=false
    # A first, unmeasured keep-alive pass warms the proxy's TLS code (one host, so the fresh
    # connections that follow still mint a certificate for each of the other hosts).
    [ "$mode" = fresh ] || https_load seconds=3 warmup=0 out="$work/warmup.txt" || true
    https_load seconds="$measure" warmup=2 out="$work/https.txt" || { log "  failed: $(tail -3 "$work/https.err")"; continue; }
    read -r rps p50 p99 errors <"$work/https.txt"
    [ "$rps" != 0.0 ] || { log "  no request completed in the measured window ($errors failed)"; continue; }
    record "https_${mode}" "$target" "$rps"
    record "https_${mode}_p50" "$target" "$p50"
    record "https_${mode}_p99" "$target" "$p99"
    [ "$errors" = 0 ] || log "  $target: $errors failed requests"
  done
done

# --- HAProxy, the anchor for reverse mode (issue 18) -----------------------------------------------
# Debian's HAProxy with one thread: HTTP mode in front of nginx's plain HTTP (the reverse-mode
# cases), HTTP/2 on both sides in front of nginx's HTTP/2 (the HTTP/2 case), and TCP mode with
# kernel splice (the relay limit for 1 GiB).
start_haproxy() {
  command -v haproxy >/dev/null || { log "no haproxy: its cases stay empty"; return 1; }
  haproxy_http_port="$(free_port)"; haproxy_h2_port="$(free_port)"; haproxy_tcp_port="$(free_port)"
  cat "$work/nginx/origin.pem" "$work/nginx/origin.key" >"$work/haproxy.pem"
  cat >"$work/haproxy.cfg" <<EOF
global
  nbthread 1
  # two descriptors a connection and two a splice pipe (a quarter of them): under 20 000 open files
  maxconn 7000
defaults
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend http
  mode http
  bind 127.0.0.1:$haproxy_http_port
  default_backend nginx_http
backend nginx_http
  mode http
  http-reuse always
  server origin 127.0.0.1:$http_port
frontend h2
  mode http
  bind 127.0.0.1:$haproxy_h2_port ssl crt $work/haproxy.pem alpn h2,http/1.1
  default_backend nginx_h2
backend nginx_h2
  mode http
  server origin 127.0.0.1:$h2_origin_port ssl verify none alpn h2
frontend tcp
  mode tcp
  option splice-auto
  bind 127.0.0.1:$haproxy_tcp_port
  default_backend nginx_tcp
backend nginx_tcp
  mode tcp
  option splice-auto
  server origin 127.0.0.1:$http_port
EOF
  haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  pid[haproxy]=$!
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$haproxy_http_port/1k")" = 200 ] && return 0
    sleep 0.05
  done
  log "haproxy did not start: $(tail -3 "$work/haproxy.log")"
  kill "${pid[haproxy]}" 2>/dev/null || true
  unset 'pid[haproxy]'
  return 1
}

# --- HTTP/2: h2load against each proxy in reverse mode in front of nginx's HTTP/2 ----------------
# h2load offers only h2. mitmdump 8 dials a reverse target before the client's hello unless its
# connection strategy is lazy, and then offers the server no h2 and the client gets HTTP/1.1: lazy
# lets it speak HTTP/2 on both sides. LittleProxy has no HTTP/2.
declare -A h2_port=([direct]="$h2_origin_port")
h2_running=(direct)
start_haproxy && { h2_port[haproxy]="$haproxy_h2_port"; h2_running+=(haproxy); pid[haproxy_h2]="${pid[haproxy]}"; }
for target in sluice mitmdump; do
  [[ " ${running[*]} " == *" $target "* ]] || continue
  p="$(free_port)"; reverse="reverse:https://127.0.0.1:$h2_origin_port"
  case "$target" in
    sluice) "$root/sluice" -q -p "$p" -k -m "$reverse" --set confdir="$work/sluice" \
        --set stream_large_bodies=1m >"$work/sluice/h2.log" 2>&1 & ;;
    mitmdump) mitmdump -q --listen-host 127.0.0.1 -p "$p" --mode "$reverse" --set confdir="$work/mitmdump" \
        --set ssl_insecure=true --set connection_strategy=lazy --set stream_large_bodies=1m >"$work/mitmdump/h2.log" 2>&1 & ;;
  esac
  pid[${target}_h2]=$!
  for _ in $(seq 1 600); do
    [ "$(curl -sk --http2 -o /dev/null -w '%{http_version}' "https://127.0.0.1:$p/1k")" = 2 ] && break
    sleep 0.1
  done
  if [ "$(curl -sk --http2 -o /dev/null -w '%{http_version}' "https://127.0.0.1:$p/1k")" = 2 ]; then
    h2_port[$target]="$p"; h2_running+=("$target")
  else
    log "$target in reverse mode does not answer HTTP/2: $(tail -3 "$work/$target/h2.log")"
  fi
done
h2_load() { h2load --npn-list=h2 -c 10 -m 10 -D "$2" "https://127.0.0.1:${h2_port[$1]}/1k"; }
# The HTTP/2 path has code of its own that no case before ran: a first run is recorded as cold,
# then ${h2_warmup}s more warm it up before the measured run (a JVM's JIT took 20-40 s of this
# load to reach its steady rate on 2 cores).
h2_warmup="${BENCH_H2_WARMUP:-20}"
for target in "${h2_running[@]}"; do
  log "h2load 1 KiB, 10 connections x 10 streams, $target"
  record h2_1k_cold "$target" "$(h2_load "$target" "$measure" | awk '/^finished in/ {print $4}')"
  h2_load "$target" "$h2_warmup" >/dev/null
  [ "$target" = direct ] || cpu_before="$(cpu_ticks "${pid[${target}_h2]}")"
  out="$(h2_load "$target" "$measure")"
  record h2_1k "$target" "$(awk '/^finished in/ {print $4}' <<<"$out")"
  if [ "$target" != direct ]; then
    record h2_1k_cpu "$target" "$(awk -v t="$(( $(cpu_ticks "${pid[${target}_h2]}") - cpu_before ))" -v hz="$(getconf CLK_TCK)" \
      '/^requests:/ {printf "%.0f", t * 1e6 / hz / $8}' <<<"$out")"
  fi
  bad="$(awk '/^requests:/ && ($10 != 0 || $12 != 0 || $14 != 0) {print}' <<<"$out")"
  [ -z "$bad" ] || log "  $target: $bad"
done
for target in "${h2_running[@]}"; do
  log "1 GiB download over HTTP/2, $target"
  if [ "$target" != direct ]; then
    echo 5 >"/proc/${pid[${target}_h2]}/clear_refs"
    record h2_1g_rss_before "$target" "$(mib "$(rss_kib "${pid[${target}_h2]}")")"
  fi
  took="$(curl -sfk --http2 -o /dev/null -w '%{time_total}' "https://127.0.0.1:${h2_port[$target]}/1g")" \
    || { log "  failed"; continue; }
  record h2_1g_download "$target" "$(awk -v t="$took" 'BEGIN {printf "%.1f", 1024 / t}')"
  [ "$target" = direct ] || record h2_1g_peak_rss "$target" "$(mib "$(hwm_kib "${pid[${target}_h2]}")")"
done

# --- reverse mode against HAProxy: wrk to Sluice in reverse mode and to HAProxy, in turns --------
# Sluice's reverse-mode instance, like HAProxy's HTTP mode, relays to nginx's plain HTTP; the
# 1 GiB transfers compare it with HAProxy's TCP mode with splice, the relay limit.
declare -A rev_port=([direct]="$http_port")
rev_running=(direct)
if [ -n "${pid[haproxy]:-}" ]; then
  rev_port[haproxy]="$haproxy_http_port"; rev_running+=(haproxy)
  p="$(free_port)"
  "$root/sluice" -q -p "$p" -k -m "reverse:http://127.0.0.1:$http_port" --set confdir="$work/sluice" \
    --set stream_large_bodies=1m >"$work/sluice/reverse.log" 2>&1 &
  pid[sluice_rev]=$!
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/1k")" = 200 ] && break
    sleep 0.05
  done
  rev_port[sluice]="$p"; rev_running+=(sluice)
fi
rev_pid() { case "$1" in sluice) echo "${pid[sluice_rev]}";; *) echo "${pid[$1]}";; esac; }
for size in 1k 100k; do
  for conns in 1 32; do
    for target in "${rev_running[@]}"; do
      [ "${#rev_running[@]}" -gt 1 ] || break
      log "reverse mode, wrk $size, $conns connection(s), $target"
      threads=$(( conns > 1 ? 2 : 1 )); url="http://127.0.0.1:${rev_port[$target]}/$size"
      wrk -t"$threads" -c"$conns" -d1s "$url" >/dev/null || { log "  wrk against $target failed"; continue; }
      [ "$target" = direct ] || cpu_before="$(cpu_ticks "$(rev_pid "$target")")"
      out="$(wrk -t"$threads" -c"$conns" -d"${measure}s" "$url")" || { log "  wrk against $target failed"; continue; }
      record "rev_${size}_c${conns}" "$target" "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
      if [ "$target" != direct ]; then
        record "rev_${size}_c${conns}_cpu" "$target" "$(awk -v t="$(( $(cpu_ticks "$(rev_pid "$target")") - cpu_before ))" \
          -v hz="$(getconf CLK_TCK)" '/ requests in / {printf "%.0f", t * 1e6 / hz / $1}' <<<"$out")"
      fi
      bad="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
      [ -z "$bad" ] || log "  $target: $bad"
    done
  done
done
# 1 GiB through each relay, download and upload: a cold transfer, then the median of 3
relay_url() {
  case "$1" in
    direct) echo "http://127.0.0.1:$http_port" ;;
    haproxy) echo "http://127.0.0.1:$haproxy_tcp_port" ;;
    sluice) echo "http://127.0.0.1:${rev_port[sluice]}" ;;
  esac
}
for kind in download upload; do
  for target in "${rev_running[@]}"; do
    [ "${#rev_running[@]}" -gt 1 ] || break
    speeds=""
    for round in 0 1 2 3; do
      upload=(); url="$(relay_url "$target")/1g"
      [ "$kind" = upload ] && { upload=(-T "$work/www/1g" -H 'Expect:'); url="$(relay_url "$target")/upload/1g"; }
      took="$(curl -sf -o /dev/null "${upload[@]}" -w '%{time_total}' "$url")" || { log "  $kind via $target failed"; break; }
      [ "$round" = 0 ] || speeds+=" $(awk -v t="$took" 'BEGIN {printf "%.1f", 1024 / t}')"
    done
    [ -z "$speeds" ] || record "relay_1g_$kind" "$target" "$(echo "$speeds" | median)"
    log "1 GiB $kind through the relay, $target:$speeds MiB/s"
  done
done
[ -z "${pid[sluice_rev]:-}" ] || stop sluice_rev
[ -z "${pid[haproxy]:-}" ] || stop haproxy

# --- a burst of 9 000 concurrent connections: resident memory before, at the peak, 60 s after -------
# Each proxy afresh: wrk opens 9 000 keep-alive connections at once and sends 1 KiB requests on all
# of them for 20 s (a request may wait 30 s: the proxies are slow to take that many), then nothing.
# 9 000 clients are 18 000 sockets in the proxy, Sluice's default limit at 20 000 open files.
for target in "${h2_running[@]:1}"; do stop "${target}_h2"; done
[ "$(ulimit -n)" -ge 20000 ] || ulimit -n 20000 2>/dev/null || true
if [ "${BENCH_BURST:-1}" = 0 ]; then
  log "no burst (BENCH_BURST=0)"
elif [ "$(ulimit -n)" -lt 20000 ]; then
  log "no burst: it needs 20 000 open files (ulimit -n is $(ulimit -n))"
else
  for target in "${running[@]:1}"; do
    stop "$target"
    launch "$target" && wait_ready "$target" || continue
    sleep 2
    record burst_rss_before "$target" "$(mib "$(rss_kib "${pid[$target]}")")"
    echo 5 >"/proc/${pid[$target]}/clear_refs"
    log "burst of $burst_connections connections, $target"
    out="$(BENCH_URL="$origin/1k" BENCH_HOST="127.0.0.1:$http_port" wrk -t2 -c"$burst_connections" -d20s --timeout 30s \
      -s "$work/absolute-form.lua" "http://127.0.0.1:${port[$target]}/")"
    record burst_peak_rss "$target" "$(mib "$(hwm_kib "${pid[$target]}")")"
    record burst_rps "$target" "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    bad="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
    [ -z "$bad" ] || log "  $target: $bad"
    sleep 60
    record burst_rss_after "$target" "$(mib "$(rss_kib "${pid[$target]}")")"
    log "  $target: RSS after 60 s $(mib "$(rss_kib "${pid[$target]}")") MiB"
    stop "$target"
  done
fi

# --- the table ----------------------------------------------------------------------------------
mkdir -p "$bench/target"
awk -F'\t' -v targets="${targets[*]}${pid[haproxy]:+ haproxy}" -v baseline="$baseline" -v warm_rounds="$warm_rounds" \
    -v startup_runs="$startup_runs" -v burst_connections="$burst_connections" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" \
    -v machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)" \
    -f "$bench/table.awk" "$results" | tee "$bench/target/bench-results.md"

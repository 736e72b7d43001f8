#!/usr/bin/env bash
# A single-node Kafka (KRaft, broker + controller in one JVM) for tests and local runs, from Maven Central jars.
# Needs only Java 17+ and Maven. Jars are cached outside the repository.
#
#   kafka.sh fetch                        copy the broker's jars into the cache; prints the jar directory
#   kafka.sh start <dir> [port] [cport]   format storage in <dir> and start a broker on 127.0.0.1:<port>
#                                         (default 9092; controller on <cport>, default port+1); waits until it listens
#   kafka.sh stop <dir>                   stop the broker started in <dir> (SIGTERM, then SIGKILL after 15 s)
#
# Environment: KAFKA_CACHE_DIR (default ~/.cache/cur-kafka/<version>), KAFKA_HEAP (default 512m),
# KAFKA_START_TIMEOUT_SEC (default 90).
set -euo pipefail

KAFKA_VERSION=3.9.1
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="${KAFKA_CACHE_DIR:-${HOME}/.cache/cur-kafka/${KAFKA_VERSION}}"
LIBS_DIR="${CACHE_DIR}/libs"

die() { echo "kafka.sh: $*" >&2; exit 1; }

pom_digest() { cksum < "${HERE}/pom.xml" | cut -d' ' -f1; }

fetch() {
  local stamp="${LIBS_DIR}/.complete"
  if [[ -f "${stamp}" && "$(cat "${stamp}")" == "$(pom_digest)" ]]; then
    echo "${LIBS_DIR}"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: install Maven (and Java 17+)"
  mkdir -p "${CACHE_DIR}"
  # Several test runs may fetch at once: one does the work, the others wait for it.
  if command -v flock >/dev/null; then
    exec 9>"${CACHE_DIR}/.fetch.lock"
    flock 9
    if [[ -f "${stamp}" && "$(cat "${stamp}")" == "$(pom_digest)" ]]; then
      echo "${LIBS_DIR}"
      return 0
    fi
  fi
  local staging="${CACHE_DIR}/libs.$$"
  rm -rf "${staging}"
  echo "kafka.sh: fetching Kafka ${KAFKA_VERSION} jars into ${LIBS_DIR} (Maven)" >&2
  mvn -B -q -Dstyle.color=never -f "${HERE}/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="${staging}" -DincludeScope=runtime > "${CACHE_DIR}/fetch.log" 2>&1 \
    || { tail -n 40 "${CACHE_DIR}/fetch.log" >&2; rm -rf "${staging}"; die "mvn dependency:copy-dependencies failed (log: ${CACHE_DIR}/fetch.log)"; }
  ls "${staging}"/kafka_2.13-"${KAFKA_VERSION}".jar >/dev/null 2>&1 || die "kafka_2.13-${KAFKA_VERSION}.jar missing after fetch"
  pom_digest > "${staging}/.complete"
  rm -rf "${LIBS_DIR}"
  mv "${staging}" "${LIBS_DIR}"
  echo "${LIBS_DIR}"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local dir="${1:?usage: kafka.sh start <dir> [port] [controller-port]}"
  local port="${2:-9092}"
  local cport="${3:-$((port + 1))}"
  local libs
  libs="$(fetch)"
  command -v java >/dev/null || die "java not found: install Java 17+"
  mkdir -p "${dir}"
  dir="$(cd "${dir}" && pwd)"
  if [[ -f "${dir}/kafka.pid" ]] && kill -0 "$(cat "${dir}/kafka.pid")" 2>/dev/null; then
    die "a broker is already running from ${dir} (pid $(cat "${dir}/kafka.pid"))"
  fi
  port_open "${port}" && die "port ${port} is already in use"
  port_open "${cport}" && die "controller port ${cport} is already in use"

  cat > "${dir}/server.properties" <<PROPS
# Single-node KRaft: one JVM is broker and controller. Tuned for a fast start, not for durability.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${cport}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dir}/data
# Topics are created by the bus with their partition counts (shared/src/contracts/topics.ts).
auto.create.topics.enable=false
delete.topic.enable=true
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
log.segment.bytes=16777216
log.retention.hours=24
PROPS

  cat > "${dir}/log4j.properties" <<PROPS
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.controller=WARN
PROPS

  local java_opts=(
    "-Xms128m" "-Xmx${KAFKA_HEAP:-512m}" "-XX:+UseSerialGC" "-XX:TieredStopAtLevel=1"
    "-Djava.awt.headless=true" "-Dlog4j.configuration=file:${dir}/log4j.properties"
  )
  if [[ ! -f "${dir}/data/meta.properties" ]]; then
    local cluster_id
    # A base64url id may start with '-', which the storage tool would read as an option: draw again.
    cluster_id="-"
    while [[ "${cluster_id}" == -* ]]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-22)"
    done
    java "${java_opts[@]}" -cp "${libs}/*" kafka.tools.StorageTool format \
      -t "${cluster_id}" -c "${dir}/server.properties" > "${dir}/format.log" 2>&1 \
      || { cat "${dir}/format.log" >&2; die "storage format failed"; }
  fi

  nohup java "${java_opts[@]}" -cp "${libs}/*" kafka.Kafka "${dir}/server.properties" \
    > "${dir}/kafka.out" 2>&1 < /dev/null &
  local pid=$!
  echo "${pid}" > "${dir}/kafka.pid"

  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT_SEC:-90}))
  until port_open "${port}"; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      echo "kafka.sh: the broker exited during start-up; last lines of its logs:" >&2
      tail -n 40 "${dir}/kafka.out" "${dir}/server.log" >&2 2>/dev/null || true
      rm -f "${dir}/kafka.pid"
      exit 1
    fi
    if (( SECONDS > deadline )); then
      echo "kafka.sh: the broker did not listen on ${port} in time; last lines of its logs:" >&2
      tail -n 40 "${dir}/kafka.out" "${dir}/server.log" >&2 2>/dev/null || true
      kill "${pid}" 2>/dev/null || true
      exit 1
    fi
    sleep 0.2
  done
  echo "127.0.0.1:${port}"
}

stop() {
  local dir="${1:?usage: kafka.sh stop <dir>}"
  local pidfile="${dir}/kafka.pid"
  [[ -f "${pidfile}" ]] || { echo "kafka.sh: no broker pid in ${dir}" >&2; return 0; }
  local pid
  pid="$(cat "${pidfile}")"
  if kill -0 "${pid}" 2>/dev/null; then
    kill -TERM "${pid}" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "${pid}" 2>/dev/null; do
      if (( SECONDS > deadline )); then
        echo "kafka.sh: broker ${pid} did not stop in 15 s; killing it" >&2
        kill -KILL "${pid}" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  fi
  rm -f "${pidfile}"
}

case "${1:-}" in
  fetch) fetch ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: kafka.sh fetch | start <dir> [port] [controller-port] | stop <dir>" >&2; exit 2 ;;
esac
